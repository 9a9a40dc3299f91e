import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { TEST_AUTH_TOKEN, TEST_OPS_TOKEN, TEST_PUBLIC_BASE_URL } from '../../support/test-hotline';
import { TwilioTestClient } from '../../support/twilio-test-client';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** A hotline started the way production starts it (`npm start`, or its command), in its own process. */
export interface HotlineProcess {
  name: string;
  pid: number;
  url: string;
  twilio: TwilioTestClient;
  /** Its stdout, one JSON log line each. */
  logs: string[];
  /** Resolves when the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Sends the signal; resolves when the process has exited. */
  stop(signal: 'SIGTERM' | 'SIGKILL'): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running = new Set<ChildProcess>();
let previousStart: Promise<unknown> = Promise.resolve();

/**
 * Starts `npm start`'s command on PORT=0 against `databaseUrl` with the test tokens and public URL, and waits
 * for its "hotline listening" log line to learn the port. Starts run one after another: each start runs
 * `prisma migrate deploy`, whose PostgreSQL advisory lock stays held until that CLI exits, and a second start
 * waiting for it more than 10 s fails with P1002.
 */
export function startHotlineProcess(
  name: string,
  databaseUrl: string,
  env: Record<string, string> = {},
  how: { viaNpm?: boolean } = {},
): Promise<HotlineProcess> {
  const start = previousStart.catch(() => undefined).then(() => launch(name, databaseUrl, env, how.viaNpm ?? false));
  previousStart = start;
  return start;
}

async function launch(name: string, databaseUrl: string, env: Record<string, string>, viaNpm: boolean): Promise<HotlineProcess> {
  // Each instance its own outage spool, as in production.
  const spoolDir = fs.mkdtempSync(path.join(os.tmpdir(), `hotline-spool-${name}-`));
  const [command, args] = viaNpm ? ['npm', ['start']] : [process.execPath, ['--import', 'tsx', 'src/main.ts']];
  const child = spawn(command, args, {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'test',
      PORT: '0',
      PUBLIC_BASE_URL: TEST_PUBLIC_BASE_URL,
      TWILIO_AUTH_TOKEN: TEST_AUTH_TOKEN,
      OPS_API_TOKEN: TEST_OPS_TOKEN,
      DATABASE_URL: databaseUrl,
      BUSINESS_HOURS: 'always',
      LOG_LEVEL: 'info',
      OUTAGE_SPOOL_DIR: spoolDir,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running.add(child);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      running.delete(child);
      fs.rmSync(spoolDir, { recursive: true, force: true });
      resolve({ code, signal });
    });
  });
  const logs: string[] = [];
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let pending = '';
    const timer = setTimeout(() => reject(new Error(`hotline ${name} did not listen within 45 s:\n${stderr}`)), 30_000);
    child.stdout!.on('data', (d: Buffer) => {
      pending += d.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        logs.push(line);
        const entry = parseLine(line);
        if (entry?.msg === 'hotline listening' && typeof entry.port === 'number') {
          clearTimeout(timer);
          resolve(entry.port);
        }
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`hotline ${name} exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    name,
    pid: child.pid!,
    url,
    twilio: new TwilioTestClient(url, TEST_PUBLIC_BASE_URL, TEST_AUTH_TOKEN),
    logs,
    exited,
    stop: (signal) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Kills (SIGKILL) every hotline process a test started that is still running; for `afterAll`. */
export async function killRemainingHotlineProcesses(): Promise<void> {
  const left = [...running];
  await Promise.all(
    left.map(
      (child) =>
        new Promise<void>((resolve) => {
          if (child.exitCode !== null || child.signalCode !== null) return resolve();
          child.once('exit', () => resolve());
          child.kill('SIGKILL');
        }),
    ),
  );
}

function parseLine(line: string): Record<string, unknown> | null {
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return null;
  }
}
