import type { OutboxMessage, OutboxState, RiskOutboxStore } from '../risk/risk-outbox.port';
import type { HotlinePrisma } from './prisma-client';

/** The risk outbox on Prisma. */
export class PrismaRiskOutbox implements RiskOutboxStore {
  constructor(private readonly prisma: HotlinePrisma) {}

  async claimDue(now: Date, limit: number, claimMs: number): Promise<OutboxMessage[]> {
    const due = await this.prisma.riskOutbox.findMany({
      where: { deliveredAt: null, gaveUpAt: null, nextAttemptAt: { lte: now }, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
      orderBy: { nextAttemptAt: 'asc' },
      take: limit,
    });
    const claimed: OutboxMessage[] = [];
    for (const row of due) {
      // Conditional update: only one instance wins a message whose claim is free or expired.
      const { count } = await this.prisma.riskOutbox.updateMany({
        where: { id: row.id, deliveredAt: null, OR: [{ claimedUntil: null }, { claimedUntil: { lt: now } }] },
        data: { claimedUntil: new Date(now.getTime() + claimMs) },
      });
      if (count === 1) claimed.push(row);
    }
    return claimed;
  }

  async markDelivered(id: number, at: Date): Promise<void> {
    await this.prisma.riskOutbox.update({ where: { id }, data: { deliveredAt: at, claimedUntil: null, lastError: null, attempts: { increment: 1 } } });
  }

  async markFailed(id: number, f: { attempts: number; nextAttemptAt: Date; error: string; gaveUp: boolean; at: Date }): Promise<void> {
    await this.prisma.riskOutbox.update({
      where: { id },
      data: { attempts: f.attempts, nextAttemptAt: f.nextAttemptAt, lastError: f.error, claimedUntil: null, gaveUpAt: f.gaveUp ? f.at : null },
    });
  }

  list(state: OutboxState, limit: number): Promise<OutboxMessage[]> {
    const where =
      state === 'delivered'
        ? { deliveredAt: { not: null } }
        : state === 'failed'
          ? { gaveUpAt: { not: null }, deliveredAt: null }
          : { deliveredAt: null, gaveUpAt: null };
    return this.prisma.riskOutbox.findMany({ where, orderBy: { createdAt: 'desc' }, take: limit });
  }

  async retry(id: number, now: Date): Promise<boolean> {
    const { count } = await this.prisma.riskOutbox.updateMany({
      where: { id, deliveredAt: null, gaveUpAt: { not: null } },
      data: { gaveUpAt: null, attempts: 0, nextAttemptAt: now, claimedUntil: null },
    });
    return count === 1;
  }

  async backlog(): Promise<{ pending: number; failed: number }> {
    const [pending, failed] = await this.prisma.$transaction([
      this.prisma.riskOutbox.count({ where: { deliveredAt: null, gaveUpAt: null } }),
      this.prisma.riskOutbox.count({ where: { deliveredAt: null, gaveUpAt: { not: null } } }),
    ]);
    return { pending, failed };
  }
}
