import fs from 'node:fs';
import path from 'node:path';
import { PrismaBetterSQLite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import type { DatabaseTarget } from '../config/config';
import { NameAsTextPool } from './name-as-text-pool';

/** The better-sqlite3 connection under Prisma's SQLite adapter. */
export type SqliteConnection = import('better-sqlite3').Database;

export interface PgPoolOptions {
  max?: number;
  connectionTimeoutMillis?: number;
  statementTimeoutMillis?: number;
  /** Client-side limit for one query (default 10 s). */
  queryTimeoutMillis?: number;
  /** Told when an idle pooled connection dies (a database restart); without a listener pg would crash the process. */
  onIdleError?: (err: Error) => void;
}

/** The Prisma driver adapter for a database target; shared by the app and `prisma.config.ts` (migrations). */
export function createDriverAdapter(target: DatabaseTarget, pool: PgPoolOptions = {}) {
  if (target.kind === 'sqlite') {
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const factory = new PrismaBetterSQLite3({ url: target.url, timeout: 5000 }, { shadowDatabaseUrl: `file:${target.file}.shadow` });
    // Keep hold of the one connection Prisma opens, for the step writer that shares it (ADR 006).
    let connection: SqliteConnection | null = null;
    const connect = factory.connect.bind(factory);
    return Object.assign(factory, {
      connect: async () => {
        const adapter = await connect();
        connection = (adapter as unknown as { client: SqliteConnection }).client;
        return adapter;
      },
      sqliteConnection: () => connection,
    });
  }
  const pgPool = new NameAsTextPool({
    connectionString: target.url,
    max: pool.max ?? 10,
    connectionTimeoutMillis: pool.connectionTimeoutMillis ?? 5000,
    statement_timeout: pool.statementTimeoutMillis,
    // A query on a connection that silently stalled (a partition, a failover) gives up after this, so the pool
    // does not stay full of dead connections once the database is back.
    query_timeout: pool.queryTimeoutMillis ?? 10_000,
    keepAlive: true,
  });
  pgPool.on('error', (err) => pool.onIdleError?.(err));
  // Prisma does not end a pool it was handed; ending it with the client keeps shutdown clean.
  return Object.assign(new PrismaPg(pgPool), { endPool: () => pgPool.end() });
}

/** The schema folder (and its migrations) that belongs to a database target. */
export function schemaFolder(target: DatabaseTarget): string {
  return path.join('prisma', target.kind);
}
