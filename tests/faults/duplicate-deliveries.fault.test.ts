import http from 'node:http';
import { checkLedger } from '../../scripts/bench/call-ledger';
import { CallWalker } from '../../scripts/bench/call-walker';
import { readStoredCallLogs } from '../../scripts/bench/stored-call-logs';
import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, TEST_AUTH_TOKEN, TEST_PUBLIC_BASE_URL, type TestHotline } from '../support/test-hotline';

const CALLS = 140;
const CONCURRENT_CALLS = 24;

describe.each(DATABASE_KINDS)('duplicate and reordered deliveries during load on %s', (kind) => {
  let t: TestHotline;

  beforeAll(async () => {
    // Production's caching of ops' conditions; per-webhook logging off so the load is the steps themselves. The
    // question here is the ledger, not latency (npm run bench measures that): a generous time budget keeps a busy
    // test machine's slow steps from turning into emergency-line answers.
    t = await startTestHotline(kind, { conditionsTtlMs: 1000, webhookTimeBudgetMs: 10_000, env: { LOG_LEVEL: 'warn' } });
  }, 60_000);

  afterAll(async () => {
    await t?.close();
  });

  test('when 10 % of webhooks arrive twice and 5 % out of order while many calls run at once, then every step that got a 2xx is in the call log exactly once, duplicates and hold polls add nothing, and every call ends', async () => {
    const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENT_CALLS * 2 });
    const walker = new CallWalker({
      listenUrl: t.url,
      publicBaseUrl: TEST_PUBLIC_BASE_URL,
      authToken: TEST_AUTH_TOKEN,
      agent,
      faults: { duplicate: 0.1, reorder: 0.05 },
      record: true,
      seed: 6,
    });
    try {
      let started = 0;
      await Promise.all(
        Array.from({ length: CONCURRENT_CALLS }, async () => {
          while (started++ < CALLS) await walker.walkCall();
        }),
      );
    } finally {
      agent.destroy();
    }

    // Every kind of fault was really sent, at about the rates asked for.
    const sent = walker.records.flatMap((r) => r.deliveries);
    const duplicates = sent.filter((d) => d.role === 'duplicate').length;
    expect(duplicates / (sent.length - duplicates)).toBeGreaterThan(0.07);
    expect(walker.faultsSent.lateDuplicate).toBeGreaterThan(0);
    expect(walker.faultsSent.statusBeforeQueueResult).toBeGreaterThan(0);
    expect(walker.faultsSent.staleHoldPoll).toBeGreaterThan(0);
    expect(walker.counts).toMatchObject({ calls: CALLS, errors: 0, non2xx: 0, apologies: 0 });

    const stored = await readStoredCallLogs(t.hotline.prisma);
    const report = checkLedger(walker.records, stored);
    expect(report.problems).toEqual([]);
    expect(report.calls).toBe(CALLS);
    expect(report.stepsChecked).toBeGreaterThan(CALLS * 5);
    expect([...stored.values()].filter((c) => c.state !== 'ended').map((c) => c.callSid)).toEqual([]);
    expect(stored.size).toBe(CALLS);
  }, 60_000);
});
