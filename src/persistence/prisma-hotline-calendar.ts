import type { HotlinePrisma } from './prisma-client';
import { EMERGENCY_CLOSURE_KEY } from './prisma-call-store';
import type { AuditRecord } from '../console/audit/audit-trail.port';
import { auditEntryWrite } from './prisma-audit-trail';
import type { CalendarEntry, CalendarKind, EmergencyClosure, HotlineCalendar } from '../console/hours/hotline-calendar.port';

/** The calendar and closure switch on Prisma (the rows `PrismaCallStore.loadConditions` reads). */
export class PrismaHotlineCalendar implements HotlineCalendar {
  constructor(private readonly prisma: HotlinePrisma) {}

  async days(fromDate: string): Promise<CalendarEntry[]> {
    const rows = await this.prisma.calendarDay.findMany({ where: { date: { gte: fromDate } }, orderBy: { date: 'asc' }, take: 500 });
    return rows.map((r) => ({ date: r.date, kind: r.kind as CalendarKind, name: r.name }));
  }

  async setDay(entry: CalendarEntry, audit: AuditRecord): Promise<void> {
    await this.prisma.$transaction([
      this.prisma.calendarDay.upsert({ where: { date: entry.date }, create: entry, update: { kind: entry.kind, name: entry.name } }),
      auditEntryWrite(this.prisma, audit),
    ]);
  }

  async removeDay(date: string, audit: AuditRecord): Promise<boolean> {
    const [removed] = await this.prisma.$transaction([this.prisma.calendarDay.deleteMany({ where: { date } }), auditEntryWrite(this.prisma, audit)]);
    return removed.count === 1;
  }

  async closure(): Promise<EmergencyClosure> {
    const row = await this.prisma.hotlineSetting.findUnique({ where: { key: EMERGENCY_CLOSURE_KEY } });
    if (!row) return { active: false, reason: '', updatedAt: null, updatedBy: null };
    const value = JSON.parse(row.value) as { active?: boolean; reason?: string };
    return { active: Boolean(value.active), reason: value.reason ?? '', updatedAt: row.updatedAt, updatedBy: row.updatedBy };
  }

  async setClosure(closure: { active: boolean; reason: string }, actor: string, audit: AuditRecord): Promise<void> {
    const value = JSON.stringify(closure);
    await this.prisma.$transaction([
      this.prisma.hotlineSetting.upsert({
        where: { key: EMERGENCY_CLOSURE_KEY },
        create: { key: EMERGENCY_CLOSURE_KEY, value, updatedBy: actor },
        update: { value, updatedBy: actor },
      }),
      auditEntryWrite(this.prisma, audit),
    ]);
  }
}
