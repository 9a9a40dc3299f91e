import type { CallLeg, FetchedDocument } from './call-leg';
import type { RequestPurpose } from './call-transcript';
import type { TwimlContext } from './twiml-validator';
import type { WebhookRequest } from './twilio-webhook-client';

/** How running a document (and the documents it leads to) ended. */
export type DocumentOutcome =
  | { kind: 'finished' }
  | { kind: 'ended' }
  | { kind: 'leave' }
  | { kind: 'interrupted' }
  /** A fallback document replaced a queue document: the caller leaves the queue and runs it as a call document. */
  | { kind: 'escaped'; doc: FetchedDocument };

/** What one verb asks the interpreter to do next. */
export type VerbResult =
  { kind: 'next' } | { kind: 'goto'; request: WebhookRequest; purpose: RequestPurpose } | { kind: 'replace'; doc: FetchedDocument } | DocumentOutcome;

/** Fetches and runs documents from `request` on in `context`; the signature enqueue and dial use to run sub-documents. */
export type DocumentRunner = (
  leg: CallLeg,
  request: WebhookRequest,
  purpose: RequestPurpose,
  context: TwimlContext,
  options?: { fallback: boolean },
) => Promise<DocumentOutcome>;
