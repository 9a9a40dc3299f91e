import type { DatabaseTarget } from '../config/config';
import { PrismaClient as PostgresClient } from '../../prisma/generated/postgresql/client';
import { PrismaClient as SqliteClient } from '../../prisma/generated/sqlite/client';
import { createDriverAdapter, type PgPoolOptions, type SqliteConnection } from './driver-adapter';

const SQLITE_CONNECTION = Symbol('sqliteConnection');

/** The SQLite connection Prisma opened for this client (null before its first query, or on PostgreSQL). */
export function sqliteConnectionOf(prisma: HotlinePrisma): SqliteConnection | null {
  return (prisma as unknown as { [SQLITE_CONNECTION]?: () => SqliteConnection | null })[SQLITE_CONNECTION]?.() ?? null;
}

/**
 * The Prisma client for either database. Both clients are generated from the same models
 * (prisma/models.prisma), so they share one API; the SQLite client's type stands for both.
 */
export type HotlinePrisma = SqliteClient;

/** Opens a Prisma client on the embedded SQLite file or on PostgreSQL, by the target's kind. */
export function createPrismaClient(target: DatabaseTarget, pool?: PgPoolOptions): HotlinePrisma {
  const adapter = createDriverAdapter(target, pool);
  if (target.kind === 'sqlite') {
    const client = new SqliteClient({ adapter: adapter as never });
    return Object.assign(client, { [SQLITE_CONNECTION]: (adapter as { sqliteConnection?: () => SqliteConnection | null }).sqliteConnection });
  }
  const client = new PostgresClient({ adapter: adapter as never }) as unknown as HotlinePrisma;
  const endPool = (adapter as { endPool?: () => Promise<void> }).endPool;
  const disconnect = client.$disconnect.bind(client);
  return Object.assign(client, {
    $disconnect: async () => {
      await disconnect();
      await endPool?.();
    },
  });
}
