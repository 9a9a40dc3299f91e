/** Languages the hotline speaks (BCP 47, everywhere in the domain); Mandarin is the default. */
export const LANGUAGES = ['zh-CN', 'en-US'] as const;
export type Language = (typeof LANGUAGES)[number];

// Every enumeration of the hotline is listed once, here (and the agent flow's in agent-flow.types.ts): types,
// console filters, labels (checked for completeness per language) and SQL values derive from these lists.

/** What the caller came for, chosen in the main menu, in menu order. */
export const BRANCHES = ['freeze', 'recharge', 'outage', 'complaint', 'ticketStatus', 'human'] as const;
export type Branch = (typeof BRANCHES)[number];

/**
 * Twilio queues, one per priority (a Twilio queue is FIFO, so priorities need separate queues), highest
 * priority first: an agent takes the caller at the front of the first non-empty queue they work.
 * `transfers` holds callers an agent handed to a supervisor.
 */
export const QUEUES_BY_PRIORITY = ['transfers', 'freeze', 'escalation', 'complaints', 'recharge', 'general'] as const;
export type QueueName = (typeof QUEUES_BY_PRIORITY)[number];

/** Complaint categories, by their menu key (1–5). */
export const COMPLAINT_CATEGORIES = ['failedTransaction', 'accountBlocked', 'privacy', 'service', 'other'] as const;
export type ComplaintCategory = (typeof COMPLAINT_CATEGORIES)[number];

export const TICKET_CATEGORIES = ['freeze', 'recharge', 'outage', 'complaint', 'ticketStatus', 'general'] as const;
export type TicketCategory = (typeof TICKET_CATEGORIES)[number];

export const TICKET_STATUSES = ['open', 'calledBack', 'resolved'] as const;
export type TicketStatus = (typeof TICKET_STATUSES)[number];

/** Why the human queues (all but `freeze`) are closed right now. */
export type ClosedReason = 'afterHours' | 'holiday' | 'emergency';

/** Why a caller is asked for a callback number. */
export type CallbackReason = 'requested' | 'closed' | 'leftQueue' | 'queueTimeout' | 'queueProblem';

/** Why a caller waiting after an agent leaves the hold queue. */
export type AfterAgentReason = 'transfer' | 'survey';

/** How a call ended, as ops read it in the call log. */
export const CALL_OUTCOMES = ['answered', 'abandoned', 'ticket', 'hungUpInMenu', 'noCallbackNumber'] as const;
export type CallOutcome = (typeof CALL_OUTCOMES)[number];

export interface OutageNoticeView {
  id: number;
  message: Record<Language, string>;
  short: Record<Language, string>;
  /** `all`, or the branches it concerns. */
  branches: 'all' | Branch[];
  /** ISO instant, when ops gave one. */
  expectedRecoveryAt: string | null;
}

export interface TicketView {
  reference: string;
  category: TicketCategory;
  status: TicketStatus;
  /** ISO instant. */
  dueAt: string;
}

/**
 * What the world looked like when the event happened, gathered by the caller of `transition`
 * so the step stays pure: the clock, opening hours, outage notices, a fresh reference, a looked-up ticket.
 */
export interface CallFacts {
  /** ISO instant. */
  now: string;
  /** Null when the human queues are open; freeze is open whatever this says. */
  closed: ClosedReason | null;
  outages: OutageNoticeView[];
  /** A fresh 8-digit reference, used only if this step opens a ticket. */
  newReference: string;
  /** The ticket whose reference the caller just entered, when the state looks one up (tag `looksUpTicket`). */
  ticket?: TicketView | null;
  /**
   * After the bridge with an agent ended: what that agent decided. `pending` while the agent's leg is still live
   * and undecided (they pressed * and are choosing), `transfer` to a supervisor, `end` (survey, goodbye).
   */
  agentDecision?: { kind: 'pending' } | { kind: 'end' } | { kind: 'transfer'; agentId: string; agentName: string; reason: string };
}

