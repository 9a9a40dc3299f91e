import { formatInstant } from '../../src/console/html/console-time';
import { PrismaRiskOutbox } from '../../src/persistence/prisma-risk-outbox';
import { TestCall } from '../support/test-call';
import type { TestHotline } from '../support/test-hotline';
import { ConsoleHttp, startConsoleHotline, USERS } from './console-test-support';

const FREEZE_MOBILE = '13611112222';

/** The risk outbox page and its retry, over HTTP against the real app (no risk webhook: nothing is sent by itself). */
describe('ops console risk outbox page', () => {
  let t: TestHotline;
  let supervisor: ConsoleHttp;
  let viewer: ConsoleHttp;
  let freezeReference: string;

  const outbox = () => t.hotline.prisma.riskOutbox;
  const payload = (reference: string) => JSON.stringify({ type: 'wallet.freeze_requested', reference, mobileNumber: FREEZE_MOBILE, note: 'request-only' });
  let nextReference = 90_000_000;
  /** A message the delivery worker gave up on after ten failures. */
  const givenUp = async (reference = String(nextReference++), lastError = 'HTTP 503') =>
    outbox().create({
      data: {
        idempotencyKey: reference,
        payload: payload(reference),
        attempts: 10,
        lastError,
        gaveUpAt: new Date(),
        nextAttemptAt: new Date(Date.now() + 600_000),
      },
    });
  const rowsOf = (body: string) => [...body.matchAll(/data-reference="(\d+)"/g)].map((m) => m[1]);

  beforeAll(async () => {
    t = await startConsoleHotline();
    // A real confirmed freeze: a ticket and its outbox message, waiting (no risk webhook is configured here).
    const call = new TestCall(t, '+8613912340000');
    await call.start();
    await call.press('2');
    await call.press('1');
    await call.press(`${FREEZE_MOBILE}#`);
    await call.press('1');
    freezeReference = (await call.stored()).ticketReference!;
    supervisor = new ConsoleHttp(t.url);
    await supervisor.signIn(USERS.supervisor);
    viewer = new ConsoleHttp(t.url);
    await viewer.signIn(USERS.viewer);
  });
  afterAll(async () => {
    await t.close();
  });

  test('when a freeze request is pending, then the pending view lists it with its next attempt, linked to its ticket, without the mobile number', async () => {
    const page = await supervisor.get('/console/risk-outbox?state=pending');
    expect(page.status).toBe(200);
    expect(rowsOf(page.body)).toEqual([freezeReference]);
    const row = await outbox().findUniqueOrThrow({ where: { idempotencyKey: freezeReference } });
    expect(page.body).toContain(`<td>${formatInstant(row.nextAttemptAt, t.config.timezone)}</td>`);
    expect(page.body).toContain(`href="/console/tickets/${freezeReference}"`);
    expect(page.body).not.toContain(FREEZE_MOBILE);
    expect(page.body).not.toContain('data-retry');
  });

  test('when a freeze request was given up on, then the default view lists it with its last error, the backlog counts and a retry button', async () => {
    await outbox().update({ where: { idempotencyKey: freezeReference }, data: { attempts: 10, lastError: 'no answer within 5000 ms', gaveUpAt: new Date() } });
    const other = await givenUp(undefined, 'HTTP 502 <b>bad gateway</b>');
    const page = await supervisor.get('/console/risk-outbox');
    expect(page.status).toBe(200);
    expect(new Set(rowsOf(page.body))).toEqual(new Set([freezeReference, other.idempotencyKey]));
    expect(page.body).toContain('no answer within 5000 ms');
    // Errors are text, escaped like every other value.
    expect(page.body).toContain('HTTP 502 &lt;b&gt;bad gateway&lt;/b&gt;');
    expect(page.body).toContain(`href="/console/tickets/${freezeReference}"`);
    // A message without a ticket shows its reference but no link to a missing page.
    expect(page.body).not.toContain(`href="/console/tickets/${other.idempotencyKey}"`);
    expect(page.body).toMatch(/data-backlog="failed">2</);
    expect(page.body).toMatch(/data-backlog="pending">0</);
    expect(page.body).toContain(`data-retry="${other.id}"`);
    expect(page.body).not.toContain(FREEZE_MOBILE);
    await outbox().delete({ where: { id: other.id } });
  });

  test('when a supervisor retries a given-up request, then it is due again at once, the worker would claim it, and the retry is audited', async () => {
    const message = await givenUp();
    const res = await supervisor.post(`/console/risk-outbox/${message.id}/retry`, { _csrf: await supervisor.csrf('/console/risk-outbox') });
    expect(res.status).toBe(303);
    expect(res.location).toBe('/console/risk-outbox?state=pending&done=1');

    const row = await outbox().findUniqueOrThrow({ where: { id: message.id } });
    expect(row).toMatchObject({ gaveUpAt: null, attempts: 0, deliveredAt: null });
    expect(row.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    const claimed = await new PrismaRiskOutbox(t.hotline.prisma).claimDue(new Date(), 20, 1000);
    expect(claimed.map((m) => m.id)).toContain(message.id);

    const audit = await t.hotline.prisma.auditEntry.findMany({ where: { target: `riskOutbox:${message.id}` } });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actor: USERS.supervisor, action: 'riskOutbox.retry' });
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ reference: message.idempotencyKey });

    const after = await supervisor.get(res.location!);
    expect(after.body).toContain('class="flash"');
    expect(rowsOf(after.body)).toContain(message.idempotencyKey);

    // Not given up any more: a second retry finds nothing to retry and records nothing.
    const again = await supervisor.post(`/console/risk-outbox/${message.id}/retry`, { _csrf: await supervisor.csrf('/console/risk-outbox') });
    expect(again.status).toBe(404);
    expect(await t.hotline.prisma.auditEntry.count({ where: { target: `riskOutbox:${message.id}` } })).toBe(1);
  });

  test('when a viewer opens the page, then the given-up request is listed without a retry button, and a retry is refused with 403', async () => {
    const message = await givenUp();
    const page = await viewer.get('/console/risk-outbox');
    expect(page.status).toBe(200);
    expect(rowsOf(page.body)).toContain(message.idempotencyKey);
    expect(page.body).not.toContain('data-retry');
    expect(page.body).not.toContain('/retry"');

    const res = await viewer.post(`/console/risk-outbox/${message.id}/retry`, { _csrf: await viewer.csrf('/console/risk-outbox') });
    expect(res.status).toBe(403);
    expect(res.body).toContain('data-error="forbidden"');
    expect(await outbox().findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ attempts: 10, gaveUpAt: message.gaveUpAt });
    expect(await t.hotline.prisma.auditEntry.count({ where: { target: `riskOutbox:${message.id}` } })).toBe(0);
  });

  test('when a retry is posted without the form token or with a wrong one, then it is refused with 403 and nothing changes', async () => {
    const message = await givenUp();
    const token = await supervisor.csrf('/console/risk-outbox');
    const missing = await supervisor.post(`/console/risk-outbox/${message.id}/retry`, {});
    const wrong = await supervisor.post(`/console/risk-outbox/${message.id}/retry`, { _csrf: `${token.slice(0, -2)}xx` });
    for (const res of [missing, wrong]) {
      expect(res.status).toBe(403);
      expect(res.body).toContain('data-error="csrf"');
    }
    expect(await outbox().findUniqueOrThrow({ where: { id: message.id } })).toMatchObject({ attempts: 10, gaveUpAt: message.gaveUpAt });
    expect(await t.hotline.prisma.auditEntry.count({ where: { target: `riskOutbox:${message.id}` } })).toBe(0);
  });

  test('when a retry names no given-up message, or the view is unknown, then the console says so', async () => {
    const csrf = await supervisor.csrf('/console/risk-outbox');
    expect((await supervisor.post('/console/risk-outbox/999999/retry', { _csrf: csrf })).status).toBe(404);
    expect((await supervisor.post('/console/risk-outbox/abc/retry', { _csrf: csrf })).status).toBe(400);
    expect((await supervisor.post('/console/risk-outbox/99999999999/retry', { _csrf: csrf })).status).toBe(400);
    expect((await supervisor.get('/console/risk-outbox?state=everything')).status).toBe(400);
  });

  test('when a request was delivered, then the delivered view lists it with its delivery time and no retry', async () => {
    const reference = String(nextReference++);
    const deliveredAt = new Date();
    await outbox().create({ data: { idempotencyKey: reference, payload: payload(reference), attempts: 2, deliveredAt } });
    const page = await supervisor.get('/console/risk-outbox?state=delivered');
    expect(rowsOf(page.body)).toEqual([reference]);
    expect(page.body).toContain(`<td>${formatInstant(deliveredAt, t.config.timezone)}</td>`);
    expect(page.body).not.toContain('data-retry');
    expect(page.body).not.toContain(FREEZE_MOBILE);
  });

  test('when the console is shown in either language, then the navigation links the risk outbox and the dashboard counts its backlog', async () => {
    const failed = await outbox().count({ where: { deliveredAt: null, gaveUpAt: { not: null } } });
    const pending = await outbox().count({ where: { deliveredAt: null, gaveUpAt: null } });
    const zh = (await viewer.get('/console/dashboard')).body;
    expect(zh).toContain('<a href="/console/risk-outbox">风控推送</a>');
    expect(zh).toMatch(new RegExp(`data-kpi="riskFailed">${failed}<`));
    const figures = JSON.parse((await viewer.get('/console/dashboard/figures.json')).body);
    expect(figures.riskOutbox).toEqual({ pending, failed });

    await viewer.get('/console/language?to=en');
    const en = await viewer.get('/console/risk-outbox');
    expect(en.body).toContain('<a href="/console/risk-outbox" class="active" aria-current="page">Risk outbox</a>');
    expect(en.body).toContain('Given up');
    await viewer.get('/console/language?to=zh');
  });
});
