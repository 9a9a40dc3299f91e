import { createHash, timingSafeEqual } from 'node:crypto';
import type { Request, RequestHandler } from 'express';
import { sendErrorPage } from '../html/console-page';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time equality of two strings of any length. */
export function sameSecret(a: string, b: string): boolean {
  return a.length > 0 && b.length > 0 && timingSafeEqual(digest(a), digest(b));
}

/**
 * Whether a state-changing request comes from a console page: an `Origin` must name this host (or the public base
 * URL); without one, a browser's `Sec-Fetch-Site` must not say another site sent it.
 */
export function fromThisSite(req: Request, publicBaseUrl: string): boolean {
  const origin = req.get('origin');
  if (origin !== undefined) {
    if (origin === 'null') return false;
    try {
      const o = new URL(origin);
      return o.host === req.get('host') || o.origin === new URL(publicBaseUrl).origin;
    } catch {
      return false;
    }
  }
  const site = req.get('sec-fetch-site');
  return site === undefined || site === 'same-origin' || site === 'none';
}

function refuse(req: Request, res: Parameters<RequestHandler>[1], timeZone: string, reason: string): void {
  req.log.warn({ route: req.path, reason }, 'console change refused: csrf');
  sendErrorPage(req, res, timeZone, 403, 'csrf');
}

/** Every POST of a signed-in page: same site, and the session's form token in `_csrf`. */
export function requireCsrfToken(publicBaseUrl: string, timeZone: string): RequestHandler {
  return (req, res, next) => {
    if (req.method === 'GET' || req.method === 'HEAD') return next();
    if (!fromThisSite(req, publicBaseUrl)) return refuse(req, res, timeZone, 'cross-origin');
    const presented = typeof req.body?._csrf === 'string' ? req.body._csrf : '';
    const expected = req.opsSession?.csrfToken ?? '';
    if (!sameSecret(presented, expected)) return refuse(req, res, timeZone, presented ? 'wrong token' : 'no token');
    next();
  };
}
