import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { DatabaseTarget } from '../config/config';
import type { HotlinePrisma } from './prisma-client';

const PRISMA_CLI = require.resolve('prisma/build/index.js');
const PROJECT_ROOT = path.resolve(__dirname, '..', '..');

/**
 * Applies pending migrations with `prisma migrate deploy` for the target's schema folder. On PostgreSQL
 * Prisma holds an advisory lock while it migrates, so several instances starting at once are safe.
 */
export function migrateDatabase(target: DatabaseTarget): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [PRISMA_CLI, 'migrate', 'deploy'], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, DATABASE_URL: target.kind === 'sqlite' ? `file:${target.file}` : target.url, PRISMA_HIDE_UPDATE_MESSAGE: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    let succeeded = false;
    child.stdout.on('data', (d: Buffer) => {
      output += d.toString();
      // The CLI lingers ~10 s after success still holding PostgreSQL's advisory lock, which would make other
      // instances starting now time out (P1002): once it says it is done, it is stopped.
      if (!succeeded && /All migrations have been successfully applied|No pending migrations to apply/.test(output)) {
        succeeded = true;
        child.kill('SIGTERM');
      }
    });
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0 || succeeded) resolve(output.trim());
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.replace(/postgres(ql)?:\/\/[^\s"']+/g, 'postgresql://…')}`));
    });
  });
}

/** The migration folders committed for a target, by name. */
function committedMigrations(target: DatabaseTarget): string[] {
  const dir = path.join(PROJECT_ROOT, 'prisma', target.kind, 'migrations');
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name);
}

/**
 * Migrates only when a committed migration is not applied yet. `migrate deploy` costs a second or two and, on
 * PostgreSQL, waits for an advisory lock shared by every database on the server; a running SQLite server keeps
 * its file open in WAL mode, where it cannot take its lock at all. A database already up to date needs neither.
 */
export async function migrateIfBehind(target: DatabaseTarget, prisma: HotlinePrisma): Promise<void> {
  const applied = await prisma.$queryRaw<Array<{ migration_name: string }>>`SELECT "migration_name" FROM "_prisma_migrations" WHERE "finished_at" IS NOT NULL`
    .then((rows) => new Set(rows.map((r) => r.migration_name)))
    .catch(() => new Set<string>());
  if (committedMigrations(target).every((name) => applied.has(name))) return;
  await migrateDatabase(target);
}
