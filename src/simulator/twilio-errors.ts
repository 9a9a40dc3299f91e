/**
 * The Twilio error and warning codes the simulator reports, with the wording of Twilio's error dictionary
 * (https://www.twilio.com/docs/api/errors/<code>). `simulator` errors have no Twilio equivalent: they are
 * the simulator's own safety nets (request caps, deadlocks, verbs it does not simulate).
 */
const TWILIO_ERRORS = {
  11200: 'HTTP retrieval failure',
  11205: 'HTTP connection failure',
  11215: 'HTTP too many redirects',
  11216: 'HTTP invalid redirect',
  11750: 'TwiML response body too large',
  12100: 'Document parse failure',
  12200: 'Schema validation warning',
  12300: 'Invalid Content-Type',
  13320: 'Gather: Invalid nested verb',
  13321: 'Gather -> Say: Invalid voice value',
  13511: 'Say: Invalid voice value',
  13520: 'Say: Invalid text',
} as const;

export type TwilioErrorCode = keyof typeof TWILIO_ERRORS;

export interface SimulatedError {
  /** A Twilio error code, or 0 for a simulator-only problem (`source: 'simulator'`). */
  code: TwilioErrorCode | 0;
  source: 'twilio' | 'simulator';
  /** Twilio logs some problems as warnings; both fail a simulated call, since both are bugs in the hotline. */
  severity: 'error' | 'warning';
  message: string;
  /** The public URL whose response caused it, when there is one. */
  url?: string;
}

const WARNINGS: ReadonlySet<number> = new Set([12200, 13320, 13321, 13511, 13520]);

/** Builds a Twilio error with the dictionary's title followed by what exactly went wrong. */
export function twilioError(code: TwilioErrorCode, detail: string, url?: string): SimulatedError {
  return {
    code,
    source: 'twilio',
    severity: WARNINGS.has(code) ? 'warning' : 'error',
    message: `${TWILIO_ERRORS[code]}: ${detail}`,
    ...(url === undefined ? {} : { url }),
  };
}

/** Builds an error that Twilio would not report but that stops a simulated call (caps, deadlocks, unsupported verbs). */
export function simulatorError(detail: string, url?: string): SimulatedError {
  return { code: 0, source: 'simulator', severity: 'error', message: detail, ...(url === undefined ? {} : { url }) };
}
