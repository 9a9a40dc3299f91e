import { maskPhoneNumber } from '../domain/caller-id';
import type {
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
      ...(f.branch ? { branch: f.branch } : {}),
      ...(f.outcome ? { outcome: f.outcome } : {}),
      ...(f.since || f.until ? { startedAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } } : {}),
    };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.call.findMany({ where, orderBy: [{ startedAt: 'desc' }, { callSid: 'desc' }], skip: (f.page - 1) * f.pageSize, take: f.pageSize }),
      this.prisma.call.count({ where }),
    ]);
    return { items: rows.map(summary), page: f.page, pageSize: f.pageSize, total };
  }

  async getCall(callSid: string): Promise<CallDetail | null> {
    const call = await this.prisma.call.findUnique({ where: { callSid }, include: { events: { orderBy: { step: 'asc' } } } });
    if (!call) return null;
    const ticket = call.ticketReference ? await this.prisma.ticket.findUnique({ where: { reference: call.ticketReference } }) : null;
    const steps: CallStepView[] = call.events.map((e) => ({
      step: e.step,
      at: e.at.toISOString(),
      kind: e.kind,
      fromState: e.fromState,
      toState: e.toState,
      input:
        e.digits !== null || e.purpose !== null
          ? { keys: e.digits !== null && PHONE_PURPOSES.has(e.purpose ?? '') && e.digits.length > 4 ? maskPhoneNumber(e.digits) : e.digits, purpose: e.purpose, meaning: e.meaning }
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
    };
  }

  async listTickets(f: TicketFilters): Promise<Page<TicketSummary>> {
    const where = { ...(f.status ? { status: f.status } : {}), ...(f.category ? { category: f.category } : {}) };
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.ticket.findMany({ where, orderBy: [{ createdAt: 'desc' }, { reference: 'asc' }], skip: (f.page - 1) * f.pageSize, take: f.pageSize }),
      this.prisma.ticket.count({ where }),
    ]);
    return { items: rows.map(ticketSummary), page: f.page, pageSize: f.pageSize, total };
  }

  async getTicket(reference: string): Promise<TicketDetail | null> {
    const t = await this.prisma.ticket.findUnique({ where: { reference } });
    return t ? ticketDetail(t) : null;
  }
}