/** Every `QueueResult` Twilio's <Enqueue> action reports (its docs list these and no others). */
export const QUEUE_RESULTS = [
  'bridged',
  'bridging-in-process',
  'error',
  'hangup',
  'leave',
  'redirected',
  'redirected-from-bridged',
  'queue-full',
  'system-error',
] as const;
export type QueueResult = (typeof QUEUE_RESULTS)[number];

/** Final call statuses Twilio reports in a status callback. */
export type FinalCallStatus = 'completed' | 'busy' | 'failed' | 'no-answer' | 'canceled';

/** Caller events: the only things the flow ever sees, translated once from Twilio's form fields. */
export type CallEvent =
  | { type: 'caller.pressed'; digits: string; finishedOnKey: '#' | ''; facts: CallFacts }
  | { type: 'caller.silent'; facts: CallFacts }
  | { type: 'caller.garbled'; facts: CallFacts }
  | { type: 'queue.waited'; queueSeconds: number; facts: CallFacts }
  | { type: 'queue.ended'; result: QueueResult; queueSeconds: number | null; facts: CallFacts }
  /** Twilio's `<Queue url>`: an agent is taking this caller; said to the caller just before the bridge. */
  | { type: 'queue.connecting'; agentId: string; agentName: string; agentCallSid: string; queueSeconds: number | null; facts: CallFacts }
  | { type: 'call.ended'; status: FinalCallStatus; durationSeconds: number | null; facts: CallFacts }
  /**
   * The caller has been waiting `queueSeconds` in the emergency line's general queue (put there while the database
   * did not answer): the call joins the queue its matter belongs in.
   */
  | { type: 'queue.reattached'; queueSeconds: number; facts: CallFacts }
  /** A callback the emergency line booked while the database did not answer; `reference` is what the caller heard. */
  | {
      type: 'callback.recorded';
      reference: string | null;
      /** Null: the caller ID. */
      callbackNumber: string | null;
      reason: 'leftQueue' | 'queueTimeout';
      queueSeconds: number | null;
      facts: CallFacts;
    };

export interface CallInput {
  callSid: string;
  /** Whether the caller ID is a number we can call back (not withheld, foreign-format or SIP). */
  callerIdUsable: boolean;
  /** Last four digits of the caller ID, to say "the number ending in 5678". */
  callerIdLast4: string;
  queueMaxWaitSeconds: number;
  timeZone: string;
  facts: CallFacts;
}

/** Something said once before the next prompt (an apology, a confirmation, a notice). */
export type Note =
  | { kind: 'invalidChoice' }
  | { kind: 'noInput' }
  | { kind: 'invalidEntry' }
  | { kind: 'ticketNotFound' }
  | { kind: 'outageShort'; notices: OutageNoticeView[] }
  | { kind: 'closed'; reason: ClosedReason }
  | { kind: 'freezeRecorded'; reference: string }
  | { kind: 'queueTimedOut' }
  | { kind: 'queueProblem' }
  | { kind: 'tooManyAttempts' }
  | { kind: 'transferring' };

/** What a caller's input was for (recorded with every keypress). */
export type InputPurpose =
  | 'language'
  | 'mainMenu'
  | 'mobileNumber'
  | 'confirmMobileNumber'
  | 'orderNumber'
  | 'amount'
  | 'rechargeNextStep'
  | 'outageNextStep'
  | 'complaintCategory'
  | 'transactionNumber'
  | 'complaintNextStep'
  | 'ticketReference'
  | 'ticketNextStep'
  | 'holdMenu'
  | 'satisfaction'
  | 'confirmCallbackNumber'
  | 'callbackNumber';

/** The ticket the flow asks to open; the use case writes it in the same transaction as the step. */
export interface TicketRequest {
  reference: string;
  category: TicketCategory;
  language: Language;
  /** Null: call back the caller ID. */
  callbackNumber: string | null;
  mobileNumber: string | null;
  orderNumber: string | null;
  amount: string | null;
  complaintCategory: ComplaintCategory | null;
  transactionNumber: string | null;
  origin: CallbackReason | 'freezeRequest';
  /** ISO instant. */
  dueAt: string;
}
