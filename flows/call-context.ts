import type {
  AfterAgentReason,
  Branch,
  CallbackReason,
  CallEvent,
  CallFacts,
  CallInput,
  CallOutcome,
  ComplaintCategory,
  FinalCallStatus,
  InputPurpose,
  Language,
  Note,
  OutageNoticeView,
  QueueName,
  QueueResult,
  TicketCategory,
  TicketView,
} from './call-flow.types';
import { ivrTransitions } from './ivr-transitions';

/** Everything the hotline knows about one call; persisted with the snapshot after every step. */
export interface CallContext {
  callSid: string;
  language: Language;
  callerIdUsable: boolean;
  callerIdLast4: string;
  queueMaxWaitSeconds: number;
  /** The hotline's time zone, for saying when a ticket is due. */
  timeZone: string;
  branch: Branch | null;
  /** Failed answers to the current question. */
  attempts: number;
  /** Said once before the next prompt. */
  notes: Note[];
  /** What the latest keypress was for and what it meant, for the call log. */
  lastInput: { purpose: InputPurpose; meaning: string } | null;
  mobileNumber: string | null;
  orderNumber: string | null;
  amount: string | null;
  complaintCategory: ComplaintCategory | null;
  transactionNumber: string | null;
  ticketFound: TicketView | null;
  /** Outage notices read in the outage branch, kept so a repeated prompt says the same. */
  notices: OutageNoticeView[];
  queue: QueueName | null;
  enqueuedAt: string | null;
  /** When a caller re-attached from the emergency line really joined the Twilio queue they are in. */
  rejoinedAt: string | null;
  /** In the emergency line's queue visit (its URLs name no visit): until that visit ends. */
  onEmergencyLine: boolean;
  queueLeftAt: string | null;
  queueSeconds: number | null;
  queueResult: QueueResult | null;
  leaveReason: CallbackReason | AfterAgentReason | null;
  callbackReason: CallbackReason | null;
  /** A number the caller typed for the callback; null means the caller ID. */
  callbackNumber: string | null;
  ticketReference: string | null;
  ticketCategory: TicketCategory | null;
  /** ISO instant the open ticket is due, said to the caller. */
  ticketDueAt: string | null;
  outcome: CallOutcome | null;
  /** The agent who took the caller (the latest one, after a transfer). */
  agentId: string | null;
  agentName: string | null;
  agentCallSid: string | null;
  answeredAt: string | null;
  csatScore: number | null;
  /** Set when an agent handed the caller to a supervisor; the supervisor hears it. */
  transfer: { agentId: string; agentName: string; reason: string } | null;
  finalStatus: FinalCallStatus | null;
  endedAt: string | null;
  durationSeconds: number | null;
}

/** A call as it rings: Mandarin until the caller chooses, nothing asked or known yet. */
export function initialCallContext(input: CallInput): CallContext {
  return {
    callSid: input.callSid,
    language: 'zh-CN',
    callerIdUsable: input.callerIdUsable,
    callerIdLast4: input.callerIdLast4,
    queueMaxWaitSeconds: input.queueMaxWaitSeconds,
    timeZone: input.timeZone,
    branch: null,
    attempts: 0,
    notes: [],
    lastInput: null,
    mobileNumber: null,
    orderNumber: null,
    amount: null,
    complaintCategory: null,
    transactionNumber: null,
    ticketFound: null,
    notices: [],
    queue: null,
    enqueuedAt: null,
    rejoinedAt: null,
    onEmergencyLine: false,
    queueLeftAt: null,
    queueSeconds: null,
    queueResult: null,
    leaveReason: null,
    callbackReason: null,
    callbackNumber: null,
    ticketReference: null,
    ticketCategory: null,
    ticketDueAt: null,
    outcome: null,
    agentId: null,
    agentName: null,
    agentCallSid: null,
    answeredAt: null,
    csatScore: null,
    transfer: null,
    finalStatus: null,
    endedAt: null,
    durationSeconds: null,
  };
}

/** What a guard or an action of the hotline is given. */
export type CallArgs = { context: CallContext; event: CallEvent };

export const ivr = ivrTransitions<CallContext, CallEvent>();
export const { set, setWith, heard, note, failedOnce, retry } = ivr;

/** How long a caller waits for an agent who left the bridge with * to decide, before the survey. */
const AGENT_DECISION_WAIT_SECONDS = 90;

/** The queue that serves each branch; see `branchQueue` for the one exception (a complaint about our service). */
const BRANCH_QUEUE: Record<Branch, QueueName> = {
  freeze: 'freeze',
  recharge: 'recharge',
  outage: 'general',
  complaint: 'complaints',
  ticketStatus: 'general',
  human: 'general',
};

export const factsOf = (event: CallEvent | { facts?: CallFacts }): CallFacts | undefined => (event as { facts?: CallFacts }).facts;

export const digitsOf = (event: CallEvent): string => (event.type === 'caller.pressed' ? event.digits : '');

