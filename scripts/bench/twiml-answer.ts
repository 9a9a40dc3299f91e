import { DOMParser, type Element } from '@xmldom/xmldom';

/** What a simulated caller needs from one TwiML answer: where Twilio would go next. */
export interface TwimlNext {
  gather: { action: string; oneKey: boolean } | null;
  redirect: string | null;
  enqueue: { queue: string; action: string; waitUrl: string } | null;
  leave: boolean;
  hangup: boolean;
  /** The answer points at `/twilio/emergency/…`: the hotline apologised instead of taking the step. */
  emergency: boolean;
}

const parser = new DOMParser();

/** Parses a TwiML document the way Twilio reads it (first Gather, Redirect, Enqueue; Leave; Hangup). */
export function readTwiml(body: string): TwimlNext {
  const doc = parser.parseFromString(body, 'text/xml');
  const first = (name: string): Element | null => doc.getElementsByTagName(name)[0] ?? null;
  const gather = first('Gather');
  const redirect = first('Redirect');
  const enqueue = first('Enqueue');
  const next: TwimlNext = {
    gather: gather ? { action: gather.getAttribute('action') ?? '', oneKey: gather.getAttribute('numDigits') === '1' } : null,
    redirect: redirect ? (redirect.textContent ?? '').trim() : null,
    enqueue: enqueue
      ? { queue: (enqueue.textContent ?? '').trim(), action: enqueue.getAttribute('action') ?? '', waitUrl: enqueue.getAttribute('waitUrl') ?? '' }
      : null,
    leave: first('Leave') !== null,
    hangup: first('Hangup') !== null,
    emergency: false,
  };
  next.emergency = [next.gather?.action, next.redirect, next.enqueue?.action, next.enqueue?.waitUrl].some((u) => u?.includes('/twilio/emergency/'));
  return next;
}

/** The step a `/twilio/step/N` or `/twilio/queue/N/…` URL names, or null. */
export function stepInUrl(url: string | null | undefined): number | null {
  const m = url ? /\/twilio\/(?:step|queue)\/(\d+)/.exec(url) : null;
  return m ? Number(m[1]) : null;
}
