import type { HotlinePrisma } from './prisma-client';
import type { AuditEntryView, AuditRecord, AuditTrail } from '../console/audit/audit-trail.port';

/** The write of one audit entry, for a repository to batch in the same transaction as the change it records. */
export function auditEntryWrite(prisma: HotlinePrisma, entry: AuditRecord) {
  return prisma.auditEntry.create({
    data: { actor: entry.actor, action: entry.action, target: entry.target, detail: entry.detail ? JSON.stringify(entry.detail) : null },
  });
}

/** The audit log on Prisma. */
export class PrismaAuditTrail implements AuditTrail {
  constructor(private readonly prisma: HotlinePrisma) {}

  async record(entry: AuditRecord): Promise<void> {
    await auditEntryWrite(this.prisma, entry);
  }

  async list(page: number, pageSize: number): Promise<{ items: AuditEntryView[]; total: number }> {
    const [rows, total] = await this.prisma.$transaction([
      this.prisma.auditEntry.findMany({ orderBy: [{ at: 'desc' }, { id: 'desc' }], skip: (page - 1) * pageSize, take: pageSize }),
      this.prisma.auditEntry.count(),
    ]);
    return {
      items: rows.map((r) => ({
        id: r.id,
        at: r.at.toISOString(),
        actor: r.actor,
        action: r.action,
        target: r.target,
        ...(r.detail ? { detail: JSON.parse(r.detail) as Record<string, unknown> } : {}),
      })),
      total,
    };
  }
}
