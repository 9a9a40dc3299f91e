import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import { startHotline } from '../../src/server';

/** Reports event-loop stalls over 100 ms and GC pauses over 50 ms on stdout, so the bench can tell a slow tail's cause. */
function reportStalls(): void {
  const delay = monitorEventLoopDelay({ resolution: 10 });
  delay.enable();
  setInterval(() => {
    const maxMs = delay.max / 1e6;
    if (maxMs > 100) process.stdout.write(`BENCH_STALL ${maxMs.toFixed(0)}\n`);
    delay.reset();
  }, 1000).unref();
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if (e.duration > 50) process.stdout.write(`BENCH_GC ${e.duration.toFixed(0)}\n`);
  }).observe({ entryTypes: ['gc'] });
}

/**
 * The real hotline for the benchmark, in its own process: `startHotline` with the environment the bench
 * gives it (migrations applied, port 0). Prints `BENCH_LISTENING <port>` once it listens; SIGTERM drains
 * and exits (so `--cpu-prof` can write its profile).
 */
async function main(): Promise<void> {
  reportStalls();
  const hotline = await startHotline({ port: 0, env: process.env });
  process.stdout.write(`BENCH_LISTENING ${new URL(hotline.url).port}\n`);
  process.once('SIGTERM', () => {
    hotline.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}

// A bench that dies without stopping its servers (kill -9) must not leave them running.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) process.exit(0);
}, 1000).unref();

main().catch((err: unknown) => {
  process.stderr.write(`bench hotline could not start: ${(err as Error).message}\n`);
  process.exit(1);
});
