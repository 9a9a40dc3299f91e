import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { resolveDatabaseTarget } from '../../src/config/config';
import { createPrismaClient } from '../../src/persistence/prisma-client';
import { checkLedger } from './call-ledger';
import { summariseCpuProfile } from './cpu-profile-summary';
import { runPhase, type PhaseResult } from './load-phase';
import { startServerProcess, type ServerProcess } from './server-process';
import { readStoredCallLogs } from './stored-call-logs';

/**
 * `npm run bench`: the ceiling (bare Express), the hotline on SQLite and the hotline on PostgreSQL, one after
 * another, each in its own process, driven by simulated calls that walk real paths, signed like Twilio.
 * Prints the figures, PASS/FAIL against issue 6's targets, and (with --faults) the duplicate/reorder ledger.
 * Exits 0 whatever the figures: a miss is information, not a crash.
 */

type TargetName = 'ceiling' | 'sqlite' | 'postgresql';

interface Args {
  quick: boolean;
  targets: TargetName[];
  seconds: number;
  warmup: number;
  faults: boolean;
  soakMinutes: number | null;
  profile: boolean;
  json: string | null;
}

const AUTH_TOKEN = 'bench-auth-token-0123456789abcdef';
const OPS_TOKEN = 'bench-ops-token-0123456789abcdef';
const PUBLIC_BASE_URL = 'https://hotline.bench.test';
const POSTGRES_ADMIN_URL = process.env.BENCH_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';

const TARGETS = {
  throughputRatio: { sqlite: 0.1, postgresql: 0.07 },
  unloadedP50Ms: { sqlite: 2, postgresql: 4 },
  p99At200PerSecondMs: 20,
  p999At200ConnectionsMs: 1000,
};

function parseArgs(argv: string[]): Args {
  const flag = (name: string) => argv.includes(`--${name}`);
  const value = (name: string) => {
    const hit = argv.find((a) => a.startsWith(`--${name}=`));
    return hit ? hit.slice(name.length + 3) : null;
  };
  const quick = flag('quick');
  const soak = flag('soak') || value('soak') !== null;
  return {
    quick,
    targets: (value('targets') ?? 'ceiling,sqlite,postgresql').split(',').map((t) => t.trim()) as TargetName[],
    seconds: Number(value('seconds') ?? (quick ? 3 : 20)),
    warmup: Number(value('warmup') ?? (quick ? 1 : 3)),
    faults: !flag('no-faults'),
    soakMinutes: soak ? Number(value('soak') ?? (quick ? 0.5 : 10)) : null,
    profile: flag('profile'),
    json: value('json'),
  };
}

function machine() {
  const cpu = /model name\s*:\s*(.+)/.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    cpu,
    cores: os.cpus().length,
    ramGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    os: `${os.type()} ${os.release()}`,
    date: new Date().toISOString(),
    loadAverage: os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' '),
  };
}

const out = (line = '') => process.stdout.write(`${line}\n`);
const ms = (v: number) => (Number.isFinite(v) ? (v < 10 ? v.toFixed(2) : v.toFixed(1)) : '–');

interface TargetResult {
  target: TargetName;
  unloaded: PhaseResult;
  closed50: PhaseResult;
  closed200: PhaseResult;
  open200: PhaseResult;
  peakRssMiB: number;
  ledger?: { calls: number; deliveries: number; stepsChecked: number; problems: string[]; faults: Record<string, number>; unfinished: number };
  soak?: {
    samples: Array<{ minute: number; rssMiB: number }>;
    growthPercent: number;
    requests: number;
    middle: { floor: number; median: number; peak: number };
    last: { floor: number; median: number; peak: number };
  };
  profile?: string;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const m = machine();
  out(`# hotline benchmark ${args.quick ? '(quick)' : ''}`);
  out(`machine: ${m.cpu}, ${m.cores} cores, ${m.ramGiB} GiB RAM, ${m.os}, node ${m.node}, load average at start ${m.loadAverage}`);
  out(`date: ${m.date}`);
  out(`phases: ${args.warmup} s warm-up + ${args.seconds} s measured each; servers log at LOG_LEVEL=warn (no per-webhook log line), NODE_ENV=development`);
  out('');

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'hotline-bench-'));
  const results: TargetResult[] = [];
  try {
    for (const target of args.targets) results.push(await benchTarget(target, args, tmp));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }

  summarise(results, args);
  if (args.json) fs.writeFileSync(args.json, JSON.stringify({ machine: m, args, results: results.map(strip) }, null, 2));
}

