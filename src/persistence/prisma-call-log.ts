import { startOfLocalDay } from '../domain/business-hours';
import { maskPhoneNumber } from '../domain/caller-id';
import type {
  AgentSummary,
  CallDetail,
  CallFilters,
  CallLog,
  CallStepView,
  CallSummary,
  Page,
  TicketDetail,
  TicketFilters,
  TicketSummary,
} from '../ops/call-log.port';
import type { HotlinePrisma } from './prisma-client';
import { AGENT_LINE_LIVE_STATES, agentStatusOf } from '../../flows/agent-view';

/** Inputs that are phone numbers: shown masked in the call log like the caller's own number. */
const PHONE_PURPOSES = new Set(['mobileNumber', 'callbackNumber']);

type CallRow = Awaited<ReturnType<HotlinePrisma['call']['findFirstOrThrow']>>;
type TicketRow = Awaited<ReturnType<HotlinePrisma['ticket']['findFirstOrThrow']>>;

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);

function summary(c: CallRow): CallSummary {
  return {
    callSid: c.callSid,
    from: maskPhoneNumber(c.fromNumber),
    startedAt: c.startedAt.toISOString(),
    endedAt: iso(c.endedAt),
    language: c.language,
    branch: c.branch,
    state: c.state,
    outcome: c.outcome,
    status: c.twilioStatus,
    queue: c.queueName,
    queueWaitSeconds: c.queueWaitSeconds,
    ticketReference: c.ticketReference,
    agentId: c.agentId,
    agentName: c.agentName,
    csatScore: c.csatScore,
    degraded: c.degraded,
  };
}

function ticketSummary(t: TicketRow): TicketSummary {
  return {
    reference: t.reference,
    category: t.category,
    status: t.status,
    language: t.language,
    callerNumber: maskPhoneNumber(t.callerNumber),
    callbackNumber: t.callbackNumber,
    dueAt: t.dueAt.toISOString(),
    createdAt: t.createdAt.toISOString(),
    flagged: t.flagged,
    flagReason: t.flagReason,
    assignedAgentId: t.assignedAgentId,
    calledBackAt: iso(t.calledBackAt),
    resolvedAt: iso(t.resolvedAt),
  };
}

function ticketDetail(t: TicketRow): TicketDetail {
  return {
    ...ticketSummary(t),
    callSid: t.callSid,
    mobileNumber: t.mobileNumber ? maskPhoneNumber(t.mobileNumber) : null,
    orderNumber: t.orderNumber,
    amount: t.amount,
    complaintCategory: t.complaintCategory,
    transactionNumber: t.transactionNumber,
    origin: t.origin,
  };
}

/** The ops read model on Prisma. */
export class PrismaCallLog implements CallLog {
  constructor(private readonly prisma: HotlinePrisma) {}

  async listCalls(f: CallFilters): Promise<Page<CallSummary>> {
    const where = {
      role: 'caller',
      ...(f.branch ? { branch: f.branch } : {}),
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(f.since || f.until ? { startedAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
      ...(f.queue ? { queueName: f.queue } : {}),
      ...(f.callerLast4 ? { fromNumber: { endsWith: f.callerLast4 } } : {}),
      ...(f.agentId ? { OR: [{ agentId: f.agentId }, { callSid: { in: await this.callsWithAgent(f.agentId) } }] } : {}),
    };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.call.findMany({ where, orderBy: [{ startedAt: 'desc' }, { callSid: 'desc' }], skip: (f.page - 1) * f.pageSize, take: f.pageSize }),
      this.prisma.call.count({ where }),
    ]);
    return { items: rows.map(summary), page: f.page, pageSize: f.pageSize, total };
  }

  /** Callers an agent was whispered or connected to (a transfer leaves the first agent only here). */
  private async callsWithAgent(agentId: string): Promise<string[]> {
    const legs = await this.prisma.agentLeg.findMany({ where: { agentId }, select: { callerCallSid: true }, take: 10_000 });
    return [...new Set(legs.map((l) => l.callerCallSid))];
  }