export const queueSecondsAt = (context: CallContext, now: string): number | null =>
  context.enqueuedAt ? Math.max(0, Math.round((Date.parse(now) - Date.parse(context.enqueuedAt)) / 1000)) : null;

/** The queue for the caller's matter: their branch's, the supervisors' for a complaint about our service, general before any branch. */
export function branchQueue(context: CallContext): QueueName {
  if (context.branch === 'complaint' && context.complaintCategory === 'service') return 'escalation';
  return context.branch ? BRANCH_QUEUE[context.branch] : 'general';
}

/** Freeze agents answer around the clock; the other queues only while the hotline is open. */
const answering = (queue: QueueName | null, event: CallEvent) => queue === 'freeze' || !factsOf(event)?.closed;

/** A number we can call back: the caller ID, or one the caller typed. */
const canCallBack = ({ context }: { context: CallContext }) => context.callerIdUsable || context.callbackNumber !== null;

const queueEnded = (event: CallEvent, result: QueueResult) => event.type === 'queue.ended' && event.result === result;

const agentDecision = (event: CallEvent) => factsOf(event)?.agentDecision?.kind;

/** The hotline's named guards, for its `setup()`; states refer to them by name. */
export const callGuards = {
  ...ivr.guards,
  /** The caller pressed this one key and nothing else. */
  pressed: ({ event }: CallArgs, { key }: { key: string }) => event.type === 'caller.pressed' && event.digits === key,
  /** `#` alone: the caller skips an optional entry. */
  skipped: ({ event }: CallArgs) => event.type === 'caller.pressed' && event.digits === '' && event.finishedOnKey === '#',
  /** No failed answer to this question yet. */
  firstAttempt: ({ context }: CallArgs) => context.attempts === 0,
  /** Someone answers the queue the caller is aimed at, now. */
  aimedQueueAnswering: ({ context, event }: CallArgs) => answering(context.queue, event),
  /** Someone answers the queue of the caller's matter, now. */
  branchQueueAnswering: ({ context, event }: CallArgs) => answering(branchQueue(context), event),
  /** The caller's matter belongs in the general queue, where the emergency line put them. */
  matterInGeneralQueue: ({ context }: CallArgs) => branchQueue(context) === 'general',
  /** The outage branch read notices, so there is a recovery to call back after. */
  hasOutageNotices: ({ context }: CallArgs) => context.notices.length > 0,
  callerIdUsable: ({ context }: CallArgs) => context.callerIdUsable,
  canCallBack,
  /** The caller pressed 1 in the hold loop for a callback and is on the way out of the queue. */
  askedInHoldLoop: ({ context }: CallArgs) => context.leaveReason === 'leftQueue' && canCallBack({ context }),
  /** The callback asked for in the hold loop is not confirmed yet, and there is a number to call. */
  holdLoopCallbackPending: ({ context }: CallArgs) => context.callbackReason === 'leftQueue' && context.outcome === null && canCallBack({ context }),
  waitedTooLong: ({ context, event }: CallArgs) => event.type === 'queue.waited' && event.queueSeconds >= context.queueMaxWaitSeconds,
  /** An agent took the caller out of the queue. */
  agentAnswered: ({ event }: CallArgs) => queueEnded(event, 'bridged') || queueEnded(event, 'redirected-from-bridged'),
  hungUpInQueue: ({ event }: CallArgs) => queueEnded(event, 'hangup'),
  /** We took the caller out of the queue (a callback, a timeout, another queue). */
  takenOutOfQueue: ({ event }: CallArgs) => queueEnded(event, 'leave'),
  /** The queue visit is over, however it ended; `bridging-in-process` is not an end. */
  queueVisitOver: ({ event }: CallArgs) => event.type === 'queue.ended' && event.result !== 'bridging-in-process',
  agentTransferring: ({ event }: CallArgs) => agentDecision(event) === 'transfer',
  agentUndecided: ({ event }: CallArgs) => agentDecision(event) === 'pending',
  agentEnded: ({ event }: CallArgs) => agentDecision(event) === 'end',
  /** The caller has waited long enough for an agent's decision after the bridge. */
  agentDecisionOverdue: ({ event }: CallArgs) => event.type === 'queue.waited' && event.queueSeconds >= AGENT_DECISION_WAIT_SECONDS,
  leftForTransfer: ({ context }: CallArgs) => context.leaveReason === 'transfer',
  ratedOneToFive: ({ event }: CallArgs) => event.type === 'caller.pressed' && /^[1-5]$/.test(event.digits),
  noTicketYet: ({ context }: CallArgs) => context.ticketReference === null,
  finalStatusUnknown: ({ context }: CallArgs) => context.finalStatus === null,
  /** Twilio's report of a queue visit that has not been recorded yet. */
  queueResultUnknown: ({ context, event }: CallArgs) => event.type === 'queue.ended' && context.enqueuedAt !== null && context.queueResult === null,
};
