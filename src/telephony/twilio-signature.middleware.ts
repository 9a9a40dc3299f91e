import type { RequestHandler } from 'express';
import twilio from 'twilio';

/**
 * Rejects (403, nothing written) any request not signed by Twilio with our auth token. The signed URL is
 * rebuilt from `PUBLIC_BASE_URL`, never from the Host header the app sees behind a proxy or tunnel.
 * There is deliberately no switch to turn this off: tests sign their requests like Twilio does.
 */
export function requireTwilioSignature(authToken: string, publicBaseUrl: string): RequestHandler {
  return (req, res, next) => {
    const signature = req.header('x-twilio-signature');
    const url = `${publicBaseUrl}${req.originalUrl}`;
    const params = (req.body ?? {}) as Record<string, string>;
    if (!signature || !twilio.validateRequest(authToken, signature, url, params)) {
      req.log?.warn({ route: req.path }, 'rejected a request without a valid Twilio signature');
      res.status(403).type('text/plain').send('Forbidden');
      return;
    }
    next();
  };
}
