import type { SimulatedCall, VoiceSimulator } from '../../src/simulator/voice-simulator';
import { DATABASE_KINDS } from '../support/test-database';
import { simulatorFor, startTestHotline, type TestHotline } from '../support/test-hotline';

/** Whole calls through the real app, placed by the simulator exactly as Twilio would place them. */
describe.each(DATABASE_KINDS)('simulated calls through every branch on %s', (kind) => {
  let t: TestHotline;
  let sim: VoiceSimulator;
  beforeAll(async () => {
    t = await startTestHotline(kind, { env: { QUEUE_MAX_WAIT_SECONDS: '300' } });
    sim = simulatorFor(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const stored = (call: SimulatedCall) =>
    t.hotline.prisma.call.findUniqueOrThrow({ where: { callSid: call.callSid }, include: { events: { orderBy: { step: 'asc' } } } });
  const heard = (call: SimulatedCall) => call.heard().join(' ');
  const expectClean = (call: SimulatedCall) =>
    expect({ errors: call.errors, expectations: call.expectationFailures }).toEqual({ errors: [], expectations: [] });

  test('when a caller freezes their account, then a freeze ticket is read back twice and they wait in the freeze queue', async () => {
    const call = await sim.placeCall({ keys: ['2', '1', '13800138000#', '1', 'wait=30', 'hangup'] });
    expectClean(call);
    const record = await stored(call);
    const ticket = await t.hotline.prisma.ticket.findUniqueOrThrow({ where: { reference: record.ticketReference! } });
    expect(ticket).toMatchObject({ category: 'freeze', mobileNumber: '13800138000' });
    expect(heard(call).split(ticket.reference.split('').join(', '))).toHaveLength(3);
    expect(record).toMatchObject({ branch: 'freeze', queueName: 'freeze', outcome: 'abandoned', twilioStatus: 'completed' });
    expect(record.queueWaitSeconds).toBeGreaterThanOrEqual(30);
  });

  test('when a caller reports a failed recharge and asks for a callback, then the ticket carries the order and amount', async () => {
    const call = await sim.placeCall({ keys: ['1', '2', '202611250001#', '99*9#', '2', '1'] });
    expectClean(call);
    expect(call.endedBy).toBe('hangup-verb');
    const record = await stored(call);
    expect(record.outcome).toBe('ticket');
    const ticket = await t.hotline.prisma.ticket.findUniqueOrThrow({ where: { reference: record.ticketReference! } });
    expect(ticket).toMatchObject({ category: 'recharge', orderNumber: '202611250001', amount: '99.9', callbackNumber: '+8613800138000' });
    expect(heard(call)).toContain(`工单号是：${ticket.reference.split('').join('、')}`);
  });

  test('when a caller asks about an outage with none known, then they hear self-help and can reach an agent', async () => {
    const call = await sim.placeCall({ keys: ['2', '3', '1', 'hangup'] });
    expectClean(call);
    expect(heard(call)).toContain('We know of no outage right now');
    expect((await stored(call)).queueName).toBe('general');
  });

  test('when a caller complains about our service, then they reach the supervisors in escalation', async () => {
    const call = await sim.placeCall({ keys: ['2', '4', '4', '#', '1', 'wait=10', 'hangup'] });
    expectClean(call);
    expect((await stored(call)).queueName).toBe('escalation');
  });

  test('when a caller checks a ticket they were given, then they hear its status', async () => {
    const booked = await sim.placeCall({ keys: ['2', '0', 'wait=5', 'hangup'] });
    expectClean(booked);
    const ticketCall = await sim.placeCall({ keys: ['2', '2', '#', '#', '2', '1'] });
    const reference = (await stored(ticketCall)).ticketReference!;
    const check = await sim.placeCall({ keys: ['2', '5', `${reference}#`, '9', 'hangup'] });
    expectClean(check);
    expect(heard(check)).toContain(`Ticket ${reference.split('').join(', ')} is in progress.`);
  });

  test('when a caller presses nothing at all, then they are never hung up on: Mandarin, then the general queue', async () => {
    const call = await sim.placeCall({ keys: ['-', '-', '-', '-', 'wait=20', 'hangup'] });
    expectClean(call);
    const record = await stored(call);
    expect(record).toMatchObject({ language: 'zh-CN', queueName: 'general', outcome: 'abandoned' });
    expect(heard(call)).toContain('我们为您转接人工客服');
  });

  test('when a caller holds past the longest wait, then the simulator hears them moved to a callback that they confirm', async () => {
    const call = await sim.placeCall({ keys: ['2', '0', 'wait=400', '1'] });
    expectClean(call);
    expect(heard(call)).toContain('We are sorry to keep you waiting so long.');
    const record = await stored(call);
    expect(record.outcome).toBe('ticket');
    expect(record.queueWaitSeconds).toBeGreaterThanOrEqual(300);
    expect(record.queueWaitSeconds).toBeLessThan(360);
  });

  test('when a caller with a withheld number asks for a callback, then they must enter a number, and a bad one is refused', async () => {
    const call = await sim.placeCall({ from: 'anonymous', keys: ['1', '2', '2', '#', '#', '2', '123#', '13911112222#', '1'] });
    expectClean(call);
    expect(heard(call)).toContain('请输入回电号码');
    expect(heard(call)).toContain('抱歉，您输入的号码无效');
    expect(heard(call)).toContain('我们将拨打1、3、9、1、1、1、1、2、2、2、2给您回电');
    const record = await stored(call);
    const ticket = await t.hotline.prisma.ticket.findUniqueOrThrow({ where: { reference: record.ticketReference! } });
    expect(ticket.callbackNumber).toBe('13911112222');
  });
});