/** What must be cleaned up if the bench is interrupted (Ctrl-C): the running server and its database. */
const active: { server: ServerProcess | null; database: { drop(): Promise<void> } | null } = { server: null, database: null };

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    out(`\n${signal}: stopping the server and dropping the bench database`);
    void (async () => {
      await active.server?.stop(2_000).catch(() => undefined);
      await active.database?.drop().catch(() => undefined);
      process.exit(130);
    })();
  });
}

async function benchTarget(target: TargetName, args: Args, tmp: string): Promise<TargetResult> {
  out(`## ${target}`);
  let database: { url: string; drop(): Promise<void> } | null = null;
  let server: ServerProcess | null = null;
  const profileDir = path.join(tmp, `profile-${target}`);
  try {
    database = target === 'sqlite' ? sqliteDatabase(tmp) : target === 'postgresql' ? await postgresDatabase() : null;
    active.database = database;
    const env: Record<string, string> = {
      NODE_ENV: 'development',
      PUBLIC_BASE_URL,
      TWILIO_AUTH_TOKEN: AUTH_TOKEN,
      OPS_API_TOKEN: OPS_TOKEN,
      BUSINESS_HOURS: 'always',
      LOG_LEVEL: 'warn',
      ...(database ? { DATABASE_URL: database.url } : {}),
    };
    const flags = args.profile && target !== 'ceiling' ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`] : [];
    server = await startServerProcess(target === 'ceiling' ? 'scripts/bench/ceiling-server.ts' : 'scripts/bench/hotline-server.ts', env, flags);
    active.server = server;
    const where = { listenUrl: server.url, publicBaseUrl: PUBLIC_BASE_URL, authToken: AUTH_TOKEN };
    const phase = async (label: string, o: { connections?: number; rate?: number; seconds?: number }) => {
      const r = await runPhase({
        label,
        target: where,
        server: server!,
        warmupSeconds: args.warmup,
        seconds: o.seconds ?? args.seconds,
        countPostgres: target === 'postgresql',
        ...o,
      });
      out(phaseLine(r));
      return r;
    };
    // Warm the JIT, the pools and the caches before anything is measured.
    await runPhase({ label: 'warm-up', target: where, server, connections: 20, warmupSeconds: 0, seconds: args.quick ? 1 : 5 });
    const unloaded = await phase('1 connection', { connections: 1, seconds: Math.max(2, Math.round(args.seconds / 2)) });
    const closed50 = await phase('50 connections', { connections: 50 });
    const closed200 = await phase('200 connections', { connections: 200 });
    const open200 = await phase('open loop 200/s', { rate: 200 });
    const result: TargetResult = { target, unloaded, closed50, closed200, open200, peakRssMiB: server.memory().peakMiB };

    if (args.faults && database) result.ledger = await ledgerRun(target, where, server, database.url, args);
    if (args.soakMinutes !== null && database) result.soak = await soak(where, server, args.soakMinutes, args.quick);
    result.peakRssMiB = server.memory().peakMiB;
    out(`peak RSS (VmHWM) ${result.peakRssMiB.toFixed(0)} MiB`);

    await server.stop();
    server = null;
    if (flags.length) result.profile = printProfile(profileDir);
    out('');
    return result;
  } finally {
    await server?.stop();
    await database?.drop();
    active.server = null;
    active.database = null;
  }
}

/** Load with 10 % duplicated and 5 % reordered deliveries, then every call's log checked against what was sent. */
async function ledgerRun(
  target: TargetName,
  where: { listenUrl: string; publicBaseUrl: string; authToken: string },
  server: ServerProcess,
  url: string,
  args: Args,
) {
  const r = await runPhase({
    label: 'duplicates 10 % / reordered 5 %, 50 connections',
    target: where,
    server,
    connections: 50,
    warmupSeconds: 0,
    seconds: Math.max(3, Math.round(args.seconds / 2)),
    faults: { duplicate: 0.1, reorder: 0.05 },
    record: true,
    seed: 6,
  });
  out(phaseLine(r));
  const prisma = createPrismaClient(resolveDatabaseTarget(url));
  try {
    const stored = await readStoredCallLogs(prisma);
    const report = checkLedger(r.walker.records, stored);
    const unfinished = [...stored.values()].filter((c) => c.state !== 'ended').length;
    const faults = { ...r.walker.faultsSent };
    out(
      `ledger (${target}): ${report.calls} calls, ${report.deliveries} deliveries (${faults.duplicate} duplicated, ${faults.lateDuplicate} late duplicates, ` +
        `${faults.statusBeforeQueueResult} status before queue result, ${faults.staleHoldPoll} stale hold polls), ${report.stepsChecked} steps each logged exactly once; ` +
        `${unfinished} of ${stored.size} calls in the database unfinished — ${report.problems.length === 0 && unfinished === 0 ? 'PASS' : 'FAIL'}`,
    );
    for (const p of report.problems.slice(0, 20)) out(`  ${p}`);
    if (report.problems.length > 20) out(`  … and ${report.problems.length - 20} more`);
    return { ...report, faults, unfinished };
  } finally {
    await prisma.$disconnect();
  }
}

/**
 * Steady open-loop load for `minutes`, sampling the server's RSS every 5 s (printed every 30 s). The garbage
 * collector makes RSS a sawtooth, so flatness is judged on each third's floor (lowest sample) and median:
 * a leak raises the floor.
 */
async function soak(where: { listenUrl: string; publicBaseUrl: string; authToken: string }, server: ServerProcess, minutes: number, quick: boolean) {
  const sampleEveryMs = quick ? 1_000 : 5_000;
  const printEvery = quick ? 2 : 6;
  out(`soak: ${minutes} min at 200 webhooks/s, RSS sampled every ${sampleEveryMs / 1000} s`);
  const samples: Array<{ minute: number; rssMiB: number }> = [];
  const started = Date.now();
  const timer = setInterval(() => {
    const s = { minute: (Date.now() - started) / 60_000, rssMiB: server.memory().rssMiB };
    samples.push(s);
    if (samples.length % printEvery === 0) out(`  ${s.minute.toFixed(1).padStart(5)} min  RSS ${s.rssMiB.toFixed(1)} MiB`);
  }, sampleEveryMs);
  const r = await runPhase({ label: 'soak', target: where, server, rate: 200, warmupSeconds: 0, seconds: minutes * 60 });
  clearInterval(timer);
  out(phaseLine(r));
  // The first third holds the heap's growth to its working size; compare the second third with the last.
  const third = Math.max(1, Math.floor(samples.length / 3));
  const stats = (xs: typeof samples) => {
    const v = xs.map((s) => s.rssMiB).sort((a, b) => a - b);
    return { floor: v[0] ?? NaN, median: v[Math.floor(v.length / 2)] ?? NaN, peak: v[v.length - 1] ?? NaN };
  };
  const middle = stats(samples.slice(third, 2 * third));
  const last = stats(samples.slice(-third));
  const growthPercent = (100 * (last.floor - middle.floor)) / middle.floor;
  const f = (x: { floor: number; median: number; peak: number }) =>
    `floor ${x.floor.toFixed(0)} / median ${x.median.toFixed(0)} / peak ${x.peak.toFixed(0)} MiB`;
  out(`soak RSS: middle third ${f(middle)}; last third ${f(last)}; floor ${growthPercent >= 0 ? '+' : ''}${growthPercent.toFixed(1)} %`);
  return { samples, growthPercent, requests: r.requests, middle, last };
}

function printProfile(dir: string): string | undefined {
  const file = fs.existsSync(dir) ? fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile')) : undefined;
  if (!file) return undefined;
  const lines: string[] = [];
  for (const groupBy of ['package', 'function'] as const) {
    const { totalMs, lines: top } = summariseCpuProfile(path.join(dir, file), groupBy === 'package' ? 15 : 30, groupBy);
    lines.push(`self time by ${groupBy} (${(totalMs / 1000).toFixed(1)} s sampled):`);
    for (const l of top) lines.push(`  ${l.selfPercent.toFixed(1).padStart(5)} %  ${l.name}  ${l.where}`);
  }
  const kept = path.join(process.cwd(), 'tmp', `bench-${path.basename(dir)}-${Date.now()}.cpuprofile`);
  fs.mkdirSync(path.dirname(kept), { recursive: true });
  fs.copyFileSync(path.join(dir, file), kept);
  lines.push(`profile kept at ${path.relative(process.cwd(), kept)}`);
  const text = lines.join('\n');
  out(text);
  return text;
}

function phaseLine(r: PhaseResult): string {
  const problems = [
    r.errors && `${r.errors} failed calls`,
    r.non2xx && `${r.non2xx} non-2xx`,
    r.apologies && `${r.apologies} apologies`,
    r.pauses.stalls && `${r.pauses.stalls} event-loop stalls, longest ${r.pauses.maxStallMs} ms`,
    r.pauses.gcPauses && `${r.pauses.gcPauses} GC pauses > 50 ms, longest ${r.pauses.maxGcMs} ms`,
  ]
    .filter(Boolean)
    .join(', ');
  return (
    `  ${r.label.padEnd(48)} ${r.perSecond.toFixed(0).padStart(6)} webhooks/s  p50 ${ms(r.p50)}  p95 ${ms(r.p95)}  p99 ${ms(r.p99)}  p99.9 ${ms(r.p999)}  max ${ms(r.max)} ms` +
    `  server CPU ${r.cpuMsPerRequest.toFixed(3)} ms/webhook (${r.cpuCores.toFixed(2)} cores)` +
    `${r.postgresCpuMsPerRequest !== null ? `  postgres CPU ${r.postgresCpuMsPerRequest.toFixed(3)} ms/webhook` : ''}${problems ? `  [${problems}]` : ''}`
  );
}

function summarise(results: TargetResult[], args: Args): void {
  const ceiling = results.find((r) => r.target === 'ceiling');
  const ceilingRate = ceiling ? Math.max(ceiling.closed50.perSecond, ceiling.closed200.perSecond) : NaN;
  const ceilingCpu = ceiling?.closed50.cpuMsPerRequest ?? NaN;
  out('## summary');
  out('');
  out(
    '| target | webhooks/s @50 | webhooks/s @200 | ratio to ceiling | server CPU ms/webhook @50 | CPU ratio (ceiling ÷ target) | unloaded p50 | p50/p95/p99/p99.9 @50 (ms) | p99.9 @200 (ms) | p99 @200/s open loop (ms) | peak RSS (MiB) |',
  );
  out('|---|---|---|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    const best = Math.max(r.closed50.perSecond, r.closed200.perSecond);
    const c = r.closed50;
    out(
      `| ${r.target} | ${r.closed50.perSecond.toFixed(0)} | ${r.closed200.perSecond.toFixed(0)} | ${(best / ceilingRate).toFixed(3)} | ${c.cpuMsPerRequest.toFixed(3)}${c.postgresCpuMsPerRequest !== null ? ` (+ ${c.postgresCpuMsPerRequest.toFixed(3)} postgres)` : ''} | ${(ceilingCpu / c.cpuMsPerRequest).toFixed(3)} | ` +
        `${ms(r.unloaded.p50)} | ${ms(c.p50)} / ${ms(c.p95)} / ${ms(c.p99)} / ${ms(c.p999)} | ${ms(r.closed200.p999)} | ${ms(r.open200.p99)} | ${r.peakRssMiB.toFixed(0)} |`,
    );
  }
  out('');
  out('## targets (issue 6)');
  for (const r of results) {
    if (r.target === 'ceiling') continue;
    const best = Math.max(r.closed50.perSecond, r.closed200.perSecond);
    const ratio = best / ceilingRate;
    const check = (name: string, ok: boolean, detail: string) => out(`${ok ? 'PASS' : 'FAIL'}  ${r.target.padEnd(10)} ${name.padEnd(36)} ${detail}`);
    if (ceiling)
      check(
        'throughput ≥ ' + TARGETS.throughputRatio[r.target] + ' of the ceiling',
        ratio >= TARGETS.throughputRatio[r.target],
        `${ratio.toFixed(3)} (${best.toFixed(0)} / ${ceilingRate.toFixed(0)} webhooks/s)`,
      );
    check(`unloaded p50 ≤ ${TARGETS.unloadedP50Ms[r.target]} ms`, r.unloaded.p50 <= TARGETS.unloadedP50Ms[r.target], `${ms(r.unloaded.p50)} ms`);
    check(
      `p99 ≤ ${TARGETS.p99At200PerSecondMs} ms at 200 webhooks/s`,
      r.open200.p99 <= TARGETS.p99At200PerSecondMs,
      `${ms(r.open200.p99)} ms (achieved ${r.open200.perSecond.toFixed(0)}/s)`,
    );
    check(`p99.9 ≤ ${TARGETS.p999At200ConnectionsMs} ms at 200 connections`, r.closed200.p999 <= TARGETS.p999At200ConnectionsMs, `${ms(r.closed200.p999)} ms`);
    const clean = [r.unloaded, r.closed50, r.closed200, r.open200].every((p) => p.errors === 0 && p.non2xx === 0 && p.apologies === 0);
    const stalls = [r.unloaded, r.closed50, r.closed200, r.open200].reduce((n, p) => n + p.pauses.stalls, 0);
    check('every webhook answered normally', clean, clean ? 'no errors, no apologies' : 'see the phase lines');
    out(`INFO  ${r.target.padEnd(10)} ${'event-loop stalls > 100 ms'.padEnd(36)} ${stalls} in the four measured phases`);
    if (r.ledger)
      check(
        'duplicates/reorders: ledger exact',
        r.ledger.problems.length === 0 && r.ledger.unfinished === 0,
        `${r.ledger.stepsChecked} steps, ${r.ledger.problems.length} problems, ${r.ledger.unfinished} unfinished`,
      );
    if (r.soak)
      check(
        'memory flat over the soak',
        r.soak.growthPercent <= 10,
        `RSS floor ${r.soak.growthPercent >= 0 ? '+' : ''}${r.soak.growthPercent.toFixed(1)} % from the middle to the last third (${r.soak.requests} webhooks)`,
      );
  }
  if (!ceiling) out('(no ceiling in this run: throughput ratios not computed)');
  if (args.quick) out('(quick run: a smoke test, not figures to record)');
}

function strip(r: TargetResult) {
  const phase = ({ walker: _w, ...rest }: PhaseResult) => rest;
  return { ...r, unloaded: phase(r.unloaded), closed50: phase(r.closed50), closed200: phase(r.closed200), open200: phase(r.open200) };
}

function sqliteDatabase(tmp: string): { url: string; drop(): Promise<void> } {
  const dir = fs.mkdtempSync(path.join(tmp, 'sqlite-'));
  return { url: `file:${path.join(dir, 'bench.db')}`, drop: async () => fs.rmSync(dir, { recursive: true, force: true }) };
}

async function postgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `hotline_bench_${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  const admin = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`bench failed: ${(err as Error).stack ?? err}\n`);
    process.exit(1);
  },
);
