import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { resolveDatabaseTarget, type DatabaseTarget } from '../../src/config/config';
import { migrateDatabase } from '../../src/persistence/migrations';
import { databaseKindsFromEnv, onServer, TEMPLATE_ENV } from './test-database-templates';

export type DatabaseKind = 'sqlite' | 'postgresql';

/**
 * Where the tests' PostgreSQL server is: the one jest's global setup started (or TEST_POSTGRES_URL); each test
 * file creates and drops its own database on it. Empty when neither is there.
 */
function postgresAdminUrl(): string {
  return process.env[TEMPLATE_ENV.postgresAdminUrl] ?? process.env.TEST_POSTGRES_URL ?? '';
}

export interface TestDatabase {
  kind: DatabaseKind;
  url: string;
  target: DatabaseTarget;
  drop(): Promise<void>;
}

/**
 * A fresh, migrated database of the given kind: a copy of the global setup's migrated template (a temp SQLite
 * file, or a PostgreSQL database created from the template); migrated here only when there is no template.
 */
export async function createTestDatabase(kind: DatabaseKind): Promise<TestDatabase> {
  const name = `hotline_test_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-test-'));
    const url = `file:${path.join(dir, `${name}.db`)}`;
    const target = resolveDatabaseTarget(url);
    const template = process.env[TEMPLATE_ENV.sqliteFile];
    if (template) fs.copyFileSync(template, path.join(dir, `${name}.db`));
    else await migrateDatabase(target);
    return { kind, url, target, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
  }
  const adminUrl = postgresAdminUrl();
  if (!adminUrl) {
    throw new Error('no PostgreSQL for the tests: run them with jest from the project (its global setup starts one) or set TEST_POSTGRES_URL');
  }
  const template = process.env[TEMPLATE_ENV.postgresTemplate];
  await onServer(adminUrl, (c) => c.query(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`));
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const target = resolveDatabaseTarget(url.toString());
  if (!template) await migrateDatabase(target);
  return {
    kind,
    url: url.toString(),
    target,
    drop: () => onServer(adminUrl, (c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)).then(() => undefined),
  };
}

/** The database kinds integration tests run against: both by default, one with TEST_DATABASES=sqlite. */
export const DATABASE_KINDS: DatabaseKind[] = databaseKindsFromEnv();
