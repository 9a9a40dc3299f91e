import type { AgentQueue } from '../../flows/agent-flow.types';

/** A caller waiting in a queue, as the hotline recorded it (entered, not yet left, bridged or hung up). */
export interface WaitingCaller {
  callSid: string;
  queueName: AgentQueue;
  enqueuedAt: Date;
  fromNumber: string;
  /** The caller's persisted flow snapshot (what they entered). */
  snapshot: unknown;
}

/** One agent's part in one caller's call, as recorded. */
export interface AgentLegRecord {
  callerCallSid: string;
  agentCallSid: string;
  agentId: string;
  agentName: string;
  decision: 'transfer' | 'end' | null;
  transferReason: string | null;
  connectedAt: Date | null;
}

/** What the agent side reads about who is waiting, who is logged in and what agents decided. */
export interface AgentFloor {
  /** Callers waiting in any of these queues, longest wait first. */
  waitingCallers(queues: AgentQueue[]): Promise<WaitingCaller[]>;
  /** How often a number called in a period (one call excluded) and whether it has an open ticket. */
  callerHistory(fromNumber: string, since: Date, excludeCallSid: string): Promise<{ calls: number; openTicket: boolean }>;
  /** Why a ticket was flagged, if it was. */
  ticketFlag(reference: string): Promise<string | null>;
  /** A call's current flow state and role, or null. */
  callState(callSid: string): Promise<{ role: string; state: string; snapshot: unknown } | null>;
  /** The caller an agent leg was last connected to. */
  lastConnectedLeg(agentCallSid: string): Promise<AgentLegRecord | null>;
  agentLeg(callerCallSid: string, agentCallSid: string): Promise<AgentLegRecord | null>;
  /** Queues worked by at least one agent who is logged in now. */
  staffedQueues(): Promise<Set<AgentQueue>>;
}
