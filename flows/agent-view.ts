import type { AgentContext } from './agent.flow';

/** What ops see of an agent: their status, from the state of their call to the agent line. */
export type AgentStatus = 'offline' | 'loggingIn' | 'available' | 'whispering' | 'onCall' | 'wrapUp';

/** Each live state of the agent line, by what it means; any other state is not logged in. */
const STATUS_BY_STATE: Record<string, Exclude<AgentStatus, 'offline'>> = {
  'live.enteringAgentId': 'loggingIn',
  'live.enteringPin': 'loggingIn',
  'live.waitingForCallers': 'available',
  'live.whispering': 'whispering',
  'live.connected': 'onCall',
  'live.decidingAfterCall': 'wrapUp',
  'live.choosingTransferReason': 'wrapUp',
  'live.wrappingUp': 'wrapUp',
};

/** An agent's status from the state of their agent-line call (null: no live call). */
export function agentStatusOf(state: string | null): AgentStatus {
  return state ? (STATUS_BY_STATE[state] ?? 'offline') : 'offline';
}

/** States of a live agent-line call that ops show an agent for (logging in or logged in). */
export const AGENT_LINE_LIVE_STATES: readonly string[] = Object.keys(STATUS_BY_STATE);

/** States in which the agent is logged in: everything between login and goodbye. */
export const AGENT_LOGGED_IN_STATES: readonly string[] = Object.entries(STATUS_BY_STATE)
  .filter(([, status]) => status !== 'loggingIn')
  .map(([state]) => state);

/** Whether an agent in this state has left the bridge and not yet decided what happens to the caller. */
export function agentStillDeciding(state: string): boolean {
  return state === 'live.connected' || state === 'live.decidingAfterCall' || state === 'live.choosingTransferReason';
}

/** What the caller side may know of an agent's call: who the agent is, and whom they were told about. */
export interface AgentLineView {
  agent: { agentId: string; name: string } | null;
  whisperedCallSid: string | null;
}

/** The view of an agent-line call from its persisted snapshot. */
export function agentLineView(persisted: unknown): AgentLineView {
  const c = (persisted as { context?: Partial<AgentContext> } | null)?.context;
  return {
    agent: c?.agent ? { agentId: c.agent.agentId, name: c.agent.name } : null,
    whisperedCallSid: c?.whisper?.callSid ?? null,
  };
}
