import type { Branch, Language, OutageNoticeView, QueueName, TicketView } from '../../flows/call-flow.types';
import { storedCallFrom, type StoredCallRow } from './stored-call-row';
import { NEW_CALL_COLUMNS, STEP_COLUMNS, STORED_CALL_COLUMNS, quoted, type StepColumn } from './call-row-columns';
import { Prisma } from '../../prisma/generated/sqlite/client';
import type { CallStore, HotlineConditions, SaveResult, StepWrite, StoredCall } from '../calls/call-store.port';
import type { CalendarDayKind } from '../domain/business-hours';
import { sqliteConnectionOf, type HotlinePrisma } from './prisma-client';
import { SqliteStepWriter } from './sqlite-step-writer';

const DAY_MS = 86_400_000;

export const EMERGENCY_CLOSURE_KEY = 'emergencyClosure';

/** The call store on Prisma (SQLite or PostgreSQL). */
export class PrismaCallStore implements CallStore {
  /** SQLite only: the common step write below Prisma, on Prisma's own connection (ADR 006). */
  private readonly sqliteWriter: SqliteStepWriter | null;

  constructor(
    private readonly prisma: HotlinePrisma,
    private readonly dialect: 'sqlite' | 'postgresql',
  ) {
    this.sqliteWriter = dialect === 'sqlite' ? new SqliteStepWriter(() => sqliteConnectionOf(prisma)) : null;
  }

  async loadCall(callSid: string): Promise<StoredCall | null> {
    if (this.sqliteWriter) {
      // null: it could not read now (a Prisma transaction is open); undefined: there is no such call.
      const direct = this.sqliteWriter.read(callSid);
      if (direct !== null) return direct ?? null;
    }
    // The hot path's one read, as SQL through Prisma (ADR 006).
    const rows = await this.prisma.$queryRaw<StoredCallRow[]>(Prisma.sql`SELECT ${Prisma.raw(STORED_CALL_COLUMNS)} FROM "Call" WHERE "callSid" = ${callSid}`);
    return rows[0] ? storedCallFrom(rows[0]) : null;
  }

  async loadConditions(now: Date): Promise<HotlineConditions> {
    const day = (offset: number) => new Date(now.getTime() + offset * DAY_MS).toISOString().slice(0, 10);
    const [notices, days, closure] = await this.prisma.$transaction([
      this.prisma.outageNotice.findMany({
        where: { startsAt: { lte: now }, OR: [{ endsAt: null }, { endsAt: { gt: now } }] },
        orderBy: { startsAt: 'asc' },
      }),
      // Local dates differ from UTC by up to a day either way.
      this.prisma.calendarDay.findMany({ where: { date: { gte: day(-1), lte: day(1) } } }),
      this.prisma.hotlineSetting.findUnique({ where: { key: EMERGENCY_CLOSURE_KEY } }),
    ]);
    return {
      outages: notices.map(toNoticeView),
      calendar: Object.fromEntries(days.map((d) => [d.date, d.kind as CalendarDayKind])),
      emergencyClosure: closure ? Boolean((JSON.parse(closure.value) as { active?: boolean }).active) : false,
    };
  }

  async findTicket(reference: string): Promise<TicketView | null> {
    const t = await this.prisma.ticket.findUnique({
      where: { reference },
      select: { reference: true, category: true, status: true, dueAt: true },
    });
    return t
      ? { reference: t.reference, category: t.category as TicketView['category'], status: t.status as TicketView['status'], dueAt: t.dueAt.toISOString() }
      : null;
  }

  async recentAnsweredWaits(queue: QueueName, since: Date): Promise<number[]> {
    const rows = await this.prisma.call.findMany({
      where: { queueName: queue, queueResult: 'bridged', queueLeftAt: { gte: since }, queueWaitSeconds: { not: null } },
      orderBy: { queueLeftAt: 'desc' },
      select: { queueWaitSeconds: true },
      take: 50,
    });
    return rows.map((r) => r.queueWaitSeconds!);
  }

  loggedStep(callSid: string, step: number) {
    return this.prisma.callEvent.findUnique({ where: { callSid_step: { callSid, step } }, select: { kind: true, digits: true } });
  }

