import type { AgentQueue } from '../../flows/agent-flow.types';
import type { Language } from '../../flows/call-flow.types';

export interface AgentRecord {
  agentId: string;
  name: string;
  language: Language;
  queues: AgentQueue[];
  supervisor: boolean;
  active: boolean;
  pinHash: string;
}

/** Where agents and their login attempts are kept. */
export interface AgentDirectory {
  find(agentId: string): Promise<AgentRecord | null>;
  list(): Promise<AgentRecord[]>;
  add(agent: AgentRecord): Promise<void>;
  setActive(agentId: string, active: boolean): Promise<boolean>;
  setPinHash(agentId: string, pinHash: string): Promise<boolean>;
  /** Failed logins for an agent ID since a moment (for throttling). */
  failuresSince(agentId: string, since: Date): Promise<number>;
}
