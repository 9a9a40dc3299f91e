import type { HotlinePrisma } from './prisma-client';
import type { AuditRecord } from '../console/audit/audit-trail.port';
import { auditEntryWrite } from './prisma-audit-trail';
import {
  NOTICE_BRANCHES,
  type NoticeBranch,
  type OutageNoticeBoard,
  type OutageNoticeInput,
  type OutageNoticeRecord,
} from '../console/notices/outage-notice-board.port';

type Row = Awaited<ReturnType<HotlinePrisma['outageNotice']['findFirstOrThrow']>>;

function toRecord(r: Row): OutageNoticeRecord {
  const branches =
    r.branches.trim() === 'all'
      ? ('all' as const)
      : r.branches
          .split(',')
          .map((b) => b.trim())
          .filter((b): b is NoticeBranch => (NOTICE_BRANCHES as readonly string[]).includes(b));
  return { ...r, branches };
}

const columns = (n: OutageNoticeInput) => ({ ...n, branches: n.branches === 'all' ? 'all' : n.branches.join(',') });

/** Outage notices on Prisma (the same rows the call flow reads). */
export class PrismaOutageNoticeBoard implements OutageNoticeBoard {
  constructor(private readonly prisma: HotlinePrisma) {}

  async list(): Promise<OutageNoticeRecord[]> {
    return (await this.prisma.outageNotice.findMany({ orderBy: [{ startsAt: 'desc' }, { id: 'desc' }], take: 200 })).map(toRecord);
  }

  async find(id: number): Promise<OutageNoticeRecord | null> {
    const row = await this.prisma.outageNotice.findUnique({ where: { id } });
    return row ? toRecord(row) : null;
  }

  async create(notice: OutageNoticeInput, audit: (id: number) => AuditRecord): Promise<number> {
    // The audit entry names the new row's id, so the two writes share an interactive transaction.
    return this.prisma.$transaction(async (tx) => {
      const row = await tx.outageNotice.create({ data: columns(notice) });
      await auditEntryWrite(tx as unknown as HotlinePrisma, audit(row.id));
      return row.id;
    });
  }

  async update(id: number, notice: OutageNoticeInput, audit: AuditRecord): Promise<boolean> {
    const [updated] = await this.prisma.$transaction([
      this.prisma.outageNotice.updateMany({ where: { id }, data: columns(notice) }),
      auditEntryWrite(this.prisma, audit),
    ]);
    return updated.count === 1;
  }

  async end(id: number, at: Date, audit: AuditRecord): Promise<boolean> {
    const [updated] = await this.prisma.$transaction([
      this.prisma.outageNotice.updateMany({ where: { id }, data: { endsAt: at } }),
      auditEntryWrite(this.prisma, audit),
    ]);
    return updated.count === 1;
  }
}
