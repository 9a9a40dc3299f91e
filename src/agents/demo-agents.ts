import type { AgentQueue } from '../../flows/agent-flow.types';
import type { Language } from '../../flows/call-flow.types';
import type { AgentDirectory } from './agent-directory.port';
import { hashPin } from './pin-hash';

/** The demo team: PINs are public, so these exist only where someone asked for them (or in local mode). */
export const DEMO_AGENTS: Array<{ agentId: string; name: string; language: Language; queues: AgentQueue[]; supervisor: boolean; pin: string }> = [
  { agentId: '1001', name: '张三', language: 'zh-CN', queues: ['freeze', 'recharge', 'general'], supervisor: false, pin: '4321' },
  { agentId: '1002', name: 'Li Si', language: 'en-US', queues: ['complaints', 'recharge', 'general'], supervisor: false, pin: '4322' },
  { agentId: '2001', name: '王主管', language: 'zh-CN', queues: ['transfers', 'freeze', 'escalation', 'complaints', 'general'], supervisor: true, pin: '2001' },
];

/** Adds the demo agents that do not exist yet; returns the IDs added. */
export async function seedDemoAgents(directory: AgentDirectory): Promise<string[]> {
  const added: string[] = [];
  for (const demo of DEMO_AGENTS) {
    if (await directory.find(demo.agentId)) continue;
    const { pin, ...agent } = demo;
    await directory.add({ ...agent, active: true, pinHash: await hashPin(pin) });
    added.push(demo.agentId);
  }
  return added;
}
