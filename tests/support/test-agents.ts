import type { AgentQueue } from '../../flows/agent-flow.types';
import type { Language } from '../../flows/call-flow.types';
import { seedDemoAgents } from '../../src/agents/demo-agents';
import { hashPin } from '../../src/agents/pin-hash';
import { PrismaAgentDirectory } from '../../src/persistence/prisma-agent-directory';
import { TestCall } from './test-call';
import type { TestHotline } from './test-hotline';

/** Agents 1001 (PIN 4321: freeze, recharge, general), 1002 (4322: complaints, recharge, general), 2001 (supervisor, 2001). */
export async function withDemoAgents(t: TestHotline): Promise<void> {
  await seedDemoAgents(new PrismaAgentDirectory(t.hotline.prisma));
}

/** An agent calls the agent line and logs in; returns their leg, now waiting for callers (or hearing a whisper). */
export async function loggedInAgent(t: TestHotline, agentId = '1001', pin = '4321'): Promise<TestCall> {
  const agent = new TestCall(t, '+8613900001001');
  await agent.start('/twilio/agent');
  await agent.press(`${agentId}#`);
  await agent.press(`${pin}#`);
  return agent;
}

/** An extra agent with its own ID, so tests that lock an ID out do not lock out the demo team. */
export async function addAgent(t: TestHotline, agentId: string, pin: string, queues: AgentQueue[] = ['general'], language: Language = 'en-US'): Promise<void> {
  await new PrismaAgentDirectory(t.hotline.prisma).add({
    agentId,
    name: `Agent ${agentId}`,
    language,
    queues,
    supervisor: false,
    active: true,
    pinHash: await hashPin(pin),
  });
}
