import type { NewTicket } from '../calls/call-store.port';

/** What the wallet's risk-control system receives for each confirmed freeze request (JSON, signed). */
export interface FreezeRequestMessage {
  type: 'wallet.freeze_requested';
  /** The freeze ticket's reference; also the idempotency key. */
  reference: string;
  /** The mobile number registered to the wallet, as the caller entered it. */
  mobileNumber: string | null;
  /** The number the call came from (E.164, or `anonymous`). */
  callerNumber: string;
  callSid: string;
  language: string;
  requestedAt: string;
  /** Repeated requests for this number or from this caller within an hour. */
  flagged: boolean;
  flagReason: string | null;
  /** It is a request: agents and the risk system decide whether to freeze. */
  note: 'request-only';
}

/** The outbox message for a freeze ticket opened in a call step. */
export function freezeRequestMessage(ticket: NewTicket, flagReason: string | null, at: Date): FreezeRequestMessage {
  return {
    type: 'wallet.freeze_requested',
    reference: ticket.reference,
    mobileNumber: ticket.mobileNumber,
    callerNumber: ticket.callerNumber,
    callSid: ticket.callSid,
    language: ticket.language,
    requestedAt: at.toISOString(),
    flagged: flagReason !== null,
    flagReason,
    note: 'request-only',
  };
}
