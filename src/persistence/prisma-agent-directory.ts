import { QUEUE_PRIORITY, type AgentQueue } from '../../flows/agent-flow.types';
import type { Language } from '../../flows/call-flow.types';
import type { AgentDirectory, AgentRecord } from '../agents/agent-directory.port';
import type { HotlinePrisma } from './prisma-client';

type AgentRow = Awaited<ReturnType<HotlinePrisma['agent']['findFirstOrThrow']>>;

/** `freeze,general` → the queues, in priority order, unknown names dropped. */
export function parseQueues(text: string): AgentQueue[] {
  const names = text.split(',').map((q) => q.trim());
  return QUEUE_PRIORITY.filter((q) => names.includes(q));
}

function toRecord(row: AgentRow): AgentRecord {
  return {
    agentId: row.agentId,
    name: row.name,
    language: row.language as Language,
    queues: parseQueues(row.queues),
    supervisor: row.supervisor,
    active: row.active,
    pinHash: row.pinHash,
  };
}

/** Agents on Prisma. */
export class PrismaAgentDirectory implements AgentDirectory {
  constructor(private readonly prisma: HotlinePrisma) {}

  async find(agentId: string): Promise<AgentRecord | null> {
    const row = await this.prisma.agent.findUnique({ where: { agentId } });
    return row ? toRecord(row) : null;
  }

  async list(): Promise<AgentRecord[]> {
    return (await this.prisma.agent.findMany({ orderBy: { agentId: 'asc' } })).map(toRecord);
  }

  async add(agent: AgentRecord): Promise<void> {
    await this.prisma.agent.create({ data: { ...agent, queues: agent.queues.join(',') } });
  }

  async setActive(agentId: string, active: boolean): Promise<boolean> {
    return (await this.prisma.agent.updateMany({ where: { agentId }, data: { active } })).count === 1;
  }

  async setPinHash(agentId: string, pinHash: string): Promise<boolean> {
    return (await this.prisma.agent.updateMany({ where: { agentId }, data: { pinHash } })).count === 1;
  }

  failuresSince(agentId: string, since: Date): Promise<number> {
    return this.prisma.agentLoginAttempt.count({ where: { agentId, succeeded: false, at: { gte: since } } });
  }
}
