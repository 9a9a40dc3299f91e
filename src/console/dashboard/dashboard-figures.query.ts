import { startOfLocalDay } from '../../domain/business-hours';
import { CALLER_STATES } from '../../../flows/call-view';
import type { AgentSummary, CallLog } from '../../ops/call-log.port';
import type { HotlinePrisma } from '../../persistence/prisma-client';
import type { RiskOutboxStore } from '../../risk/risk-outbox.port';

/** A caller "waiting" longer than this lost their status callback; they are not on hold any more. */
const STALE_WAIT_MS = 4 * 3_600_000;
const DUE_SOON_MS = 2 * 3_600_000;

export interface DashboardFigures {
  /** ISO instant the figures were read. */
  at: string;
  waiting: Array<{ queue: string; callers: number; longestWaitSeconds: number }>;
  agents: AgentSummary[];
  today: {
    calls: number;
    byBranch: Record<string, number>;
    byOutcome: Record<string, number>;
    /** Share of today's finished queue visits that ended with the caller hanging up, 0–1. */
    abandonmentRate: number | null;
    /** Over today's finished queue visits (answered, abandoned or left for a callback). */
    averageWaitSeconds: number | null;
    p90WaitSeconds: number | null;
    averageCsat: number | null;
    ratedCalls: number;
  };
  tickets: { dueSoon: number; overdue: number };
  /** Freeze requests not yet delivered to the risk system: still being tried, and given up on. */
  riskOutbox: { pending: number; failed: number };
}

/** Nearest-rank percentile of a list of numbers. */
function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

const average = (values: readonly number[]): number | null =>
  values.length ? Math.round((values.reduce((a, b) => a + b, 0) / values.length) * 10) / 10 : null;

/** The live figures of the dashboard: queues now, agents now, today so far, tickets due, freeze requests undelivered. */
export class DashboardFiguresQuery {
  constructor(private readonly deps: { prisma: HotlinePrisma; callLog: CallLog; riskOutbox: RiskOutboxStore; timeZone: string }) {}

  async read(now: Date): Promise<DashboardFigures> {
    const { prisma, timeZone } = this.deps;
    const today = startOfLocalDay(now, timeZone);
    const [waiting, calls, overdue, dueSoon] = await prisma.$transaction([
      prisma.call.findMany({
        where: { role: 'caller', state: { in: [...CALLER_STATES.queued] }, endedAt: null, enqueuedAt: { gte: new Date(now.getTime() - STALE_WAIT_MS) } },
        select: { queueName: true, enqueuedAt: true },
      }),
      prisma.call.findMany({
        where: { role: 'caller', startedAt: { gte: today } },
        select: { branch: true, outcome: true, endedAt: true, enqueuedAt: true, queueLeftAt: true, queueWaitSeconds: true, csatScore: true },
      }),
      prisma.ticket.count({ where: { status: 'open', dueAt: { lt: now } } }),
      prisma.ticket.count({ where: { status: 'open', dueAt: { gte: now, lt: new Date(now.getTime() + DUE_SOON_MS) } } }),
    ]);
    const [agents, riskOutbox] = await Promise.all([this.deps.callLog.listAgents(now, timeZone), this.deps.riskOutbox.backlog()]);

    const queues = new Map<string, { callers: number; longestWaitSeconds: number }>();
    for (const w of waiting) {
      const q = queues.get(w.queueName ?? 'general') ?? { callers: 0, longestWaitSeconds: 0 };
      q.callers += 1;
      q.longestWaitSeconds = Math.max(q.longestWaitSeconds, Math.round((now.getTime() - w.enqueuedAt!.getTime()) / 1000));
      queues.set(w.queueName ?? 'general', q);
    }

    const byBranch: Record<string, number> = {};
    const byOutcome: Record<string, number> = {};
    const waits: number[] = [];
    let visits = 0;
    let abandoned = 0;
    const scores: number[] = [];
    for (const c of calls) {
      const branch = c.branch ?? 'none';
      byBranch[branch] = (byBranch[branch] ?? 0) + 1;
      const outcome = c.outcome ?? (c.endedAt ? 'unknown' : 'inProgress');
      byOutcome[outcome] = (byOutcome[outcome] ?? 0) + 1;
      if (c.enqueuedAt && c.queueLeftAt) {
        visits += 1;
        if (c.outcome === 'abandoned') abandoned += 1;
        if (c.queueWaitSeconds !== null) waits.push(c.queueWaitSeconds);
      }
      if (c.csatScore !== null) scores.push(c.csatScore);
    }
    return {
      at: now.toISOString(),
      waiting: [...queues.entries()].map(([queue, q]) => ({ queue, ...q })).sort((a, b) => b.longestWaitSeconds - a.longestWaitSeconds),
      agents,
      today: {
        calls: calls.length,
        byBranch,
        byOutcome,
        abandonmentRate: visits ? Math.round((abandoned / visits) * 1000) / 1000 : null,
        averageWaitSeconds: average(waits),
        p90WaitSeconds: percentile(waits, 90),
        averageCsat: average(scores),
        ratedCalls: scores.length,
      },
      tickets: { dueSoon, overdue },
      riskOutbox,
    };
  }
}
