import { spawn } from 'node:child_process';
import path from 'node:path';
import type { DatabaseTarget } from '../config/config';

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
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (code === 0) resolve(output.trim());
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output.replace(/postgres(ql)?:\/\/[^\s"']+/g, 'postgresql://…')}`));
    });
  });
}
