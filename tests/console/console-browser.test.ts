import fs from 'node:fs';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedDemoAgents } from '../../src/agents/demo-agents';
import { PrismaAgentDirectory } from '../../src/persistence/prisma-agent-directory';
import type { VoiceSimulator } from '../../src/simulator/voice-simulator';
import { callParams, newCallSid } from '../support/twilio-test-client';
import { simulatorFor, type TestHotline } from '../support/test-hotline';
import { launchTestBrowser } from '../support/test-browser';
import { startConsoleHotline, TEST_PASSWORD, USERS } from './console-test-support';

/**
 * The console in real Chromium against the real app and database; calls are placed by the simulated Twilio.
 * The conditions cache is kept for a minute here, so a notice heard "at once" proves the console invalidated it.
 */
// The README's screenshots are refreshed only when asked (UPDATE_SCREENSHOTS=1): a plain `npm test` must not
// rewrite tracked files. Chromium and its fonts (Chinese included) come from npm, see tests/support/test-browser.ts.
const SCREENSHOTS =
  process.env.UPDATE_SCREENSHOTS === '1' ? path.resolve(__dirname, '../../docs/screenshots') : path.resolve(__dirname, '../../tmp/screenshots');

jest.setTimeout(60_000);

describe('ops console in Chromium', () => {
  let t: TestHotline;
  let sim: VoiceSimulator;
  let browser: Browser;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    t = await startConsoleHotline({ conditionsTtlMs: 60_000 });
    await seedDemoAgents(new PrismaAgentDirectory(t.hotline.prisma));
    sim = simulatorFor(t);
    // Playwright gives every launch a fresh temporary profile; each test gets its own context (cookie jar).
    browser = await launchTestBrowser();
    // A day's worth of traffic for the dashboard: an answered and rated call, a freeze, a callback, an abandoned wait.
    await sim.runCalls([
      { keys: ['1', '0', 'wait=60', '5'] },
      sim.agentCall('1001', { keys: ['1001#', '4321#', '1', 'wait=30', 'hangup'], startAtSeconds: 20 }),
    ]);
    await sim.placeCall({ from: '+8613700001111', keys: ['2', '1', '13700001111#', '1', 'wait=45', 'hangup'] });
    await sim.placeCall({ from: '+8613600002222', keys: ['1', '4', '1', '#', '2', '1'] });
    await sim.placeCall({ from: '+8613500003333', keys: ['2', '0', 'wait=15', 'hangup'] });
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
  });

  afterAll(async () => {
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
  });

  /** A fresh browser profile state (no cookies), failing the test on any dialog or blocked script. */
  async function newPage(): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'zh-CN', acceptDownloads: true });
    contexts.push(context);
    const page = await context.newPage();
    page.on('dialog', (d) => {
      throw new Error(`a dialog opened: ${d.message()}`);
    });
    return page;
  }

  async function signIn(page: Page, username: string, startAt = '/console/dashboard'): Promise<void> {
    await page.goto(`${t.url}${startAt}`);
    await page.fill('input[name=username]', username);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await Promise.all([page.waitForURL((u) => !u.pathname.endsWith('/sign-in')), page.click('form.stacked button[type=submit]')]);
  }

  test('when a supervisor signs in, then the dashboard shows figures and charts and refreshes itself', async () => {
    const page = await newPage();
    await signIn(page, USERS.supervisor);
    expect(new URL(page.url()).pathname).toBe('/console/dashboard');
    await expect(page.locator('header .user strong').textContent()).resolves.toContain(USERS.supervisor);
    const calls = page.locator('[data-kpi="calls"]');
    const before = Number(await calls.textContent());
    expect(before).toBeGreaterThanOrEqual(4);
    // Chart.js drew into the canvases (served from the project's node_modules, not a CDN).
    type ChartGlobal = { Chart?: { getChart(id: string): { data: { labels: string[] } } | undefined } };
    await page.waitForFunction(() => (globalThis as unknown as ChartGlobal).Chart?.getChart('chart-outcomes') !== undefined);
    const outcomeLabels = await page.evaluate(() => (globalThis as unknown as ChartGlobal).Chart!.getChart('chart-outcomes')!.data.labels);
    expect(outcomeLabels).toEqual(expect.arrayContaining(['已接听', '排队放弃']));
    await expect(page.locator('[data-agents] tr').count()).resolves.toBeGreaterThanOrEqual(3);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'dashboard.png'), fullPage: true });

    await sim.placeCall({ keys: ['2', '3', '9', 'hangup'] });
    // The page polls its figures: a call placed after it loaded shows up without a reload.
    await page.waitForFunction(
      (n) =>
        Number(
          (globalThis as unknown as { document: { querySelector(s: string): { textContent: string | null } | null } }).document.querySelector(
            '[data-kpi="calls"]',
          )?.textContent,
        ) === n,
      before + 1,
      { timeout: 15_000 },
    );
  });

  test('when a page is opened without a session, then it redirects to sign-in and returns there after signing in', async () => {
    const page = await newPage();
    await page.goto(`${t.url}/console/tickets?view=all`);
    expect(new URL(page.url()).pathname).toBe('/console/sign-in');
    await expect(page.locator('input[name=password]').isVisible()).resolves.toBe(true);
    await page.fill('input[name=username]', USERS.viewer);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await Promise.all([page.waitForURL(/\/console\/tickets/), page.click('form.stacked button[type=submit]')]);
    expect(new URL(page.url()).search).toBe('?view=all');
  });

  test("when a call is placed, then it is found in the log by the caller number's last digits and its timeline shows every step on the flow diagram", async () => {
    const call = await sim.placeCall({ from: '+8613912345678', keys: ['2', '1', '13912345678#', '1', 'wait=30', 'hangup'] });
    const page = await newPage();
    await signIn(page, USERS.viewer, '/console/calls');
    await page.fill('input[name=last4]', '5678');
    await page.selectOption('select[name=branch]', 'freeze');
    await Promise.all([page.waitForURL(/last4=5678/), page.click('form.filters button[type=submit]')]);
    const rows = page.locator('tbody tr[data-call]');
    await expect(rows.count()).resolves.toBe(1);
    await expect(rows.first().getAttribute('data-call')).resolves.toBe(call.callSid);
    await expect(rows.first().textContent()).resolves.toContain('139****5678');
    await Promise.all([page.waitForURL(new RegExp(call.callSid)), rows.first().locator('a').first().click()]);

    const timeline = page.locator('ol.timeline');
    const text = (await timeline.textContent()) ?? '';
    expect(text).toContain('live.freeze.enteringMobileNumber');
    expect(text).toContain('139****5678');
    expect(text).not.toContain('13912345678');
    expect(text).toContain('confirmed');
    await expect(page.locator('ol.timeline [data-keys]').count()).resolves.toBeGreaterThanOrEqual(4);
    for (const state of [
      'live.choosingLanguage',
      'live.mainMenu',
      'live.freeze.enteringMobileNumber',
      'live.freeze.confirmingMobileNumber',
      'live.routingToAgent',
      'live.inQueue.waiting',
      'ended',
    ]) {
      await expect(page.locator(`svg.flow-diagram g.state[data-state="${state}"]`).getAttribute('class')).resolves.toContain('visited');
    }
    await expect(page.locator('svg.flow-diagram g.state[data-state="live.recharge.enteringOrderNumber"]').getAttribute('class')).resolves.not.toContain(
      'visited',
    );
    await expect(page.locator('svg.flow-diagram g.edge.taken[data-edge="live.mainMenu→live.freeze.enteringMobileNumber"]').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'call-detail.png'), fullPage: true });
  });

  test('when a supervisor creates an outage notice, then the next caller hears it', async () => {
    const page = await newPage();
    await signIn(page, USERS.supervisor, '/console/notices');
    await Promise.all([page.waitForURL(/notices\/new/), page.click('a[href="/console/notices/new"]')]);
    await page.fill('textarea[name=messageZh]', '充值服务故障，我们正在处理。');
    await page.fill('textarea[name=messageEn]', 'Top-ups are failing; we are working on it.');
    await page.fill('input[name=shortZh]', '充值服务暂时中断');
    await page.fill('input[name=shortEn]', 'top-ups are briefly unavailable');
    await page.check('input[name=scope][value=all]');
    await page.fill('input[name=expectedRecoveryAt]', '2030-01-01T12:00');
    await Promise.all([page.waitForURL(/notices\?done=1/), page.click('form.notice-form button[type=submit]')]);
    await expect(page.locator('tr[data-notice] .badge').first().textContent()).resolves.toBe('生效中');

    const call = await sim.placeCall({ keys: ['2', 'hangup'] });
    expect(call.heard().join(' ')).toContain('Service notice: top-ups are briefly unavailable.');
    const audit = await t.hotline.prisma.auditEntry.findFirstOrThrow({ where: { action: 'notice.create' } });
    expect(audit.actor).toBe(USERS.supervisor);

    // Ending it is heard at once too.
    await Promise.all([page.waitForURL(/notices\?done=1/), page.locator('tr[data-notice] button.danger').first().click()]);
    const after = await sim.placeCall({ keys: ['2', 'hangup'] });
    expect(after.heard().join(' ')).not.toContain('top-ups are briefly unavailable');
  });

  test('when a supervisor works a ticket to resolved, then the caller hears it resolved in the ticket-status menu', async () => {
    const booking = await sim.placeCall({ from: '+8613811112222', keys: ['2', '2', '202611250001#', '99*9#', '2', '1'] });
    const stored = await t.hotline.prisma.call.findUniqueOrThrow({ where: { callSid: booking.callSid } });
    const reference = stored.ticketReference!;
    const page = await newPage();
    await signIn(page, USERS.supervisor, '/console/tickets');
    await expect(page.locator(`tr[data-ticket="${reference}"]`).count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'tickets.png'), fullPage: true });
    await Promise.all([page.waitForURL(new RegExp(`/tickets/${reference}$`)), page.click(`a[href="/console/tickets/${reference}"]`)]);

    await expect(page.locator('[data-callback]').textContent()).resolves.toBe('138****2222');
    await Promise.all([page.waitForLoadState(), page.click('button[data-reveal]')]);
    await expect(page.locator('[data-callback]').textContent()).resolves.toBe('+8613811112222');
    expect(
      await t.hotline.prisma.auditEntry.count({ where: { action: 'ticket.revealCallbackNumber', target: `ticket:${reference}`, actor: USERS.supervisor } }),
    ).toBe(1);

    await page.goto(`${t.url}/console/tickets/${reference}`);
    await page.selectOption('select[name=agentId]', '1002');
    await Promise.all([page.waitForURL(/done=1/), page.click('form[action$="/assign"] button')]);
    await page.fill('textarea[name=text]', 'Called, no answer; will try again. <b>not bold</b>');
    await Promise.all([page.waitForURL(/done=1/), page.click('form[action$="/notes"] button')]);
    await expect(page.locator('.note-text').first().textContent()).resolves.toBe('Called, no answer; will try again. <b>not bold</b>');
    await Promise.all([page.waitForURL(/done=1/), page.click('button[data-status="calledBack"]')]);
    await Promise.all([page.waitForURL(/done=1/), page.click('button[data-status="resolved"]')]);
    await expect(page.locator('[data-ticket-status]').getAttribute('data-ticket-status')).resolves.toBe('resolved');
    await page.screenshot({ path: path.join(SCREENSHOTS, 'ticket.png'), fullPage: true });

    const ticket = await t.hotline.prisma.ticket.findUniqueOrThrow({ where: { reference } });
    expect(ticket).toMatchObject({ status: 'resolved', assignedAgentId: '1002' });
    expect(ticket.calledBackAt).not.toBeNull();
    expect(ticket.resolvedAt).not.toBeNull();
    const check = await sim.placeCall({ keys: ['2', '5', `${reference}#`, '9', 'hangup'] });
    expect(check.heard().join(' ')).toContain(`Ticket ${reference.split('').join(', ')} is resolved.`);
  });

  test('when the call log is exported, then the CSV holds the filtered calls with masked numbers', async () => {
    const page = await newPage();
    await signIn(page, USERS.viewer, '/console/calls?branch=freeze');
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[data-export]')]);
    expect(download.suggestedFilename()).toMatch(/^calls-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = fs.readFileSync((await download.path())!, 'utf8').replace(/^\uFEFF/, '');
    const lines = csv.trim().split('\r\n');
    expect(lines[0]).toContain('"callSid"');
    const freezeCalls = await t.hotline.prisma.call.count({ where: { role: 'caller', branch: 'freeze' } });
    expect(lines).toHaveLength(freezeCalls + 1);
    expect(csv).toContain('"137****1111"');
    expect(csv).not.toContain('13700001111');
    expect(csv).not.toContain('"recharge"');
  });

  test('when a viewer tries to change something, then the console refuses with a 403 page and nothing changes', async () => {
    const page = await newPage();
    await signIn(page, USERS.viewer, '/console/hours');
    await expect(page.locator('form[action="/console/hours/closure"]').count()).resolves.toBe(0);
    // The viewer crafts the form the page did not offer, with their own valid form token.
    const [response] = await Promise.all([
      page.waitForNavigation(),
      page.evaluate(() => {
        type El = { value: string; type: string; name: string; method: string; action: string; appendChild(e: El): void; submit(): void };
        const doc = (globalThis as unknown as { document: { createElement(tag: string): El; querySelector(s: string): El; body: El } }).document;
        const form = doc.createElement('form');
        form.method = 'post';
        form.action = '/console/hours/closure';
        const fields: Array<[string, string]> = [
          ['_csrf', doc.querySelector('input[name=_csrf]').value],
          ['active', 'true'],
          ['reason', 'viewer'],
        ];
        for (const [name, value] of fields) {
          const input = doc.createElement('input');
          input.type = 'hidden';
          input.name = name;
          input.value = value;
          form.appendChild(input);
        }
        doc.body.appendChild(form);
        form.submit();
      }),
    ]);
    expect(response?.status()).toBe(403);
    await expect(page.locator('[data-error]').getAttribute('data-error')).resolves.toBe('forbidden');
    expect(await t.hotline.prisma.hotlineSetting.count()).toBe(0);
  });

  test('when a caller-controlled field holds markup, then no script runs in the call log or detail', async () => {
    const callSid = newCallSid();
    const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
    await t.twilio.post('/twilio/voice', callParams(callSid, payload, { To: `"><svg onload="window.__xss=3">`, CallerName: payload }));
    const page = await newPage();
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await signIn(page, USERS.viewer, '/console/calls');
    await page.goto(`${t.url}/console/calls/${callSid}`);
    await expect(page.evaluate(() => (globalThis as unknown as { __xss?: number }).__xss)).resolves.toBeUndefined();
    await expect(page.locator('main img, main script, main svg[onload]').count()).resolves.toBe(0);
    await expect(page.locator('dl.facts').textContent()).resolves.toContain('"><svg onload="window.__xss=3">');
    expect(violations).toEqual([]);
  });

  test('when the language switch is used, then labels change to English and stay so', async () => {
    const page = await newPage();
    await signIn(page, USERS.viewer, '/console/flow');
    await expect(page.locator('main h1').textContent()).resolves.toBe('通话流程');
    await Promise.all([page.waitForURL(/\/console\/flow$/), page.click('a.lang')]);
    await expect(page.locator('main h1').textContent()).resolves.toBe('Call flow');
    await page.goto(`${t.url}/console/calls`);
    await expect(page.locator('main h1').textContent()).resolves.toBe('Call log');
    // The call-flow page draws every state of the machine.
    await page.goto(`${t.url}/console/flow`);
    await expect(page.locator('svg.flow-diagram g.state[data-state="live.ticketStatus.hearingStatus"]').count()).resolves.toBe(1);
    await page.screenshot({ path: path.join(SCREENSHOTS, 'call-flow.png'), fullPage: true });
  });
});
