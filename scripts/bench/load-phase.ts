import http from 'node:http';
import { CallWalker, type FaultRates, type WalkerTarget } from './call-walker';
import { postgresCpuBetween, postgresCpuByPid, type ServerProcess } from './server-process';

/** What one load phase measured (only the requests answered inside the measured window count). */
export interface PhaseResult {
  label: string;
  requests: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p95: number;
  p99: number;
  p999: number;
  max: number;
  /** Server CPU per answered webhook, ms. */
  cpuMsPerRequest: number;
  /** Server CPU use over the window, in cores (1.0 = one core busy all the time). */
  cpuCores: number;
  /** CPU of the PostgreSQL server processes per answered webhook, ms (when `countPostgres`). */
  postgresCpuMsPerRequest: number | null;
  /** Event-loop stalls over 100 ms and GC pauses over 50 ms in the server during the window. */
  pauses: { stalls: number; maxStallMs: number; gcPauses: number; maxGcMs: number };
  calls: number;
  errors: number;
  non2xx: number;
  apologies: number;
  walker: CallWalker;
}

export interface PhaseOptions {
  label: string;
  target: WalkerTarget;
  server: ServerProcess;
  /** Closed loop: this many simulated callers, each sending its next request as soon as the last is answered. */
  connections?: number;
  /** Open loop: this many webhooks a second on a fixed schedule, whatever the answers take. */
  rate?: number;
  warmupSeconds: number;
  seconds: number;
  faults?: FaultRates;
  record?: boolean;
  seed?: number;
  /** Also measure the CPU the PostgreSQL server processes use in the window. */
  countPostgres?: boolean;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Runs simulated calls against a server: a warm-up, then a measured window, then lets every call in progress
 * finish (so no call is left half-walked), and reports the window's figures.
 */
export async function runPhase(o: PhaseOptions): Promise<PhaseResult> {
  const open = o.rate !== undefined;
  const walkers = open ? Math.max(32, Math.ceil(o.rate! / 4)) : o.connections!;
  const agent = new http.Agent({ keepAlive: true, maxSockets: open ? Infinity : walkers * (o.faults ? 2 : 1) });
  const latencies: number[] = [];
  let measuring = false;
  let stop = false;
  const walker = new CallWalker({
    ...o.target,
    agent,
    faults: o.faults,
    record: o.record,
    seed: o.seed,
    pace: open ? pacer(o.rate!) : undefined,
    onLatency: (ms) => {
      if (measuring) latencies.push(ms);
    },
  });
  const loops = Array.from({ length: walkers }, async () => {
    while (!stop) await walker.walkCall();
  });
  await sleep(o.warmupSeconds * 1000);
  const before = { ...walker.counts };
  const cpu0 = o.server.cpuMs();
  const pg0 = o.countPostgres ? postgresCpuByPid() : null;
  const t0 = performance.now();
  measuring = true;
  await sleep(o.seconds * 1000);
  measuring = false;
  const t1 = performance.now();
  const cpu1 = o.server.cpuMs();
  const pg1 = o.countPostgres ? postgresCpuByPid() : null;
  const after = { ...walker.counts };
  stop = true;
  await Promise.all(loops);
  agent.destroy();

  const seconds = (t1 - t0) / 1000;
  const sorted = Float64Array.from(latencies).sort();
  const pct = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]! : NaN);
  return {
    label: o.label,
    requests: sorted.length,
    seconds,
    perSecond: sorted.length / seconds,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    p999: pct(99.9),
    max: sorted.length ? sorted[sorted.length - 1]! : NaN,
    cpuMsPerRequest: sorted.length ? (cpu1 - cpu0) / sorted.length : NaN,
    cpuCores: (cpu1 - cpu0) / (t1 - t0),
    pauses: o.server.pausesSince(t0),
    postgresCpuMsPerRequest: pg0 && pg1 && sorted.length ? postgresCpuBetween(pg0, pg1) / sorted.length : null,
    calls: walker.counts.calls,
    errors: after.errors - before.errors,
    non2xx: after.non2xx - before.non2xx,
    apologies: after.apologies - before.apologies,
    walker,
  };
}

/**
 * An open-loop schedule: each request takes the next slot. A walker that asks for a slot already past (every
 * walker was busy: the server fell behind) is timed from the slot, so waiting for the server counts; a walker
 * that waited for its slot is timed from when it was woken.
 */
function pacer(rate: number): () => Promise<number> {
  const interval = 1000 / rate;
  let next = performance.now() + interval;
  return () => {
    const due = next;
    next += interval;
    const delay = due - performance.now();
    if (delay <= 0) return Promise.resolve(due);
    return new Promise((resolve) => setTimeout(() => resolve(performance.now()), delay));
  };
}
