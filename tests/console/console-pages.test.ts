import { seedDemoAgents } from '../../src/agents/demo-agents';
import { verifyPin } from '../../src/agents/pin-hash';
import { localDate } from '../../src/console/html/console-time';
import { PrismaAgentDirectory } from '../../src/persistence/prisma-agent-directory';
import type { VoiceSimulator } from '../../src/simulator/voice-simulator';
import { TestCall } from '../support/test-call';
import { DATABASE_KINDS } from '../support/test-database';
import { simulatorFor, type TestHotline } from '../support/test-hotline';
import { verb } from '../support/twilio-test-client';
import { ConsoleHttp, startConsoleHotline, USERS } from './console-test-support';

/** Console pages and the changes they make, over HTTP against the real app, on every database kind. */
describe.each(DATABASE_KINDS)('ops console pages on %s', (kind) => {
  let t: TestHotline;
  let sim: VoiceSimulator;
  let supervisor: ConsoleHttp;
  let answeredSid: string;

  beforeAll(async () => {
    // Conditions cached for a minute: only the console's invalidation makes a change heard at once.
    t = await startConsoleHotline({ conditionsTtlMs: 60_000 }, kind);
    await seedDemoAgents(new PrismaAgentDirectory(t.hotline.prisma));
    sim = simulatorFor(t);
    const [answered] = await sim.runCalls([
      { from: '+8613800001234', keys: ['1', '0', 'wait=60', '4'] },
      sim.agentCall('1001', { keys: ['1001#', '4321#', '1', 'wait=30', 'hangup'], startAtSeconds: 20 }),
    ]);
    answeredSid = answered!.callSid;
    await sim.placeCall({ from: '+8613900009999', keys: ['2', '1', '13900009999#', '1', 'wait=10', 'hangup'] });
    await sim.placeCall({ from: '+8613700005555', keys: ['2', '2', '#', '#', '2', '1'] });
    supervisor = new ConsoleHttp(t.url);
    await supervisor.signIn(USERS.supervisor);
  });
  afterAll(async () => {
    await t.close();
  });

  const callSids = (body: string) => [...body.matchAll(/data-call="(CA[0-9a-f]+)"/g)].map((m) => m[1]);

  test('when the call log is searched by agent, queue, last digits and dates, then only matching calls are listed', async () => {
    const today = localDate(new Date(), 'Asia/Shanghai');
    expect(callSids((await supervisor.get('/console/calls?agent=1001')).body)).toEqual([answeredSid]);
    expect(callSids((await supervisor.get('/console/calls?queue=freeze')).body)).toHaveLength(1);
    expect(callSids((await supervisor.get('/console/calls?last4=1234')).body)).toEqual([answeredSid]);
    expect(callSids((await supervisor.get('/console/calls?last4=0000')).body)).toEqual([]);
    expect(callSids((await supervisor.get(`/console/calls?from=${today}&to=${today}`)).body)).toHaveLength(3);
    expect(callSids((await supervisor.get('/console/calls?from=2001-01-01&to=2001-01-02')).body)).toEqual([]);
    expect((await supervisor.get('/console/calls?last4=12ab')).status).toBe(400);
    expect((await supervisor.get('/console/calls?branch=<script>')).status).toBe(400);
  });

  test('when a call was answered, then its detail shows the agent, the wait, the satisfaction score and the ticket link', async () => {
    const body = (await supervisor.get(`/console/calls/${answeredSid}`)).body;
    expect(body).toContain('1001 张三');
    expect(body).toContain('4 / 5');
    expect(body).toMatch(/badge ok">客服<\/span> <strong>1001<\/strong> 张三 \(综合\) 接通/);
    expect((await supervisor.get('/console/calls/CA00000000000000000000000000000000')).status).toBe(404);
  });

  test("when the dashboard figures are read, then today's calls, waits, abandonment and satisfaction are counted", async () => {
    const res = await supervisor.get('/console/dashboard/figures.json');
    const f = JSON.parse(res.body);
    expect(f.today.calls).toBe(3);
    expect(f.today.byBranch).toEqual({ human: 1, freeze: 1, recharge: 1 });
    expect(f.today.averageCsat).toBe(4);
    expect(f.today.abandonmentRate).toBeCloseTo(0.5, 3);
    expect(f.today.p90WaitSeconds).toBeGreaterThanOrEqual(f.today.averageWaitSeconds);
    expect(f.tickets).toEqual({ dueSoon: 1, overdue: 0 });
    expect(f.agents.map((a: { agentId: string }) => a.agentId)).toEqual(['1001', '1002', '2001']);
  });

  test('when tickets are listed by view, then overdue and due-soon tickets are told apart', async () => {
    const freeze = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { category: 'freeze' } });
    const recharge = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { category: 'recharge' } });
    await t.hotline.prisma.ticket.update({ where: { reference: freeze.reference }, data: { dueAt: new Date(Date.now() - 60_000) } });
    const refs = async (view: string) => [...(await supervisor.get(`/console/tickets?view=${view}`)).body.matchAll(/data-ticket="(\d{8})"/g)].map((m) => m[1]);
    expect(await refs('overdue')).toEqual([freeze.reference]);
    expect(await refs('dueSoon')).toEqual([]);
    expect(new Set(await refs('open'))).toEqual(new Set([freeze.reference, recharge.reference]));
    expect(await refs('resolved')).toEqual([]);
    expect((await supervisor.get('/console/tickets?view=nonsense')).status).toBe(400);
    // The list never shows a whole callback number.
    expect((await supervisor.get('/console/tickets?view=all')).body).not.toContain('13700005555');
  });

  test('when a viewer opens a ticket, then the callback number stays masked and cannot be revealed', async () => {
    const viewer = new ConsoleHttp(t.url);
    await viewer.signIn(USERS.viewer);
    const ticket = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { category: 'recharge' } });
    const page = await viewer.get(`/console/tickets/${ticket.reference}`);
    expect(page.body).toContain('137****5555');
    expect(page.body).not.toContain('data-reveal');
    const reveal = await viewer.post(`/console/tickets/${ticket.reference}/reveal`, { _csrf: await viewer.csrf() });
    expect(reveal.status).toBe(403);
    expect(reveal.body).not.toContain('13700005555');
    expect(await t.hotline.prisma.auditEntry.count({ where: { action: 'ticket.revealCallbackNumber' } })).toBe(0);
  });

  test('when a supervisor adds an agent and resets a PIN, then the PIN is shown once, works, and is never in the audit log', async () => {
    const added = await supervisor.post('/console/agents', {
      _csrf: await supervisor.csrf(),
      agentId: '3001',
      name: '赵六',
      language: 'zh-CN',
      queues: ['general', 'recharge'],
    });
    expect(added.status).toBe(200);
    const pin = /data-new-pin>(\d{6})</.exec(added.body)![1]!;
    const agent = await t.hotline.prisma.agent.findUniqueOrThrow({ where: { agentId: '3001' } });
    expect(agent.queues).toBe('recharge,general');
    expect(await verifyPin(pin, agent.pinHash)).toBe(true);
    expect((await supervisor.get('/console/agents')).body).not.toContain(pin);

    const reset = await supervisor.post('/console/agents/3001/reset-pin', { _csrf: await supervisor.csrf() });
    const newPin = /data-new-pin>(\d{6})</.exec(reset.body)![1]!;
    expect(await verifyPin(newPin, (await t.hotline.prisma.agent.findUniqueOrThrow({ where: { agentId: '3001' } })).pinHash)).toBe(true);
    await supervisor.post('/console/agents/3001/active', { _csrf: await supervisor.csrf(), active: 'false' });
    expect((await t.hotline.prisma.agent.findUniqueOrThrow({ where: { agentId: '3001' } })).active).toBe(false);

    const audit = await t.hotline.prisma.auditEntry.findMany({ where: { target: 'agent:3001' }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['agent.add', 'agent.resetPin', 'agent.deactivate']);
    expect(JSON.stringify(audit)).not.toContain(pin);
    expect(JSON.stringify(audit)).not.toContain(newPin);
    expect(
      (await supervisor.post('/console/agents', { _csrf: await supervisor.csrf(), agentId: '3001', name: 'x', language: 'zh-CN', queues: 'general' })).status,
    ).toBe(400);
  });

  test('when a supervisor marks today a holiday, then the next caller asking for a human hears it at once, and removing it reopens', async () => {
    const today = localDate(new Date(), 'Asia/Shanghai');
    const ask = async () => {
      const call = new TestCall(t, '+8613611112222');
      await call.start();
      await call.press('2');
      await call.press('0');
      return call;
    };
    await ask(); // warms the conditions cache with "open"
    const set = await supervisor.post('/console/hours/days', { _csrf: await supervisor.csrf(), date: today, kind: 'holiday', name: '测试假日' });
    expect(set.status).toBe(303);
    const closed = await ask();
    expect(closed.said()).toContain('public holidays');
    expect((await supervisor.get('/console/hours')).body).toContain('测试假日');
    await supervisor.post(`/console/hours/days/${today}/remove`, { _csrf: await supervisor.csrf() });
    expect(verb((await ask()).last, 'Enqueue')?.textContent).toBe('general');
    expect((await t.hotline.prisma.auditEntry.findMany({ where: { target: `calendar:${today}` } })).map((a) => a.action)).toEqual([
      'calendar.set',
      'calendar.remove',
    ]);
    expect((await supervisor.post('/console/hours/days', { _csrf: await supervisor.csrf(), date: '2026-13-45', kind: 'holiday', name: '' })).status).toBe(400);
  });

  test('when a notice is scheduled for later, then callers do not hear it until an edit brings its start forward', async () => {
    const csrf = await supervisor.csrf();
    const form = {
      _csrf: csrf,
      messageZh: '支付通道维护',
      messageEn: 'Payment channel maintenance',
      shortZh: '支付维护',
      shortEn: 'payment maintenance tonight',
      scope: 'branches',
      branches: ['recharge'],
      expectedRecoveryAt: '',
      endsAt: '',
    };
    expect((await supervisor.post('/console/notices', { ...form, startsAt: '2099-01-01T00:00' })).status).toBe(303);
    const notice = await t.hotline.prisma.outageNotice.findFirstOrThrow({ where: { shortEn: 'payment maintenance tonight' } });
    const recharge = () => sim.placeCall({ keys: ['2', '2', 'hangup'] });
    expect((await recharge()).heard().join(' ')).not.toContain('payment maintenance tonight');
    expect((await supervisor.get('/console/notices')).body).toContain('已排期');
    expect((await supervisor.post(`/console/notices/${notice.id}`, { ...form, startsAt: '2000-01-01T00:00' })).status).toBe(303);
    expect((await recharge()).heard().join(' ')).toContain('payment maintenance tonight');
    // Only the recharge branch hears it, not the greeting.
    expect((await sim.placeCall({ keys: ['2', 'hangup'] })).heard().join(' ')).not.toContain('payment maintenance tonight');
    expect((await supervisor.post('/console/notices', { ...form, scope: 'branches', branches: [], startsAt: '' })).status).toBe(400);
    const audit = await t.hotline.prisma.auditEntry.findMany({ where: { target: `notice:${notice.id}` }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.action)).toEqual(['notice.create', 'notice.update']);
  });

  test('when an admin opens the audit log, then every change is listed with who made it', async () => {
    const admin = new ConsoleHttp(t.url);
    await admin.signIn(USERS.admin);
    const body = (await admin.get('/console/audit')).body;
    expect(body).toContain('data-audit="agent.add"');
    expect(body).toContain('data-audit="calendar.set"');
    expect(body).toContain(`<td>${USERS.supervisor}</td>`);
  });
});
