import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
/** `node --import tsx`: one process, so a signal reaches the server itself (the tsx launcher would be a second one). */
const NODE_TSX = [process.execPath, '--import', 'tsx'];

interface Server {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

function startServer(databaseFile: string): Server {
  let output = '';
  const child = spawn(NODE_TSX[0]!, [...NODE_TSX.slice(1), 'src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: `file:${databaseFile}`, PORT: '0', LOG_LEVEL: 'info', NODE_ENV: 'development', TWILIO_AUTH_TOKEN: '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function listening(server: Server): Promise<void> {
  const end = Date.now() + 30_000;
  while (!server.output().includes('hotline listening')) {
    if (Date.now() > end) throw new Error(`server did not start:\n${server.output()}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('one hotline server per SQLite file', () => {
  let dir: string;
  let file: string;
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-lock-'));
    // A folder that does not exist yet, like data/ on a fresh clone.
    file = path.join(dir, 'data', 'hotline.db');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('when a second server starts on the same SQLite file, then it refuses with a clear message, while commands still work', async () => {
    const first = startServer(file);
    try {
      await listening(first);
      const second = startServer(file);
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/Another hotline server \(pid \d+\) is already using .*hotline\.db/);
      expect(second.output()).toContain('PostgreSQL');

      const agents = spawnSync(NODE_TSX[0]!, [...NODE_TSX.slice(1), 'src/cli/agents-cli.ts', 'list'], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: `file:${file}` },
        encoding: 'utf8',
      });
      expect(agents.status).toBe(0);
      expect(agents.stdout).toContain('1001');
    } finally {
      first.child.kill('SIGTERM');
    }
    // SIGTERM: it drains and exits cleanly, releasing the file for the next server.
    expect(await first.exited).toBe(0);
    expect(fs.existsSync(`${file}.server.lock`)).toBe(false);
  }, 90_000);

  test('when the server holding the file was killed with -9, then a new server takes over its stale lock', async () => {
    const crashed = startServer(file);
    await listening(crashed);
    crashed.child.kill('SIGKILL');
    await crashed.exited;
    expect(fs.existsSync(`${file}.server.lock`)).toBe(true);
    const next = startServer(file);
    try {
      await listening(next);
    } finally {
      next.child.kill('SIGTERM');
      await next.exited;
    }
  }, 90_000);
});
