import type { RequestHandler } from 'express';

/** No inline script or style anywhere in the console: every script and stylesheet is a file it serves. */
export const CONSOLE_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; " +
  "object-src 'none'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'";

/**
 * Headers on every console response. Pages carry call data, so nothing is cached (`no-store`) unless a route
 * (the static files) says otherwise.
 */
export function consoleSecurityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.set({
      'Content-Security-Policy': CONSOLE_CSP,
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'same-origin',
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
      'Cache-Control': 'no-store',
    });
    next();
  };
}
