import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { resolveDatabaseTarget } from '../../src/config/config';
import { migrateDatabase } from '../../src/persistence/migrations';
import { startTestPostgres, type TestPostgresServer } from './test-postgres-server';

/**
 * What jest's global setup hands the test files, through the environment (it runs in another context):
 * each test file copies a database migrated once here instead of migrating its own.
 */
export const TEMPLATE_ENV = {
  /** A migrated SQLite file; each test file copies it. */
  sqliteFile: 'TEST_SQLITE_TEMPLATE',
  /** The superuser URL of the tests' PostgreSQL (the embedded one, or TEST_POSTGRES_URL). */
  postgresAdminUrl: 'TEST_POSTGRES_ADMIN_URL',
  /** A migrated PostgreSQL database; each test file creates its own with `CREATE DATABASE … TEMPLATE` it. */
  postgresTemplate: 'TEST_POSTGRES_TEMPLATE',
} as const;

/** The database kinds integration tests run against: both by default, one with TEST_DATABASES=sqlite. */
export function databaseKindsFromEnv(): Array<'sqlite' | 'postgresql'> {
  return (process.env.TEST_DATABASES ?? 'sqlite,postgresql')
    .split(',')
    .map((k) => k.trim())
    .filter((k): k is 'sqlite' | 'postgresql' => k === 'sqlite' || k === 'postgresql');
}

export interface DatabaseTemplates {
  /** Drops what was created and stops what was started; safe to call once whatever happened before. */
  close(): Promise<void>;
}

declare global {
  // Jest's global setup and teardown run in its own process and share only its globals.
  var hotlineTestDatabases: DatabaseTemplates | undefined;
}

/**
 * Migrates one template per database kind in use and publishes them through TEMPLATE_ENV. Without
 * TEST_POSTGRES_URL it starts the tests' own PostgreSQL first. On failure it undoes what it did and throws.
 */
export async function prepareDatabaseTemplates(): Promise<DatabaseTemplates> {
  const kinds = databaseKindsFromEnv();
  const undo: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const step of undo.splice(0).reverse()) await step().catch(() => undefined);
  };
  // Settled, not raced: a failure is undone only once the other kind has finished too.
  const results = await Promise.allSettled([
    kinds.includes('sqlite') ? sqliteTemplate(undo) : Promise.resolve(),
    kinds.includes('postgresql') ? postgresTemplate(undo) : Promise.resolve(),
  ]);
  const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
  if (failure) {
    await close();
    throw failure.reason;
  }
  return { close };
}

async function sqliteTemplate(undo: Array<() => Promise<void>>): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-sqlite-template-'));
  undo.push(async () => fs.rmSync(dir, { recursive: true, force: true }));
  const file = path.join(dir, 'template.db');
  await migrateDatabase(resolveDatabaseTarget(`file:${file}`)).catch((err: Error) => {
    throw new Error(`migrating the SQLite template failed: ${err.message}`);
  });
  process.env[TEMPLATE_ENV.sqliteFile] = file;
}

async function postgresTemplate(undo: Array<() => Promise<void>>): Promise<void> {
  let adminUrl = process.env.TEST_POSTGRES_URL;
  if (!adminUrl) {
    const server: TestPostgresServer = await startTestPostgres();
    undo.push(server.stop);
    adminUrl = server.url;
  }
  // Unique per run: TEST_POSTGRES_URL may name a server other runs use too.
  const template = `hotline_template_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  await onServer(adminUrl, (c) => c.query(`CREATE DATABASE ${template}`)).catch((err: Error) => {
    throw new Error(`PostgreSQL at ${redacted(adminUrl!)} refused CREATE DATABASE: ${err.message}`);
  });
  undo.push(() =>
    onServer(adminUrl!, async (c) => {
      await c.query(`ALTER DATABASE ${template} WITH IS_TEMPLATE false`);
      await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    }),
  );
  const url = new URL(adminUrl);
  url.pathname = `/${template}`;
  await migrateDatabase(resolveDatabaseTarget(url.toString())).catch((err: Error) => {
    throw new Error(`migrating the PostgreSQL template failed: ${err.message}`);
  });
  // A template must have no sessions when it is copied: the migration's are ended and no new one is let in.
  await onServer(adminUrl, async (c) => {
    await c.query(`ALTER DATABASE ${template} WITH ALLOW_CONNECTIONS false IS_TEMPLATE true`);
    await c.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [template]);
  });
  process.env[TEMPLATE_ENV.postgresAdminUrl] = adminUrl;
  process.env[TEMPLATE_ENV.postgresTemplate] = template;
}

/** One short admin session. */
export async function onServer<T>(adminUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 10_000 });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

function redacted(url: string): string {
  const u = new URL(url);
  if (u.password) u.password = '…';
  return u.toString();
}
