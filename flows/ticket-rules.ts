import { enqueueActions } from 'xstate';
import type { Branch, CallEvent, CallFacts, TicketCategory, TicketRequest } from './call-flow.types';
import { factsOf, queueSecondsAt, set, type CallContext } from './call-context';

const HOUR_MS = 3_600_000;

const TICKET_CATEGORY: Record<Branch, TicketCategory> = {
  freeze: 'freeze',
  recharge: 'recharge',
  outage: 'outage',
  complaint: 'complaint',
  ticketStatus: 'ticketStatus',
  human: 'general',
};

/** The effects a step asks for; the use case executes them in the same transaction as the step. */
export type TicketAction =
  { type: 'openTicket'; params: TicketRequest } | { type: 'setTicketCallback'; params: { reference: string; callbackNumber: string | null } };
export type TicketActionParams<T extends TicketAction['type']> = Extract<TicketAction, { type: T }>['params'];

/** When a callback is due: 2 hours for freeze, an hour after the expected recovery for outages, else 24 hours. */
function callbackDueAt(context: CallContext, now: string): string {
  const t = Date.parse(now);
  if (context.branch === 'freeze') return new Date(t + 2 * HOUR_MS).toISOString();
  if (context.branch === 'outage') {
    const recoveries = context.notices.map((n) => (n.expectedRecoveryAt ? Date.parse(n.expectedRecoveryAt) : NaN)).filter((x) => !Number.isNaN(x));
    if (recoveries.length > 0) return new Date(Math.max(t, ...recoveries) + HOUR_MS).toISOString();
  }
  return new Date(t + 24 * HOUR_MS).toISOString();
}

/** The ticket category of the branch the caller is in now. */
const currentCategory = (context: CallContext): TicketCategory => (context.branch ? TICKET_CATEGORY[context.branch] : 'general');

/** The ticket this call asks for, with everything the caller told us on the way. */
function ticketRequest(context: CallContext, facts: CallFacts, origin: TicketRequest['origin']): TicketRequest {
  return {
    reference: facts.newReference,
    category: currentCategory(context),
    language: context.language,
    callbackNumber: context.callbackNumber,
    mobileNumber: context.mobileNumber,
    orderNumber: context.orderNumber,
    amount: context.amount,
    complaintCategory: context.complaintCategory,
    transactionNumber: context.transactionNumber,
    origin,
    dueAt: callbackDueAt(context, facts.now),
  };
}

/**
 * A caller who already has a ticket for this matter (a freeze request, then a callback from the freeze queue)
 * keeps it and the callback number is added to it; anything else opens its own ticket.
 */
const keepsTicket = (context: CallContext) => context.ticketReference !== null && context.ticketCategory === currentCategory(context);

/** The reference of a new callback ticket: the one the emergency line told the caller, else a fresh one. */
const callbackReference = (event: CallEvent) => (event.type === 'callback.recorded' && event.reference ? event.reference : factsOf(event)!.newReference);

/** `enqueueActions` typed for this machine and its ticket effects. */
const ticketActionsFor = enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, TicketAction, never, never, never>;
type TicketActionArgs = Parameters<Parameters<typeof ticketActionsFor>[0]>[0];

/** Books the callback: a ticket of its own, or the callback number on the ticket this matter already has. */
function bookCallback({ context, event, enqueue }: TicketActionArgs) {
  if (keepsTicket(context)) {
    enqueue({ type: 'setTicketCallback', params: { reference: context.ticketReference!, callbackNumber: context.callbackNumber } });
    return;
  }
  const reference = callbackReference(event);
  enqueue({ type: 'openTicket', params: { ...ticketRequest(context, factsOf(event)!, context.callbackReason ?? 'requested'), reference } });
  enqueue.assign({ ticketReference: reference, ticketCategory: currentCategory(context), ticketDueAt: callbackDueAt(context, factsOf(event)!.now) });
}

/** The hotline's named actions about tickets, for its `setup()`. */
export const ticketActions = {
  /** Opens the freeze request's ticket and tells the caller its reference. */
  requestFreeze: ticketActionsFor(({ context, event, enqueue }) => {
    const facts = factsOf(event)!;
    enqueue({ type: 'openTicket', params: ticketRequest(context, facts, 'freezeRequest') });
    enqueue.assign({
      ticketReference: facts.newReference,
      ticketCategory: 'freeze',
      ticketDueAt: callbackDueAt(context, facts.now),
      notes: [...context.notes, { kind: 'freezeRecorded', reference: facts.newReference }],
    });
  }),
  /** Books the callback the caller asked for, without saying so: they hung up. */
  keepCallbackRequest: ticketActionsFor((args) => bookCallback(args)),
  /** Books the callback and ends the call on it. */
  confirmCallback: ticketActionsFor((args) => {
    bookCallback(args);
    args.enqueue.assign({ outcome: 'ticket' });
  }),
  /** A callback the emergency line booked while the database did not answer: its reason and number, and the end of the queue visit it interrupted. */
  takeOutageCallback: set(({ context, event }) => {
    if (event.type !== 'callback.recorded') return {};
    const inQueue = context.enqueuedAt !== null && context.queueLeftAt === null;
    return {
      callbackReason: event.reason,
      callbackNumber: event.callbackNumber ?? context.callbackNumber,
      ...(inQueue
        ? { queueLeftAt: event.facts.now, queueSeconds: event.queueSeconds ?? queueSecondsAt(context, event.facts.now), queueResult: 'leave' as const }
        : {}),
    };
  }),
};
