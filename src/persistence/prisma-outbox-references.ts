import type { HotlinePrisma } from './prisma-client';
import type { OutboxReferences } from '../console/risk/risk-outbox.use-case';

/** Outbox references on Prisma: one query per page for the ticket links, one per retry for the audit entry. */
export class PrismaOutboxReferences implements OutboxReferences {
  constructor(private readonly prisma: HotlinePrisma) {}

  async withTickets(references: readonly string[]): Promise<Set<string>> {
    if (references.length === 0) return new Set();
    const found = await this.prisma.ticket.findMany({ where: { reference: { in: [...references] } }, select: { reference: true } });
    return new Set(found.map((t) => t.reference));
  }

  async ofMessage(id: number): Promise<string | null> {
    const row = await this.prisma.riskOutbox.findUnique({ where: { id }, select: { idempotencyKey: true } });
    return row?.idempotencyKey ?? null;
  }
}
