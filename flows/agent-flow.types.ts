import { QUEUES_BY_PRIORITY, type Language, type QueueName } from './call-flow.types';
import type { CallerView } from './call-view';

/** Queues an agent can serve. */
export type AgentQueue = QueueName;

/** When an agent picks the next caller: transfers first (supervisors), then freeze … general. */
export const QUEUE_PRIORITY: readonly AgentQueue[] = QUEUES_BY_PRIORITY;

export interface AgentView {
  agentId: string;
  name: string;
  language: Language;
  queues: AgentQueue[];
  supervisor: boolean;
}

/** Why an agent hands a caller to a supervisor (the key they press). */
export type TransferReason = 'needsApproval' | 'callerAsked' | 'suspectedFraud' | 'complaint' | 'other';

export const TRANSFER_REASON_KEYS: Record<string, TransferReason> = {
  '1': 'needsApproval',
  '2': 'callerAsked',
  '3': 'suspectedFraud',
  '4': 'complaint',
  '5': 'other',
};

/**
 * What an agent hears about the caller at the front of a queue before being connected (a warm transfer): what the
 * caller's call says of itself (call-view.ts), and what the agent line adds.
 */
export interface WhisperView extends Omit<CallerView, 'transfer'> {
  callSid: string;
  queue: AgentQueue;
  waitedSeconds: number;
  /** Calls from this number in the last 7 days, this one excluded. */
  callsLast7Days: number;
  /** Whether this number has an open ticket. */
  openTicket: boolean;
  /** Why a freeze request was flagged (repeated requests), if it was. */
  flag: string | null;
  /** Set when another agent handed this caller over. */
  transfer: { agentId: string; agentName: string; reason: TransferReason } | null;
}

export type LoginCheck = { result: 'ok'; agent: AgentView } | { result: 'wrong' } | { result: 'locked' };

/** What the world looked like for an agent-line step, gathered before the pure transition. */
export interface AgentFacts {
  now: string;
  /** After a PIN was entered (state tag `checksLogin`). */
  login?: LoginCheck;
  /** The caller this agent would be connected to next, when the state picks one (tag `picksCaller`). */
  nextCaller?: WhisperView | null;
  /** Whether the whispered caller is still first in their queue (tag `whispers`). */
  whisperedStillFirst?: boolean;
  /**
   * The caller this agent leg was last bridged to, and whether they are still on the line: after the Dial ends
   * (tag `onCall`) and while the agent decides what happens to them (tag `decidesForCaller`).
   */
  connectedCaller?: { callSid: string; live: boolean } | null;
}

export type AgentEvent =
  | { type: 'agent.pressed'; digits: string; finishedOnKey: '#' | ''; facts: AgentFacts }
  | { type: 'agent.silent'; facts: AgentFacts }
  | { type: 'agent.garbled'; facts: AgentFacts }
  | { type: 'agent.dialEnded'; dialStatus: string; facts: AgentFacts }
  | { type: 'call.ended'; status: string; durationSeconds: number | null; facts: AgentFacts };

export interface AgentInput {
  callSid: string;
  facts: AgentFacts;
}

export type AgentNote =
  | { kind: 'welcome'; name: string }
  | { kind: 'wrongLogin' }
  | { kind: 'invalidEntry' }
  | { kind: 'invalidChoice' }
  | { kind: 'callerLeft' }
  | { kind: 'transferred' }
  /** The agent chose a transfer but the caller had hung up. */
  | { kind: 'transferCallerGone' }
  | { kind: 'callEnded' };
