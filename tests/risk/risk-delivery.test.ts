import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '../../src/logging/logger';
import { PrismaRiskOutbox } from '../../src/persistence/prisma-risk-outbox';
import { RiskDeliveryWorker, signRiskRequest } from '../../src/risk/risk-delivery.worker';
import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, TEST_OPS_TOKEN, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';

const SECRET = 'risk-webhook-secret-for-tests';

type Mode = 'fail' | 'hang' | 'ok';

/** A real HTTP receiver standing in for the risk system: it can fail, never answer, or acknowledge. */
async function riskReceiver() {
  const received: Array<{ body: string; headers: http.IncomingHttpHeaders }> = [];
  let mode: Mode = 'ok';
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ body, headers: req.headers });
      if (mode === 'hang') return;
      res.statusCode = mode === 'ok' ? 200 : 503;
      res.end(mode === 'ok' ? '{"ok":true}' : 'unavailable');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/freeze`,
    received,
    setMode: (m: Mode) => (mode = m),
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

async function until(check: () => Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 25));
  }
  throw new Error('condition not met in time');
}

describe.each(DATABASE_KINDS)('freeze requests reach the risk system on %s', (kind) => {
  let t: TestHotline;
  let receiver: Awaited<ReturnType<typeof riskReceiver>>;
  beforeAll(async () => {
    receiver = await riskReceiver();
    t = await startTestHotline(kind, {
      env: { RISK_WEBHOOK_URL: receiver.url, RISK_WEBHOOK_SECRET: SECRET },
      riskDelivery: { pollMs: 50, baseBackoffMs: 40, maxBackoffMs: 120, requestTimeoutMs: 250, maxAttempts: 4 },
    });
    t.hotline.riskDelivery!.start();
  });
  afterAll(async () => {
    await t.close();
    await receiver.close();
  });
  beforeEach(() => {
    receiver.received.length = 0;
    receiver.setMode('ok');
  });

  async function requestFreeze(mobile: string): Promise<string> {
    const call = new TestCall(t, '+8613912340000');
    await call.start();
    await call.press('2');
    await call.press('1');
    await call.press(`${mobile}#`);
    await call.press('1');
    return (await call.stored()).ticketReference!;
  }
  const message = (reference: string) => t.hotline.prisma.riskOutbox.findUniqueOrThrow({ where: { idempotencyKey: reference } });

  test('when a caller confirms a freeze, then a signed JSON request with an idempotency key reaches the risk system', async () => {
    const reference = await requestFreeze('13611112222');
    await until(async () => (await message(reference)).deliveredAt !== null);
    const sent = receiver.received.find((r) => r.headers['idempotency-key'] === reference)!;
    expect(JSON.parse(sent.body)).toMatchObject({ type: 'wallet.freeze_requested', reference, mobileNumber: '13611112222', note: 'request-only' });
    const timestamp = String(sent.headers['x-hotline-timestamp']);
    expect(sent.headers['x-hotline-signature']).toBe(signRiskRequest(SECRET, timestamp, sent.body));
    expect(Math.abs(Number(timestamp) - Date.now() / 1000)).toBeLessThan(60);
    expect(sent.headers['content-type']).toBe('application/json');
  });

  test('when the risk system fails and then recovers, then the request is retried with backoff until acknowledged', async () => {
    receiver.setMode('fail');
    const reference = await requestFreeze('13622223333');
    await until(async () => (await message(reference)).attempts >= 2);
    expect((await message(reference)).lastError).toBe('HTTP 503');
    receiver.setMode('ok');
    await until(async () => (await message(reference)).deliveredAt !== null);
    const deliveries = receiver.received.filter((r) => r.headers['idempotency-key'] === reference);
    expect(deliveries.length).toBeGreaterThanOrEqual(3);
    expect(new Set(deliveries.map((d) => d.body)).size).toBe(1);
  });

  test('when the risk system never answers, then each attempt times out and, past the limit, ops see it and can retry it', async () => {
    receiver.setMode('hang');
    const reference = await requestFreeze('13633334444');
    await until(async () => (await message(reference)).gaveUpAt !== null, 8000);
    const failed = await message(reference);
    expect(failed).toMatchObject({ attempts: 4, deliveredAt: null });
    expect(failed.lastError).toMatch(/no answer within 250 ms/);

    const api = (path: string, method = 'GET') => fetch(`${t.url}${path}`, { method, headers: { authorization: `Bearer ${TEST_OPS_TOKEN}` } });
    const listed = (await (await api('/api/risk-outbox?state=failed')).json()) as {
      items: Array<{ id: number; reference: string }>;
      backlog: { failed: number };
    };
    const item = listed.items.find((i) => i.reference === reference)!;
    expect(item).toBeDefined();
    expect(listed.backlog.failed).toBeGreaterThanOrEqual(1);

    receiver.setMode('ok');
    expect((await api(`/api/risk-outbox/${item.id}/retry`, 'POST')).status).toBe(200);
    await until(async () => (await message(reference)).deliveredAt !== null);
    expect((await api(`/api/risk-outbox/${item.id}/retry`, 'POST')).status).toBe(404);
  });

  test('when the instance that took the request stops before delivering it, then a restarted worker delivers it', async () => {
    receiver.setMode('fail');
    await t.hotline.riskDelivery!.stop();
    const reference = await requestFreeze('13644445555');
    expect((await message(reference)).deliveredAt).toBeNull();
    receiver.setMode('ok');
    // A new process: a fresh worker on the same database, nothing in memory from the first.
    const restarted = new RiskDeliveryWorker(new PrismaRiskOutbox(t.hotline.prisma), createLogger('silent'), {
      url: receiver.url,
      secret: SECRET,
      pollMs: 50,
      baseBackoffMs: 40,
      maxBackoffMs: 120,
    });
    restarted.start();
    await until(async () => (await message(reference)).deliveredAt !== null);
    await restarted.stop();
    t.hotline.riskDelivery!.start();
  });

  test('when two workers race for the same due message, then it is sent once', async () => {
    await t.hotline.riskDelivery!.stop();
    const reference = await requestFreeze('13655556666');
    const store = new PrismaRiskOutbox(t.hotline.prisma);
    const workers = [1, 2, 3].map(() => new RiskDeliveryWorker(store, createLogger('silent'), { url: receiver.url, secret: SECRET }));
    await Promise.all(workers.map((w) => w.deliverDue()));
    expect(receiver.received.filter((r) => r.headers['idempotency-key'] === reference)).toHaveLength(1);
    t.hotline.riskDelivery!.start();
  });
});
