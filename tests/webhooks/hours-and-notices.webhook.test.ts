import { EMERGENCY_CLOSURE_KEY } from '../../src/persistence/prisma-call-store';
import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';
import { verb } from '../support/twilio-test-client';

// Wednesday 2026-11-25 10:00 in Shanghai (02:00 UTC) and the Saturday after, 12:00 (04:00 UTC).
const WEDNESDAY_10AM = new Date('2026-11-25T02:00:00Z');
const WEDNESDAY_11PM = new Date('2026-11-25T15:00:00Z');
const SATURDAY_NOON = new Date('2026-11-28T04:00:00Z');

describe.each(DATABASE_KINDS)('business hours, holidays, closures and outage notices on %s', (kind) => {
  let t: TestHotline;
  let now = WEDNESDAY_10AM;
  beforeAll(async () => {
    t = await startTestHotline(kind, { env: { BUSINESS_HOURS: 'Mon-Fri 09:00-21:00' }, clock: () => now });
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(async () => {
    now = WEDNESDAY_10AM;
    await t.hotline.prisma.calendarDay.deleteMany();
    await t.hotline.prisma.hotlineSetting.deleteMany();
    await t.hotline.prisma.outageNotice.deleteMany();
  });

  async function callAndAskForHuman(from = '+8613800138000') {
    const call = new TestCall(t, from);
    await call.start();
    await call.press('2');
    await call.press('0');
    return call;
  }

  test('when a caller asks for a human during business hours, then they are queued in general', async () => {
    const call = await callAndAskForHuman();
    expect(verb(call.last, 'Enqueue')?.textContent).toBe('general');
  });

  test('when a caller asks for a human after hours, then they are told so and offered a callback to their number', async () => {
    now = WEDNESDAY_11PM;
    const call = await callAndAskForHuman();
    expect(verb(call.last, 'Enqueue')).toBeNull();
    expect(call.said()).toContain('not available outside business hours');
    expect(call.said()).toContain('ending in 8 0 0 0');
    const booked = await call.press('1');
    expect(verb(booked, 'Hangup')).not.toBeNull();
    const ticket = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { callSid: call.callSid } });
    expect(ticket).toMatchObject({ category: 'general', origin: 'closed', callbackNumber: '+8613800138000' });
    expect(call.said()).toContain(ticket.reference.split('').join(', '));
  });

  test('when today is a holiday in the calendar, then callers go to the callback flow even in office hours', async () => {
    await t.hotline.prisma.calendarDay.create({ data: { date: '2026-11-25', kind: 'holiday', name: 'test holiday' } });
    const call = await callAndAskForHuman();
    expect(call.said()).toContain('public holidays');
    expect(verb(call.last, 'Enqueue')).toBeNull();
  });

  test('when a Saturday is a make-up working day (调休), then agents answer with weekday hours', async () => {
    now = SATURDAY_NOON;
    const closedCall = await callAndAskForHuman();
    expect(verb(closedCall.last, 'Enqueue')).toBeNull();
    await t.hotline.prisma.calendarDay.create({ data: { date: '2026-11-28', kind: 'workday', name: '调休' } });
    const openCall = await callAndAskForHuman();
    expect(verb(openCall.last, 'Enqueue')?.textContent).toBe('general');
  });

  test('when ops declare an emergency closure, then every queue but freeze sends callers to the callback flow', async () => {
    await t.hotline.prisma.hotlineSetting.create({ data: { key: EMERGENCY_CLOSURE_KEY, value: JSON.stringify({ active: true, reason: 'fire drill' }) } });
    const general = await callAndAskForHuman();
    expect(verb(general.last, 'Enqueue')).toBeNull();
    expect(general.said()).toContain('not available right now');

    const freeze = new TestCall(t, '+8613700001111');
    await freeze.start();
    await freeze.press('2');
    await freeze.press('1');
    await freeze.press('13700001111#');
    const confirmed = await freeze.press('1');
    expect(verb(confirmed, 'Enqueue')?.textContent).toBe('freeze');
  });

  test('when an outage notice concerns every branch, then its short version plays right after the language choice', async () => {
    await t.hotline.prisma.outageNotice.create({
      data: {
        messageZh: '充值服务中断',
        messageEn: 'Top-ups are down',
        shortZh: '充值暂时不可用',
        shortEn: 'Top-ups are unavailable',
        branches: 'all',
        startsAt: new Date(now.getTime() - 60_000),
      },
    });
    const call = new TestCall(t);
    await call.start();
    await call.press('2');
    expect(call.said()).toMatch(/^Service notice: Top-ups are unavailable\. .*freeze your account/);
    await call.press('*');
    expect(call.said()).not.toContain('Service notice');
  });

  test('when a caller picks the outage branch, then active notices are read with the expected recovery and a callback is due an hour after it', async () => {
    await t.hotline.prisma.outageNotice.create({
      data: {
        messageZh: '部分银行卡充值失败',
        messageEn: 'Some bank card top-ups fail',
        shortZh: '银行卡充值故障',
        shortEn: 'Card top-up issue',
        branches: 'recharge,outage',
        expectedRecoveryAt: new Date('2026-11-25T06:30:00Z'),
        startsAt: new Date(now.getTime() - 60_000),
      },
    });
    await t.hotline.prisma.outageNotice.create({
      data: {
        messageZh: '已结束',
        messageEn: 'Old notice',
        shortZh: '旧',
        shortEn: 'Old',
        branches: 'all',
        startsAt: new Date('2026-11-01T00:00:00Z'),
        endsAt: new Date('2026-11-02T00:00:00Z'),
      },
    });
    const call = new TestCall(t);
    await call.start();
    await call.press('2');
    expect(call.said()).not.toContain('Old');
    await call.press('3');
    expect(call.said()).toContain('Some bank card top-ups fail. We expect it to be fixed by November 25 at 2:30 PM.');
    await call.press('2');
    await call.press('1');
    const ticket = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { callSid: call.callSid } });
    expect(ticket.category).toBe('outage');
    expect(ticket.dueAt.toISOString()).toBe('2026-11-25T07:30:00.000Z');
  });

  test('when there is no outage notice, then the outage branch says so with self-help, and 2 is not an option', async () => {
    const call = new TestCall(t);
    await call.start();
    await call.press('1');
    await call.press('3');
    expect(call.said()).toContain('目前没有已知的服务故障');
    await call.press('2');
    expect(call.said()).toContain('您的选择无效');
  });
});
