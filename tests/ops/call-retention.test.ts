import { applyRetention } from '../../src/ops/call-retention';
import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';

const NOW = new Date('2026-11-23T04:00:00Z');
const LONG_AGO = new Date('2026-04-01T04:00:00Z');

describe.each(DATABASE_KINDS)('retention on %s', (kind) => {
  let t: TestHotline;
  let now = LONG_AGO;
  beforeAll(async () => {
    t = await startTestHotline(kind, { clock: () => now });
  });
  afterAll(async () => {
    await t.close();
  });

  async function rechargeCallback(from: string) {
    const call = new TestCall(t, from);
    await call.start();
    await call.press('2');
    await call.press('2');
    await call.press('8801234567#');
    await call.press('#');
    await call.press('2');
    await call.press('1');
    await call.ended();
    return call;
  }

  test('when calls are older than RETENTION_DAYS, then numbers and keys are removed, statistics and recent calls stay, and a rerun changes nothing', async () => {
    const old = await rechargeCallback('+8613511112222');
    const oldOpen = await rechargeCallback('+8613533334444');
    const oldTicket = (await old.stored()).ticketReference!;
    await t.hotline.prisma.ticket.update({ where: { reference: oldTicket }, data: { status: 'resolved' } });
    now = NOW;
    const recent = await rechargeCallback('+8613555556666');

    const report = await applyRetention(t.hotline.prisma, NOW, 180);
    expect(report).toMatchObject({ callsAnonymised: 2, ticketsAnonymised: 1, openTicketsKept: 1 });

    const oldCall = await old.stored();
    expect(oldCall).toMatchObject({ fromNumber: '135****2222', snapshot: '{}', outcome: 'ticket', branch: 'recharge' });
    expect(oldCall.anonymisedAt).not.toBeNull();
    expect(oldCall.events.every((e) => e.digits === null)).toBe(true);
    expect(oldCall.events.map((e) => e.purpose)).toContain('orderNumber');
    const resolved = await t.hotline.prisma.ticket.findUniqueOrThrow({ where: { reference: oldTicket } });
    expect(resolved).toMatchObject({ callerNumber: '135****2222', callbackNumber: '135****2222' });
    const stillOpen = await t.hotline.prisma.ticket.findUniqueOrThrow({ where: { reference: (await oldOpen.stored()).ticketReference! } });
    expect(stillOpen.callbackNumber).toBe('+8613533334444');
    const recentCall = await recent.stored();
    expect(recentCall.fromNumber).toBe('+8613555556666');
    expect(recentCall.events.some((e) => e.digits === '8801234567#')).toBe(true);

    expect(await applyRetention(t.hotline.prisma, NOW, 180)).toMatchObject({ callsAnonymised: 0, ticketsAnonymised: 0 });
  });
});
