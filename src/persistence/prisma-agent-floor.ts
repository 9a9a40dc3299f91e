import type { AgentQueue } from '../../flows/agent-flow.types';
import type { AgentFloor, AgentLegRecord, WaitingCaller } from '../agents/agent-floor.port';
import { parseQueues } from './prisma-agent-directory';
import type { HotlinePrisma } from './prisma-client';
import { AGENT_LOGGED_IN_STATES } from '../../flows/agent-view';
import { CALLER_STATES } from '../../flows/call-view';

type LegRow = Awaited<ReturnType<HotlinePrisma['agentLeg']['findFirstOrThrow']>>;

function toLeg(row: LegRow): AgentLegRecord {
  return {
    callerCallSid: row.callerCallSid,
    agentCallSid: row.agentCallSid,
    agentId: row.agentId,
    agentName: row.agentName,
    decision: row.decision === 'transfer' || row.decision === 'end' ? row.decision : null,
    transferReason: row.transferReason,
    connectedAt: row.connectedAt,
  };
}

/** The agent side's reads on Prisma. */
export class PrismaAgentFloor implements AgentFloor {
  constructor(private readonly prisma: HotlinePrisma) {}

  async waitingCallers(queues: AgentQueue[]): Promise<WaitingCaller[]> {
    const rows = await this.prisma.call.findMany({
      where: { role: 'caller', state: CALLER_STATES.waitingForAgent, queueName: { in: queues } },
      orderBy: { enqueuedAt: 'asc' },
      select: { callSid: true, queueName: true, enqueuedAt: true, fromNumber: true, snapshot: true },
      take: 200,
    });
    return rows.map((r) => ({
      callSid: r.callSid,
      queueName: r.queueName as AgentQueue,
      enqueuedAt: r.enqueuedAt ?? new Date(0),
      fromNumber: r.fromNumber,
      snapshot: JSON.parse(r.snapshot) as unknown,
    }));
  }

  async callerHistory(fromNumber: string, since: Date, excludeCallSid: string): Promise<{ calls: number; openTicket: boolean }> {
    const [calls, open] = await this.prisma.$transaction([
      this.prisma.call.count({ where: { role: 'caller', fromNumber, startedAt: { gte: since }, callSid: { not: excludeCallSid } } }),
      this.prisma.ticket.count({ where: { callerNumber: fromNumber, status: { not: 'resolved' } } }),
    ]);
    return { calls, openTicket: open > 0 };
  }

  async ticketFlag(reference: string): Promise<string | null> {
    const t = await this.prisma.ticket.findUnique({ where: { reference }, select: { flagReason: true } });
    return t?.flagReason ?? null;
  }

  async callState(callSid: string): Promise<{ role: string; state: string; snapshot: unknown } | null> {
    const row = await this.prisma.call.findUnique({ where: { callSid }, select: { role: true, state: true, snapshot: true } });
    return row ? { role: row.role, state: row.state, snapshot: JSON.parse(row.snapshot) as unknown } : null;
  }

  async lastConnectedLeg(agentCallSid: string): Promise<AgentLegRecord | null> {
    const row = await this.prisma.agentLeg.findFirst({ where: { agentCallSid, connectedAt: { not: null } }, orderBy: { connectedAt: 'desc' } });
    return row ? toLeg(row) : null;
  }

  async agentLeg(callerCallSid: string, agentCallSid: string): Promise<AgentLegRecord | null> {
    const row = await this.prisma.agentLeg.findUnique({ where: { callerCallSid_agentCallSid: { callerCallSid, agentCallSid } } });
    return row ? toLeg(row) : null;
  }

  async staffedQueues(): Promise<Set<AgentQueue>> {
    const legs = await this.prisma.call.findMany({
      where: { role: 'agent', state: { in: [...AGENT_LOGGED_IN_STATES] }, agentId: { not: null } },
      select: { agentId: true },
    });
    if (legs.length === 0) return new Set();
    const agents = await this.prisma.agent.findMany({
      where: { agentId: { in: legs.map((l) => l.agentId!) }, active: true },
      select: { queues: true },
    });
    return new Set(agents.flatMap((a) => parseQueues(a.queues)));
  }
}
