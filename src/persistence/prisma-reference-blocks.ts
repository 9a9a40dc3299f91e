import type { ReferenceBlockStore } from '../outage/outage-references';
import type { HotlinePrisma } from './prisma-client';

/** Reference blocks on Prisma: a block is the autoincrement id of a new row, so claims never collide. */
export class PrismaReferenceBlocks implements ReferenceBlockStore {
  constructor(private readonly prisma: HotlinePrisma) {}

  async claimBlock(claimedBy: string): Promise<number> {
    const row = await this.prisma.referenceBlock.create({ data: { claimedBy }, select: { id: true } });
    return row.id - 1;
  }

  async existingReferences(references: string[]): Promise<string[]> {
    const rows = await this.prisma.ticket.findMany({ where: { reference: { in: references } }, select: { reference: true } });
    return rows.map((r) => r.reference);
  }
}