  async getCall(callSid: string): Promise<CallDetail | null> {
    const call = await this.prisma.call.findUnique({ where: { callSid }, include: { events: { orderBy: { step: 'asc' } } } });
    if (!call || call.role !== 'caller') return null;
    const legs = await this.prisma.agentLeg.findMany({ where: { callerCallSid: callSid }, orderBy: { id: 'asc' } });
    const ticket = call.ticketReference ? await this.prisma.ticket.findUnique({ where: { reference: call.ticketReference } }) : null;
    const steps: CallStepView[] = call.events.map((e) => ({
      step: e.step,
      at: e.at.toISOString(),
      kind: e.kind,
      fromState: e.fromState,
      toState: e.toState,
      input:
        e.digits !== null || e.purpose !== null
          ? {
              keys: e.digits !== null && PHONE_PURPOSES.has(e.purpose ?? '') && e.digits.length > 4 ? maskPhoneNumber(e.digits) : e.digits,
              purpose: e.purpose,
              meaning: e.meaning,
            }
          : null,
      detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
    }));
    const states: string[] = [];
    for (const s of steps) if (states[states.length - 1] !== s.toState) states.push(s.toState);
    return {
      ...summary(call),
      to: call.toNumber,
      durationSeconds: call.durationSeconds,
      queueResult: call.queueResult,
      enqueuedAt: iso(call.enqueuedAt),
      queueLeftAt: iso(call.queueLeftAt),
      states,
      steps,
      ticket: ticket ? ticketDetail(ticket) : null,
      answeredAt: iso(call.answeredAt),
      agentLegs: legs.map((l) => ({
        agentId: l.agentId,
        agentName: l.agentName,
        queue: l.queueName,
        whisperedAt: iso(l.whisperedAt),
        connectedAt: iso(l.connectedAt),
        endedAt: iso(l.endedAt),
        decision: l.decision,
        transferReason: l.transferReason,
      })),
      transfers: legs
        .filter((l) => l.decision === 'transfer')
        .map((l) => ({ fromAgentId: l.agentId, fromAgentName: l.agentName, reason: l.transferReason, at: iso(l.endedAt) })),
    };
  }

  async listAgents(now: Date, timeZone: string): Promise<AgentSummary[]> {
    const today = startOfLocalDay(now, timeZone);
    const [agents, liveLegs, handled, rated] = await this.prisma.$transaction([
      this.prisma.agent.findMany({ orderBy: { agentId: 'asc' } }),
      this.prisma.call.findMany({
        where: { role: 'agent', agentId: { not: null }, state: { in: [...AGENT_LINE_LIVE_STATES] } },
        orderBy: { startedAt: 'desc' },
        select: { callSid: true, agentId: true, state: true },
      }),
      this.prisma.agentLeg.findMany({
        where: { connectedAt: { gte: today } },
        select: { agentId: true, agentCallSid: true, callerCallSid: true, connectedAt: true, endedAt: true },
      }),
      this.prisma.call.findMany({
        where: { role: 'caller', answeredAt: { gte: today }, csatScore: { not: null }, agentId: { not: null } },
        select: { agentId: true, csatScore: true },
      }),
    ]);
    return agents.map((a) => {
      const leg = liveLegs.find((l) => l.agentId === a.agentId);
      const status = agentStatusOf(leg?.state ?? null);
      const mine = handled.filter((h) => h.agentId === a.agentId);
      const open = leg ? mine.find((h) => h.agentCallSid === leg.callSid && !h.endedAt) : undefined;
      const durations = mine.filter((h) => h.endedAt).map((h) => (h.endedAt!.getTime() - h.connectedAt!.getTime()) / 1000);
      const scores = rated.filter((r) => r.agentId === a.agentId).map((r) => r.csatScore!);
      return {
        agentId: a.agentId,
        name: a.name,
        language: a.language,
        queues: a.queues.split(',').filter(Boolean),
        supervisor: a.supervisor,
        active: a.active,
        status,
        currentCall: status === 'onCall' || status === 'whispering' ? (open?.callerCallSid ?? null) : null,
        callsHandledToday: mine.length,
        averageHandleSeconds: durations.length ? Math.round(durations.reduce((x, y) => x + y, 0) / durations.length) : null,
        averageCsat: scores.length ? Math.round((scores.reduce((x, y) => x + y, 0) / scores.length) * 10) / 10 : null,
      };
    });
  }

  async listTickets(f: TicketFilters): Promise<Page<TicketSummary>> {
    const where = {
      ...(f.status ? { status: f.status } : {}),
      ...(f.category ? { category: f.category } : {}),
      ...(f.assignedAgentId ? { assignedAgentId: f.assignedAgentId } : {}),
      ...(f.dueBefore || f.dueFrom ? { dueAt: { ...(f.dueFrom ? { gte: f.dueFrom } : {}), ...(f.dueBefore ? { lt: f.dueBefore } : {}) } } : {}),
    };
    const orderBy =
      f.order === 'dueFirst' ? [{ dueAt: 'asc' as const }, { reference: 'asc' as const }] : [{ createdAt: 'desc' as const }, { reference: 'asc' as const }];
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.ticket.findMany({ where, orderBy, skip: (f.page - 1) * f.pageSize, take: f.pageSize }),
      this.prisma.ticket.count({ where }),
    ]);
    return { items: rows.map(ticketSummary), page: f.page, pageSize: f.pageSize, total };
  }

  async getTicket(reference: string): Promise<TicketDetail | null> {
    const t = await this.prisma.ticket.findUnique({ where: { reference } });
    return t ? ticketDetail(t) : null;
  }
}
