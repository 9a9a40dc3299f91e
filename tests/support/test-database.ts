import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { resolveDatabaseTarget, type DatabaseTarget } from '../../src/config/config';
import { migrateDatabase } from '../../src/persistence/migrations';

export type DatabaseKind = 'sqlite' | 'postgresql';

/** Where the tests' PostgreSQL server is; each test file creates and drops its own database on it. */
export const POSTGRES_ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/** A fresh, migrated database of the given kind: a temp SQLite file or a new PostgreSQL database. */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const name = `hotline_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-test-'));
    const url = `file:${path.join(dir, `${name}.db`)}`;
    const target = resolveDatabaseTarget(url);
    await migrateDatabase(target);
    return { kind, url, target, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  const target = resolveDatabaseTarget(url.toString());
  await migrateDatabase(target);
  return {
    kind,
    url: url.toString(),
    target,
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

/** The database kinds integration tests run against: both by default, one with TEST_DATABASES=sqlite. */
export const DATABASE_KINDS: DatabaseKind[] = (process.env.TEST_DATABASES ?? 'sqlite,postgresql')
  .split(',')
  .map((k) => k.trim())
  .filter((k): k is DatabaseKind => k === 'sqlite' || k === 'postgresql');