  async recentFreezeRequests(match: { mobileNumber: string | null; callerNumber: string }, since: Date) {
    return this.prisma.ticket.findMany({
      where: {
        category: 'freeze',
        createdAt: { gte: since },
        OR: [...(match.mobileNumber ? [{ mobileNumber: match.mobileNumber }] : []), { callerNumber: match.callerNumber }],
      },
      select: { mobileNumber: true, callerNumber: true },
    });
  }

  async saveStep(write: StepWrite): Promise<SaveResult> {
    const p = this.prisma;
    // The event and the call row are written as SQL through Prisma (ADR 006): they are on every webhook.
    // The event goes first: (callSid, step) is unique, so a second delivery of the same step fails there and the
    // whole batch rolls back, an atomic claim of the step rather than check-then-write. The call row's update is
    // also guarded by the step it was read at; as every step that advances a call inserts its event, a call that
    // moved on always makes the insert fail first.
    const extras = Boolean(
      write.openTickets?.length ||
      write.riskOutbox?.length ||
      write.ticketCallbacks?.length ||
      write.agentLegs?.length ||
      write.loginAttempt ||
      write.markDegraded,
    );
    if (!write.newCall && !extras && this.sqliteWriter) {
      const result = this.sqliteWriter.write(write);
      if (result) return result;
    }
    if (!write.newCall && !extras && this.dialect === 'postgresql') {
      // Most steps write just these two rows: on PostgreSQL one statement does both (atomically, one round trip
      // instead of BEGIN, two statements and COMMIT).
      try {
        await this.claimStepInOneStatement(write);
        return 'saved';
      } catch (err) {
        const kind = classifyWriteError(err);
        if (kind) return kind;
        throw err;
      }
    }
    const writes = write.newCall ? [this.insertCall(write), this.insertEvent(write)] : [this.insertEvent(write), this.updateCall(write)];
    const tickets = (write.openTickets ?? []).map((t) =>
      p.ticket.create({
        data: {
          reference: t.reference,
          callSid: t.callSid,
          category: t.category,
          language: t.language,
          callerNumber: t.callerNumber,
          callbackNumber: t.callbackNumber,
          mobileNumber: t.mobileNumber,
          orderNumber: t.orderNumber,
          amount: t.amount,
          complaintCategory: t.complaintCategory,
          transactionNumber: t.transactionNumber,
          origin: t.origin,
          dueAt: new Date(t.dueAt),
          createdAt: write.at,
          flagged: t.flagReason !== null,
          flagReason: t.flagReason,
        },
      }),
    );
    const outbox = (write.riskOutbox ?? []).map((m) =>
      p.riskOutbox.create({ data: { idempotencyKey: m.idempotencyKey, payload: m.payload, createdAt: write.at, nextAttemptAt: write.at } }),
    );
    const callbacks = (write.ticketCallbacks ?? []).map((c) =>
      p.ticket.update({ where: { reference: c.reference }, data: { callbackNumber: c.callbackNumber } }),
    );
    const legs = (write.agentLegs ?? []).map((l) =>
      p.agentLeg.upsert({
        where: { callerCallSid_agentCallSid: { callerCallSid: l.callerCallSid, agentCallSid: l.agentCallSid } },
        create: { callerCallSid: l.callerCallSid, agentCallSid: l.agentCallSid, agentId: l.agentId, agentName: l.agentName, queueName: l.queueName, ...l.set },
        update: l.set,
      }),
    );
    const attempts = write.loginAttempt ? [p.agentLoginAttempt.create({ data: { ...write.loginAttempt, callSid: write.callSid, at: write.at } })] : [];
    const degraded = write.markDegraded ? [p.call.update({ where: { callSid: write.callSid }, data: { degraded: true } })] : [];
    try {
      await p.$transaction([...writes, ...tickets, ...outbox, ...callbacks, ...legs, ...attempts, ...degraded]);
      return 'saved';
    } catch (err) {
      const kind = classifyWriteError(err);
      if (kind) return kind;
      throw err;
    }
  }

  /** A timestamp parameter as each database wants it: SQLite keeps Prisma's ISO text, PostgreSQL a timestamp. */
  private ts(d: Date | null | undefined): Date | string | null {
    if (!d) return null;
    return this.dialect === 'sqlite' ? d.toISOString().replace('Z', '+00:00') : d;
  }

