import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLOCK_TICKS_PER_SECOND = 100;

/** A server under test in its own process, so its CPU and memory are its own. */
export interface ServerProcess {
  pid: number;
  url: string;
  /** CPU time the process has used so far (user + system), in ms. */
  cpuMs(): number;
  /** Resident memory now, and its peak so far (VmHWM), in MiB. */
  memory(): { rssMiB: number; peakMiB: number };
  /** Event-loop stalls (> 100 ms) and GC pauses (> 50 ms) the server reported since `since` (performance.now()). */
  pausesSince(since: number): { stalls: number; maxStallMs: number; gcPauses: number; maxGcMs: number };
  /** SIGTERM, then SIGKILL if it has not exited after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `node --import tsx <entry>` with `env` and waits for its `BENCH_LISTENING <port>` line.
 * `nodeFlags` go before the entry (e.g. `--cpu-prof`).
 */
export async function startServerProcess(entry: string, env: Record<string, string>, nodeFlags: string[] = []): Promise<ServerProcess> {
  const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', path.resolve(ROOT, entry)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (!pid) throw new Error(`could not start ${entry}`);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${entry} did not start within 60 s:\n${stderr}`)), 60_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /BENCH_LISTENING (\d+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
      if (out.length > 100_000) out = out.slice(-1000);
    };
    child.stdout!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`${entry} exited with ${code} before listening:\n${stderr}`));
    });
  });
  // Keep reading its output (a full pipe would block a chatty server) for the stall and GC reports.
  const pauses: Array<{ at: number; kind: 'stall' | 'gc'; ms: number }> = [];
  let pending = '';
  child.stdout!.on('data', (d: Buffer) => {
    pending += d.toString();
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const m = /^BENCH_(STALL|GC) (\d+)/.exec(line);
      if (m) pauses.push({ at: performance.now(), kind: m[1] === 'GC' ? 'gc' : 'stall', ms: Number(m[2]) });
    }
    if (pending.length > 100_000) pending = '';
  });
  return {
    pid,
    url: `http://127.0.0.1:${port}`,
    cpuMs: () => cpuMsOf(pid),
    memory: () => memoryOf(pid),
    pausesSince: (since) => {
      const recent = pauses.filter((p) => p.at >= since);
      const of = (kind: 'stall' | 'gc') => recent.filter((p) => p.kind === kind).map((p) => p.ms);
      const stalls = of('stall');
      const gc = of('gc');
      return { stalls: stalls.length, maxStallMs: Math.max(0, ...stalls), gcPauses: gc.length, maxGcMs: Math.max(0, ...gc) };
    },
    stop: (graceMs = 10_000) => stopChild(child, graceMs),
  };
}

/** CPU time (ms) used so far by each process named `postgres` on this machine, by pid. */
export function postgresCpuByPid(): Map<number, number> {
  const byPid = new Map<number, number>();
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim() !== 'postgres') continue;
      byPid.set(Number(entry), cpuMsOf(Number(entry)));
    } catch {
      // The process ended meanwhile.
    }
  }
  return byPid;
}

/** CPU (ms) the `postgres` processes used between two readings; a backend that exited in between is not counted. */
export function postgresCpuBetween(before: Map<number, number>, after: Map<number, number>): number {
  let total = 0;
  for (const [pid, ms] of after) total += ms - (before.get(pid) ?? 0);
  return total;
}

function cpuMsOf(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at ") ": utime and stime are fields 14 and 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND;
}

function memoryOf(pid: number): { rssMiB: number; peakMiB: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? 0);
  return { rssMiB: kib('VmRSS') / 1024, peakMiB: kib('VmHWM') / 1024 };
}

function stopChild(child: ChildProcess, graceMs: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
