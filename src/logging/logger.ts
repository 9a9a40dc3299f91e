import pino, { type Logger } from 'pino';

export type { Logger };

/**
 * Paths that may carry a caller's number, keys or a secret; pino replaces them wherever they appear.
 * Route code logs masked numbers and never digits, so this is the second line of defence, not the first.
 */
const REDACT = [
  'req.headers.authorization',
  'req.headers["x-twilio-signature"]',
  'req.headers.cookie',
  'body',
  '*.body',
  'digits',
  '*.digits',
  'Digits',
  '*.Digits',
  'from',
  'From',
  '*.From',
  'to',
  'To',
  'Caller',
  'Called',
  'callbackNumber',
  'mobileNumber',
  'orderNumber',
  'amount',
  'reference',
  'ticketReference',
  'password',
  'token',
];

/** The process's logger: JSON lines (pino escapes control characters, so caller data cannot forge a line). */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: { service: 'wallet-ivr-hotline' },
      redact: { paths: REDACT, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    destination,
  );
}