  private insertEvent(w: StepWrite) {
    const e = w.event;
    return this.prisma.$executeRaw`
      INSERT INTO "CallEvent" ("callSid", "step", "at", "kind", "fromState", "toState", "digits", "purpose", "meaning", "detail")
      VALUES (${w.callSid}, ${w.step}, ${this.ts(w.at)}, ${e.kind}, ${e.fromState}, ${e.toState}, ${e.digits}, ${e.purpose}, ${e.meaning},
              ${e.detail ? JSON.stringify(e.detail) : null})`;
  }

  /** A column's value as this database binds it. */
  private value(c: StepColumn, w: StepWrite): unknown {
    const v = c.of(w);
    return c.timestamp ? this.ts(v as Date | null) : v;
  }

  /** `"state" = …, "language" = …, …`: every column a step sets (call-row-columns.ts). */
  private assignments(w: StepWrite): Prisma.Sql {
    return Prisma.join(STEP_COLUMNS.map((c) => Prisma.sql`${Prisma.raw(quoted(c.column))} = ${this.value(c, w)}`));
  }

  private updateCall(w: StepWrite) {
    return this.prisma.$executeRaw(Prisma.sql`UPDATE "Call" SET ${this.assignments(w)} WHERE "callSid" = ${w.callSid} AND "step" = ${w.fromStep}`);
  }

  /** PostgreSQL: the event insert and the guarded call update as one statement (a data-modifying CTE). */
  private claimStepInOneStatement(w: StepWrite) {
    const e = w.event;
    return this.prisma.$executeRaw(Prisma.sql`
      WITH claimed AS (
        INSERT INTO "CallEvent" ("callSid", "step", "at", "kind", "fromState", "toState", "digits", "purpose", "meaning", "detail")
        VALUES (${w.callSid}, ${w.step}, ${w.at}, ${e.kind}, ${e.fromState}, ${e.toState}, ${e.digits}, ${e.purpose}, ${e.meaning},
                ${e.detail ? JSON.stringify(e.detail) : null})
        RETURNING "callSid"
      )
      UPDATE "Call" SET ${this.assignments(w)}
      WHERE "callSid" = (SELECT "callSid" FROM claimed) AND "step" = ${w.fromStep}`);
  }

  private insertCall(w: StepWrite) {
    const columns = [...NEW_CALL_COLUMNS, ...STEP_COLUMNS];
    return this.prisma.$executeRaw(
      Prisma.sql`INSERT INTO "Call" (${Prisma.raw(columns.map((c) => quoted(c.column)).join(', '))}) VALUES (${Prisma.join(columns.map((c) => this.value(c, w)))})`,
    );
  }
}

function toNoticeView(n: {
  id: number;
  messageZh: string;
  messageEn: string;
  shortZh: string;
  shortEn: string;
  branches: string;
  expectedRecoveryAt: Date | null;
}): OutageNoticeView {
  const branches =
    n.branches.trim() === 'all'
      ? 'all'
      : (n.branches
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean) as Branch[]);
  const text = (zh: string, en: string): Record<Language, string> => ({ 'zh-CN': zh, 'en-US': en });
  return {
    id: n.id,
    message: text(n.messageZh, n.messageEn),
    short: text(n.shortZh, n.shortEn),
    branches,
    expectedRecoveryAt: n.expectedRecoveryAt ? n.expectedRecoveryAt.toISOString() : null,
  };
}

/**
 * Maps unique violations to what they mean for a step: the step taken by another delivery (`CallEvent` or a new
 * `Call` row), or a fresh ticket reference that already exists. ORM writes report P2002; SQL through Prisma P2010.
 */
function classifyWriteError(err: unknown): SaveResult | null {
  const e = err as { code?: string; meta?: Record<string, unknown>; message?: string };
  if (e?.code === 'P2025') return 'conflict';
  const text = `${JSON.stringify(e?.meta ?? {})} ${e?.message ?? ''}`;
  const unique = e?.code === 'P2002' || (e?.code === 'P2010' && /unique|duplicate key|23505|2067|1555/i.test(text));
  if (!unique) return null;
  return /Ticket|reference/.test(text) && !/CallEvent|Call_pkey|"Call"|callSid/.test(text) ? 'referenceTaken' : 'conflict';
}
