import type { HotlinePrisma } from './prisma-client';

/**
 * Write-ahead logging with `synchronous=NORMAL`: a commit no longer waits for an fsync of the whole journal,
 * which made each webhook's write cost milliseconds; a power cut can lose the last commits, not corrupt the file.
 * WAL is stored in the file; `synchronous` belongs to the connection (the adapter keeps one).
 */
export async function tuneSqlite(prisma: HotlinePrisma): Promise<void> {
  await prisma.$queryRaw`PRAGMA journal_mode = WAL`;
  await prisma.$queryRaw`PRAGMA synchronous = NORMAL`;
}
