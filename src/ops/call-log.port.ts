/** Read models for ops: the call log and the tickets, with caller numbers masked. */

export interface CallFilters {
  branch?: string;
  outcome?: string;
  since?: Date;
  until?: Date;
  /** Calls this agent took part in (answered, or handed on in a transfer). */
  agentId?: string;
  queue?: string;
  /** The last digits of the caller's number (up to 4). */
  callerLast4?: string;
  page: number;
  pageSize: number;
}

export interface CallSummary {
  callSid: string;
  from: string;
  startedAt: string;
  endedAt: string | null;
  language: string;
  branch: string | null;
  state: string;
  outcome: string | null;
  status: string;
  queue: string | null;
  queueWaitSeconds: number | null;
  ticketReference: string | null;
  /** The agent who answered (the latest, after a transfer). */
  agentId: string | null;
  agentName: string | null;
  csatScore: number | null;
  /** Part of the call was handled by the emergency line while the database was unreachable. */
  degraded: boolean;
}

export interface CallStepView {
  step: number;
  at: string;
  kind: string;
  fromState: string | null;
  toState: string;
  /** The keys pressed (phone numbers masked), what they were for, and what they meant. */
  input: { keys: string | null; purpose: string | null; meaning: string | null } | null;
  detail: Record<string, unknown> | null;
}

export interface CallDetail extends CallSummary {
  to: string;
  durationSeconds: number | null;
  queueResult: string | null;
  enqueuedAt: string | null;
  queueLeftAt: string | null;
  /** Every state the call passed through, in order. */
  states: string[];
  steps: CallStepView[];
  ticket: TicketDetail | null;
  answeredAt: string | null;
  /** Every agent who heard this caller's context, in order; a transfer shows as a decision of `transfer`. */
  agentLegs: AgentLegView[];
  transfers: Array<{ fromAgentId: string; fromAgentName: string; reason: string | null; at: string | null }>;
}

export interface AgentLegView {
  agentId: string;
  agentName: string;
  queue: string;
  whisperedAt: string | null;
  connectedAt: string | null;
  endedAt: string | null;
  decision: string | null;
  transferReason: string | null;
}

export type { AgentStatus } from '../../flows/agent-view';
import type { AgentStatus } from '../../flows/agent-view';

export interface AgentSummary {
  agentId: string;
  name: string;
  language: string;
  queues: string[];
  supervisor: boolean;
  active: boolean;
  status: AgentStatus;
  /** The caller this agent is whispering or talking to. */
  currentCall: string | null;
  callsHandledToday: number;
  averageHandleSeconds: number | null;
  averageCsat: number | null;
}

export interface TicketFilters {
  status?: string;
  category?: string;
  /** Due strictly before this instant (overdue: now; due soon: now + 2 h). */
  dueBefore?: Date;
  /** Due at or after this instant. */
  dueFrom?: Date;
  assignedAgentId?: string;
  /** Newest first (default), or soonest due first. */
  order?: 'newest' | 'dueFirst';
  page: number;
  pageSize: number;
}

export interface TicketSummary {
  reference: string;
  category: string;
  status: string;
  language: string;
  callerNumber: string;
  /** Unmasked: whoever works the ticket has to dial it. */
  callbackNumber: string | null;
  dueAt: string;
  createdAt: string;
  flagged: boolean;
  flagReason: string | null;
  assignedAgentId: string | null;
  calledBackAt: string | null;
  resolvedAt: string | null;
}

export interface TicketDetail extends TicketSummary {
  callSid: string | null;
  mobileNumber: string | null;
  orderNumber: string | null;
  amount: string | null;
  complaintCategory: string | null;
  transactionNumber: string | null;
  origin: string | null;
}

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface CallLog {
  listCalls(filters: CallFilters): Promise<Page<CallSummary>>;
  getCall(callSid: string): Promise<CallDetail | null>;
  listTickets(filters: TicketFilters): Promise<Page<TicketSummary>>;
  getTicket(reference: string): Promise<TicketDetail | null>;
  /** Every agent with their status now and today's figures (today in `timeZone`). */
  listAgents(now: Date, timeZone: string): Promise<AgentSummary[]>;
}
