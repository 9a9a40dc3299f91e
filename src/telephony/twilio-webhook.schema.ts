import { z } from 'zod';
import { QUEUE_RESULTS, type FinalCallStatus, type QueueResult } from '../../flows/call-flow.types';
import type { KeysInput } from '../calls/call-steps.use-case';

/**
 * Twilio's form fields, translated once into typed values. Twilio may add parameters without notice,
 * so unknown fields pass; fields we read are bounded so a hostile body cannot grow memory or logs.
 */
const field = z.string().max(256).optional().catch(undefined);

const webhookSchema = z
  .object({
    CallSid: z
      .string()
      .regex(/^CA[0-9a-fA-F]{32}$/)
      .optional()
      .catch(undefined),
    From: field,
    To: field,
    CallStatus: field,
    CallDuration: field,
    Digits: z.string().optional().catch(undefined),
    FinishedOnKey: field,
    QueueResult: field,
    QueueTime: field,
    QueuePosition: field,
    /** `<Dial><Queue url>`: the agent leg that dequeued the caller. */
    DequeingCallSid: z
      .string()
      .regex(/^CA[0-9a-fA-F]{32}$/)
      .optional()
      .catch(undefined),
    /** The end of an agent's `<Dial>`. */
    DialCallStatus: z.string().max(32).optional().catch(undefined),
    /** The fallback URL: the request of ours that failed. */
    ErrorUrl: field,
    ErrorCode: field,
  })
  .loose();

export type TwilioWebhook = z.infer<typeof webhookSchema>;

/** Reads a webhook body; every field is optional and anything malformed reads as absent. */
export function readWebhook(body: unknown): TwilioWebhook {
  return webhookSchema.parse(typeof body === 'object' && body !== null ? body : {});
}

const DTMF = /^[0-9*#]{0,40}$/;

/**
 * What the caller's keypad produced. No `Digits` at all: silence (the redirect after a Gather).
 * Empty `Digits` ended by `#`: a deliberate skip. Anything that is not DTMF (letters, markup, a
 * 10,000-character string, CR/LF, unicode) is garbled input, never echoed anywhere.
 */
export function keysFrom(w: TwilioWebhook, silenceRoute = false): KeysInput {
  if (silenceRoute || w.Digits === undefined) return { kind: 'silent' };
  if (!DTMF.test(w.Digits)) return { kind: 'garbled' };
  const finishedOnKey = w.FinishedOnKey === '#' ? '#' : '';
  if (w.Digits === '') return finishedOnKey === '#' ? { kind: 'pressed', digits: '', finishedOnKey } : { kind: 'silent' };
  return { kind: 'pressed', digits: w.Digits.replace(/#+$/, ''), finishedOnKey };
}

export function queueResultFrom(w: TwilioWebhook): QueueResult {
  return (QUEUE_RESULTS as readonly string[]).includes(w.QueueResult ?? '') ? (w.QueueResult as QueueResult) : 'error';
}

const FINAL_STATUSES: readonly FinalCallStatus[] = ['completed', 'busy', 'failed', 'no-answer', 'canceled'];

/** The final status in a status callback, or null for progress statuses (ringing, in-progress…). */
export function finalStatusFrom(w: TwilioWebhook): FinalCallStatus | null {
  return FINAL_STATUSES.includes(w.CallStatus as FinalCallStatus) ? (w.CallStatus as FinalCallStatus) : null;
}

/** A non-negative whole number of seconds (or a position), or null. */
export function countFrom(value: string | undefined): number | null {
  if (value === undefined || !/^\d{1,9}$/.test(value)) return null;
  return Number(value);
}

/** The emergency line's callback-number URL carries where the caller is in that prompt (our own query, signed). */
const callbackQuerySchema = z.object({ attempt: field, waited: field, queueTime: field }).loose();

export function callbackNumberQueryFrom(query: unknown): { attempt: number; waitedTooLong: boolean; queueSeconds: number | null } {
  const q = callbackQuerySchema.parse(typeof query === 'object' && query !== null ? query : {});
  return { attempt: countFrom(q.attempt) ?? 1, waitedTooLong: q.waited === '1', queueSeconds: countFrom(q.queueTime) };
}
