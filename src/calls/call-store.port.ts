import type { CalendarDayKind } from '../domain/business-hours';
import type { OutageNoticeView, QueueName, TicketRequest, TicketView } from '../../flows/call-flow.types';

/** A call as stored: enough to restore its flow and answer its next webhook. */
export interface StoredCall {
  callSid: string;
  role: 'caller' | 'agent';
  fromNumber: string;
  step: number;
  /** The step at which the caller last entered a queue: queue webhooks carry it in their URLs. */
  queueStep: number | null;
  /** The persisted XState snapshot. */
  snapshot: unknown;
}

/** What ops control that changes what callers hear, read fresh (or nearly) for every step. */
export interface HotlineConditions {
  outages: OutageNoticeView[];
  /** Calendar entries around today (holidays, make-up working days), by local date `YYYY-MM-DD`. */
  calendar: Record<string, CalendarDayKind>;
  emergencyClosure: boolean;
}

/** The derived columns of a call that ops query; recomputed from the snapshot on every step. */
export interface CallColumns {
  state: string;
  agentId: string | null;
  agentName: string | null;
  agentCallSid: string | null;
  answeredAt: Date | null;
  csatScore: number | null;
  language: string;
  branch: string | null;
  outcome: string | null;
  queueName: QueueName | null;
  enqueuedAt: Date | null;
  queueLeftAt: Date | null;
  queueWaitSeconds: number | null;
  queueResult: string | null;
  ticketReference: string | null;
  twilioStatus: string;
  endedAt: Date | null;
  durationSeconds: number | null;
}

export interface StepEventRecord {
  kind: string;
  fromState: string | null;
  toState: string;
  digits: string | null;
  purpose: string | null;
  meaning: string | null;
  detail: Record<string, unknown> | null;
}

export interface NewTicket extends TicketRequest {
  callSid: string;
  callerNumber: string;
  /** Resolved: the number typed by the caller, else a usable caller ID, else null. */
  callbackNumber: string | null;
  /** Why agents should look twice (repeated freeze requests), or null. */
  flagReason: string | null;
}

/** A message for the wallet's risk system, written with the step and delivered by the outbox worker. */
export interface RiskOutboxEntry {
  idempotencyKey: string;
  payload: string;
}

/** A change to one agent's part in one caller's call (created on first mention). */
export interface AgentLegChange {
  callerCallSid: string;
  agentCallSid: string;
  agentId: string;
  agentName: string;
  queueName: string;
  set: Partial<{ whisperedAt: Date; connectedAt: Date; endedAt: Date; decision: 'transfer' | 'end'; transferReason: string }>;
}

/** Everything one step writes, in one transaction. */
export interface StepWrite {
  callSid: string;
  /** When the step happened. */
  at: Date;
  /** The step the call was at when loaded; null for a new call. */
  fromStep: number | null;
  step: number;
  queueStep: number | null;
  snapshot: unknown;
  columns: CallColumns;
  event: StepEventRecord;
  /** Only for a new call. */
  newCall?: { fromNumber: string; toNumber: string; startedAt: Date; role: 'caller' | 'agent' };
  openTickets?: NewTicket[];
  /** Written in the same transaction: a confirmed freeze request cannot be lost between the two. */
  riskOutbox?: RiskOutboxEntry[];
  ticketCallbacks?: Array<{ reference: string; callbackNumber: string | null }>;
  agentLegs?: AgentLegChange[];
  /** An agent-line login attempt (never the PIN). */
  loginAttempt?: { agentId: string; succeeded: boolean };
  /** This step was taken while the database was unreachable (replayed from the outage spool): mark the call. */
  markDegraded?: boolean;
}

/** `conflict`: another delivery took this step first; `referenceTaken`: the fresh ticket reference already exists. */
export type SaveResult = 'saved' | 'conflict' | 'referenceTaken';

/** Persistence the call steps need; one read and one batched write per webhook on the hot path. */
export interface CallStore {
  loadCall(callSid: string): Promise<StoredCall | null>;
  loadConditions(now: Date): Promise<HotlineConditions>;
  findTicket(reference: string): Promise<TicketView | null>;
  /** The call-log row of one step (what moved the call to it), or null. */
  loggedStep(callSid: string, step: number): Promise<{ kind: string; digits: string | null } | null>;
  /** Freeze requests since `since` for this wallet number or from this caller. */
  recentFreezeRequests(
    match: { mobileNumber: string | null; callerNumber: string },
    since: Date,
  ): Promise<Array<{ mobileNumber: string | null; callerNumber: string }>>;
  /** Waits (seconds) of callers recently answered from a queue, newest first. */
  recentAnsweredWaits(queue: QueueName, since: Date): Promise<number[]>;
  saveStep(write: StepWrite): Promise<SaveResult>;
}
