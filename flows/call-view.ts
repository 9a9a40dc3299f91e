import type { CallContext } from './call-context';
import type { Branch, ComplaintCategory, Language } from './call-flow.types';

/**
 * What other layers may know of a caller's call: the agent side (whispers, transfers), ops (the dashboard) and SQL
 * filters read these, never the flow's snapshot or state paths themselves.
 */
export interface CallerView {
  branch: Branch | null;
  language: Language;
  orderNumber: string | null;
  amount: string | null;
  complaintCategory: ComplaintCategory | null;
  /** The freeze request or callback ticket opened in this call. */
  ticketReference: string | null;
  ticketCategory: string | null;
  /** A ticket the caller looked up in the ticket-status branch. */
  lookedUpReference: string | null;
  /** Set when an agent handed the caller to a supervisor. */
  transfer: { agentId: string; agentName: string; reason: string } | null;
}

/** The view of a caller's call from its persisted snapshot (as stored in `Call.snapshot`). */
export function callerView(persisted: unknown): CallerView {
  const c = ((persisted as { context?: Partial<CallContext> } | null)?.context ?? {}) as Partial<CallContext>;
  return {
    branch: c.branch ?? null,
    language: c.language ?? 'zh-CN',
    orderNumber: c.orderNumber ?? null,
    amount: c.amount ?? null,
    complaintCategory: c.complaintCategory ?? null,
    ticketReference: c.ticketReference ?? null,
    ticketCategory: c.ticketCategory ?? null,
    lookedUpReference: c.ticketFound?.reference ?? null,
    transfer: c.transfer ?? null,
  };
}

/** What a caller's state (`Call.state`) means to the rest of the hotline. */
export const CALLER_STATES = {
  /** Waiting in a queue, where an agent may take them next. */
  waitingForAgent: 'live.inQueue.waiting',
  /** In a queue and not yet with an agent (the dashboard counts them). */
  queued: ['live.inQueue.waiting', 'live.inQueue.leaving'],
  /** The call is over. */
  ended: 'ended',
} as const;

/** Whether a caller in this state is still on the line. */
export const callerOnLine = (state: string): boolean => state !== CALLER_STATES.ended;
