import { DATABASE_KINDS } from '../support/test-database';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';
import { loggedInAgent, withDemoAgents } from '../support/test-agents';
import { verb } from '../support/twilio-test-client';

describe.each(DATABASE_KINDS)('queues, callbacks and branches on %s', (kind) => {
  let t: TestHotline;
  beforeAll(async () => {
    t = await startTestHotline(kind, { env: { QUEUE_MAX_WAIT_SECONDS: '300' } });
    await withDemoAgents(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function queuedInGeneral(from = '+8613800138000') {
    const call = new TestCall(t, from);
    await call.start();
    await call.press('2');
    await call.press('0');
    expect(call.enqueue?.textContent).toBe('general');
    return call;
  }

  test('when nobody who works the queue is logged in, then the hold loop says so at once and offers a callback', async () => {
    const call = await queuedInGeneral();
    const hold = await call.hold(1, 0);
    expect(hold.body).toContain('No agent for this line is available right now. Press 1 to request a callback');
    expect(verb(hold, 'Gather')?.getAttribute('action')).toBe(`${t.twilio.publicBaseUrl}/twilio/queue/2/keys`);
  });

  test('when a caller waits, then the hold loop tells their position, offers a callback and plays music, and the poll writes nothing', async () => {
    const agent = await loggedInAgent(t, '1002', '4322');
    const call = await queuedInGeneral();
    const before = (await call.stored()).events.length;
    const hold = await call.hold(3, 20);
    expect(hold.body).toContain('There are 2 callers ahead of you.');
    expect(hold.body).toContain('press 1 to request a callback');
    expect(verb(hold, 'Play')).not.toBeNull();
    expect(verb(hold, 'Enqueue')).toBeNull();
    await call.hold(2, 60);
    expect((await call.stored()).events.length).toBe(before);
    await agent.ended();
  });

  test('when callers were recently answered after a few minutes, then the hold loop gives an estimate from that record', async () => {
    const now = Date.now();
    for (const [i, wait] of [240, 300, 360].entries()) {
      await t.hotline.prisma.call.create({
        data: {
          callSid: `CA${String(i).padStart(32, 'e')}`,
          fromNumber: '+8613800000000',
          toNumber: '+861095000000',
          state: 'ended',
          snapshot: '{}',
          queueName: 'recharge',
          queueResult: 'bridged',
          queueWaitSeconds: wait,
          queueLeftAt: new Date(now - 60_000 * (i + 1)),
        },
      });
    }
    const agent = await loggedInAgent(t, '1002', '4322');
    const call = new TestCall(t);
    await call.start();
    await call.press('2');
    await call.press('2');
    await call.skip();
    await call.skip();
    await call.press('1');
    expect(call.enqueue?.textContent).toBe('recharge');
    const hold = await call.hold(1, 60);
    expect(hold.body).toContain('You are next in line. The expected wait is about 4 minutes.');
    await agent.ended();
  });

  test('when a waiting caller presses 1, then they leave the queue, confirm their number and get a ticket read back twice', async () => {
    const call = await queuedInGeneral();
    await call.hold(4, 45);
    const leave = await call.holdPress('1');
    expect(verb(leave, 'Leave')).not.toBeNull();
    await call.queueResult('leave', 47);
    expect(call.said()).toContain('We will call you back at the number ending in 8 0 0 0');
    await call.press('1');
    const ticket = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { callSid: call.callSid } });
    expect(ticket).toMatchObject({ origin: 'leftQueue', category: 'general', callbackNumber: '+8613800138000' });
    const spokenRef = ticket.reference.split('').join(', ');
    expect(call.said().split(spokenRef)).toHaveLength(3);
    expect(verb(call.last, 'Hangup')).not.toBeNull();
    await call.ended();
    const stored = await call.stored();
    expect(stored).toMatchObject({ outcome: 'ticket', queueResult: 'leave', queueWaitSeconds: 47, ticketReference: ticket.reference });
  });

  test('when a caller has waited past QUEUE_MAX_WAIT_SECONDS, then they are moved to the callback flow with an apology', async () => {
    const call = await queuedInGeneral();
    expect(verb(await call.hold(2, 120), 'Leave')).toBeNull();
    const over = await call.hold(2, 301);
    expect(verb(over, 'Leave')).not.toBeNull();
    await call.queueResult('leave', 302);
    expect(call.said()).toContain('sorry to keep you waiting');
    await call.press('1');
    const ticket = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { callSid: call.callSid } });
    expect(ticket.origin).toBe('queueTimeout');
  });

  test('when a caller whose wait timed out hangs up at the callback-number confirmation, then the call log shows them abandoned, without a ticket', async () => {
    const call = await queuedInGeneral();
    expect(verb(await call.hold(2, 301), 'Leave')).not.toBeNull();
    await call.queueResult('leave', 302);
    expect(call.said()).toContain('We will call you back at the number ending in 8 0 0 0');
    await call.ended('completed', 330);
    expect(await call.stored()).toMatchObject({ state: 'ended', outcome: 'abandoned', queueResult: 'leave', queueWaitSeconds: 302, ticketReference: null });
    expect(await t.hotline.prisma.ticket.count({ where: { callSid: call.callSid } })).toBe(0);
  });

  test('when a caller who pressed 1 for a callback hangs up before confirming the number, then the ticket is still opened and the call is abandoned', async () => {
    const callerId = await queuedInGeneral('+8613800138001');
    await callerId.hold(1, 40);
    await callerId.holdPress('1');
    await callerId.queueResult('leave', 41);
    await callerId.ended('completed', 60);
    const ticket = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { callSid: callerId.callSid } });
    expect(ticket).toMatchObject({ origin: 'leftQueue', category: 'general', status: 'open', callbackNumber: '+8613800138001' });
    expect(await callerId.stored()).toMatchObject({ outcome: 'abandoned', ticketReference: ticket.reference });

    const typed = await queuedInGeneral('+8613800138002');
    await typed.hold(1, 40);
    await typed.holdPress('1');
    await typed.queueResult('leave', 41);
    await typed.press('2');
    await typed.press('13911112222#');
    expect(typed.said()).toContain('1, 3, 9, 1, 1, 1, 1, 2, 2, 2, 2');
    await typed.ended('completed', 70);
    expect(await t.hotline.prisma.ticket.findFirstOrThrow({ where: { callSid: typed.callSid } })).toMatchObject({
      origin: 'leftQueue',
      callbackNumber: '13911112222',
    });
    expect((await typed.stored()).outcome).toBe('abandoned');
  });

  test.each([
    ['a failed recharge', 'recharge', ['2', '2', '#', '#', '2']],
    ['a complaint', 'complaints', ['2', '4', '1', '#', '2']],
    ['a complaint about our service', 'escalation', ['2', '4', '4', '#', '2']],
  ])('when a withheld caller from %s cannot enter a callback number three times, then they wait in the %s queue', async (_, queue, keys) => {
    const call = new TestCall(t, 'anonymous');
    await call.start();
    for (const key of keys) await (key === '#' ? call.skip() : call.press(key));
    expect(call.said()).toContain('Please enter the number to call you back on');
    await call.press('12#');
    await call.silence();
    await call.press('1234567890123456#');
    expect(call.said()).toContain('Let me put you through to an agent');
    expect(call.enqueue?.textContent).toBe(queue);
    expect(await call.stored()).toMatchObject({ queueName: queue, state: 'live.inQueue.waiting' });
  });

  test('when a freeze caller leaves the freeze queue for a callback, then their freeze ticket keeps its reference and gains the callback', async () => {
    const call = new TestCall(t, '+8613800138000');
    await call.start();
    await call.press('1');
    await call.press('1');
    await call.press('12345#');
    expect(call.said()).toContain('抱歉，您输入的号码无效');
    await call.press('13800138000#');
    expect(call.said()).toContain('1、3、8、0、0、1、3、8、0、0、0');
    await call.press('1');
    expect(call.enqueue?.textContent).toBe('freeze');
    const ticket = await t.hotline.prisma.ticket.findFirstOrThrow({ where: { callSid: call.callSid } });
    expect(ticket).toMatchObject({ category: 'freeze', mobileNumber: '13800138000' });
    expect(ticket.dueAt.getTime() - ticket.createdAt.getTime()).toBeGreaterThan(7_100_000);
    expect(ticket.dueAt.getTime() - ticket.createdAt.getTime()).toBeLessThan(7_300_000);
    expect(call.said()).toContain(`申请编号是：${ticket.reference.split('').join('、')}`);
    await call.hold(1, 30);
    await call.holdPress('1');
    await call.queueResult('leave', 31);
    await call.press('2');
    await call.press('13911112222#');
    await call.press('1');
    expect(await t.hotline.prisma.ticket.count({ where: { callSid: call.callSid } })).toBe(1);
    const updated = await t.hotline.prisma.ticket.findUniqueOrThrow({ where: { reference: ticket.reference } });
    expect(updated.callbackNumber).toBe('13911112222');
    expect(call.said()).toContain(ticket.reference.split('').join('、'));
  });

  test('when more than 3 freeze requests for one number come within an hour, then the next one is flagged for the agent', async () => {
    const requests = [];
    for (let i = 0; i < 4; i++) {
      const call = new TestCall(t, `+861390000000${i}`);
      await call.start();
      await call.press('1');
      await call.press('1');
      await call.press('13612345678#');
      await call.press('1');
      requests.push(await t.hotline.prisma.ticket.findFirstOrThrow({ where: { callSid: call.callSid } }));
    }
    expect(requests.map((r) => r.flagged)).toEqual([false, false, false, true]);
    expect(requests[3]!.flagReason).toContain('4 freeze requests for this wallet number');
  });

  test('when a caller checks a ticket, then they hear its status and due time; an unknown reference is retried three times', async () => {
    const ticket = await t.hotline.prisma.ticket.create({
      data: {
        reference: '20261125',
        category: 'recharge',
        language: 'zh-CN',
        callerNumber: '+8613800138000',
        status: 'calledBack',
        dueAt: new Date('2026-11-26T06:00:00Z'),
      },
    });
    const call = new TestCall(t);
    await call.start();
    await call.press('1');
    await call.press('5');
    await call.press('99999999#');
    expect(call.said()).toContain('没有找到这个工单号');
    await call.press(`${ticket.reference}#`);
    expect(call.said()).toContain('工单2、0、2、6、1、1、2、5的状态是：已回电，正在跟进。预计答复时间：11月26日 14:00');
    await call.press('9');
    expect(call.said()).toContain('冻结账户');

    const unknown = new TestCall(t);
    await unknown.start();
    await unknown.press('2');
    await unknown.press('5');
    await unknown.press('11111111#');
    await unknown.press('22222222#');
    await unknown.press('33333333#');
    expect(unknown.said()).toContain('Sorry, we could not find your ticket. To speak to an agent, press 1.');
    await unknown.press('1');
    expect(unknown.enqueue?.textContent).toBe('general');
  });

  test('when a caller complains about our service, then they go to the supervisors in escalation; other complaints go to complaints', async () => {
    const service = new TestCall(t);
    await service.start();
    await service.press('2');
    await service.press('4');
    await service.press('4');
    await service.skip();
    expect(service.said()).toContain('To wait for a supervisor, press 1');
    await service.press('1');
    expect(service.enqueue?.textContent).toBe('escalation');

    const privacy = new TestCall(t);
    await privacy.start();
    await privacy.press('2');
    await privacy.press('4');
    await privacy.press('3');
    await privacy.silence();
    expect(privacy.said()).toContain('we did not hear');
    await privacy.silence();
    await privacy.press('1');
    expect(privacy.enqueue?.textContent).toBe('complaints');
    const stored = await privacy.stored();
    expect(stored.events.filter((e) => e.purpose === 'transactionNumber').map((e) => e.meaning)).toEqual(['silence', 'silence, skipped']);
  });

  test('when a recharge caller enters an order and an amount, then they hear the self-help tip and can queue in recharge', async () => {
    const call = new TestCall(t);
    await call.start();
    await call.press('2');
    await call.press('2');
    await call.press('202611250001#');
    await call.press('88*5#');
    expect(call.said()).toContain('try another payment method');
    await call.press('*');
    expect(call.said()).toContain('try another payment method');
    await call.press('1');
    expect(call.enqueue?.textContent).toBe('recharge');
    const stored = await call.stored();
    const snapshot = JSON.parse(stored.snapshot) as { context: { orderNumber: string; amount: string } };
    expect(snapshot.context).toMatchObject({ orderNumber: '202611250001', amount: '88.5' });
  });

  test('when a caller hangs up in the queue, then the call is recorded as abandoned with its wait', async () => {
    const call = await queuedInGeneral();
    await call.hold(1, 12);
    await call.queueResult('hangup', 14);
    await call.ended('completed', 50);
    expect(await call.stored()).toMatchObject({ outcome: 'abandoned', queueWaitSeconds: 14, twilioStatus: 'completed', state: 'ended' });
  });

  test('when an agent answered and hung up, then the caller rates the service, is thanked, and the call is recorded as answered', async () => {
    const call = await queuedInGeneral();
    await call.queueResult('bridged', 33);
    expect(call.said()).toContain('Please rate our service from 1 to 5');
    const after = await call.press('5');
    expect(verb(after, 'Hangup')).not.toBeNull();
    expect(call.said()).toContain('Thank you for calling');
    await call.ended('completed', 300);
    expect(await call.stored()).toMatchObject({ outcome: 'answered', queueWaitSeconds: 33, csatScore: 5 });
  });
});
