import { seedDemoAgents } from '../../src/agents/demo-agents';
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
