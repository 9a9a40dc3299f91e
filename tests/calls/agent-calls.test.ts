import type { SimulatedCall, VoiceSimulator } from '../../src/simulator/voice-simulator';
import { DATABASE_KINDS } from '../support/test-database';
import { addAgent, loggedInAgent, withDemoAgents } from '../support/test-agents';
import { simulatorFor, startTestHotline, TEST_OPS_TOKEN, type TestHotline } from '../support/test-hotline';

/** Callers and agents as legs of one simulated Twilio: the simulator owns the queues and bridges the legs. */
describe.each(DATABASE_KINDS)('agents taking calls on %s', (kind) => {
  let t: TestHotline;
  let sim: VoiceSimulator;
  beforeAll(async () => {
    t = await startTestHotline(kind);
    await withDemoAgents(t);
    sim = simulatorFor(t);
  });
  afterAll(async () => {
    await t.close();
  });

  const clean = (...calls: SimulatedCall[]) =>
    expect(calls.map((c) => ({ errors: c.errors, expectations: c.expectationFailures }))).toEqual(calls.map(() => ({ errors: [], expectations: [] })));
  const heard = (c: SimulatedCall) => c.heard().join(' ');
  const stored = (c: SimulatedCall) => t.hotline.prisma.call.findUniqueOrThrow({ where: { callSid: c.callSid } });
  /** The JSON API's answer, as the tests read it (the API's own types are checked in its tests). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = async (path: string): Promise<any> => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${TEST_OPS_TOKEN}` } });
    expect(res.status).toBe(200);
    return res.json();
  };
  const legs = (c: SimulatedCall) => t.hotline.prisma.agentLeg.findMany({ where: { callerCallSid: c.callSid }, orderBy: { id: 'asc' } });

  test('when an agent logs in and takes a freeze caller, then the agent hears who is coming, the caller hears the agent ID, and both are recorded', async () => {
    const [caller, agent] = await sim.runCalls([
      // Mandarin, freeze, number, confirm; then hold until answered; 5 for the survey after the agent hangs up.
      { keys: ['1', '1', '13800138000#', '1', 'wait=60', '5'], maxHoldSeconds: 600 },
      sim.agentCall('1001', { keys: ['1001#', '4321#', '1', 'wait=30', 'hangup'], startAtSeconds: 5 }),
    ]);
    clean(caller!, agent!);
    expect(heard(agent!)).toContain('张三，您好，您已登录。');
    expect(heard(agent!)).toMatch(/来电来自冻结账户队列，业务：冻结账户，语言：普通话，已等待\d+分钟。冻结申请编号：(\d、){7}\d。/);
    expect(heard(caller!)).toContain('工号1001为您服务。');
    expect(heard(caller!)).toContain('请为本次服务打分');
    const record = await stored(caller!);
    expect(record).toMatchObject({ agentId: '1001', agentName: '张三', agentCallSid: agent!.callSid, outcome: 'answered', csatScore: 5, queueName: 'freeze' });
    expect(record.answeredAt).not.toBeNull();
    const [leg] = await legs(caller!);
    expect(leg).toMatchObject({ agentId: '1001', queueName: 'freeze' });
    expect(leg!.whisperedAt).not.toBeNull();
    expect(leg!.connectedAt).not.toBeNull();
    expect(leg!.endedAt).not.toBeNull();

    const detail = await api(`/api/calls/${caller!.callSid}`);
    expect(detail).toMatchObject({ agentId: '1001', agentName: '张三', csatScore: 5, outcome: 'answered', transfers: [] });
    expect(detail.agentLegs).toEqual([expect.objectContaining({ agentId: '1001', queue: 'freeze', decision: null })]);
    const agents = (await api('/api/agents')).items as Array<Record<string, unknown>>;
    expect(agents.find((a) => a.agentId === '1001')).toMatchObject({ status: 'offline', callsHandledToday: 1, averageCsat: 5 });
    // Simulated calls take milliseconds of the server's real clock, so only the presence of the figure is checked.
    expect(agents.find((a) => a.agentId === '1001')!.averageHandleSeconds).toEqual(expect.any(Number));
  });

  test('when an agent is logged in and waiting, then the agents API shows them available', async () => {
    const agent = await loggedInAgent(t, '2001', '2001');
    const agents = (await api('/api/agents')).items as Array<Record<string, unknown>>;
    expect(agents.find((a) => a.agentId === '2001')).toMatchObject({ status: 'available', supervisor: true, currentCall: null });
    await agent.ended();
    const after = (await api('/api/agents')).items as Array<Record<string, unknown>>;
    expect(after.find((a) => a.agentId === '2001')).toMatchObject({ status: 'offline' });
  });

  test.each([
    ['recharge', ['2', '2', '#', '#', '1'], '1001', '4321', '来电来自充值失败队列'],
    ['general', ['2', '0'], '1001', '4321', '来电来自综合队列'],
    ['complaints', ['2', '4', '1', '#', '1'], '1002', '4322', 'Caller from the complaints queue'],
    ['escalation', ['2', '4', '4', '#', '1'], '2001', '2001', '来电来自投诉升级队列'],
  ])('when a caller waits in %s, then an agent who works it hears their context and is connected', async (queue, keys, agentId, pin, whisper) => {
    const [caller, agent] = await sim.runCalls([
      { keys: [...keys, 'wait=120', '-'], maxHoldSeconds: 600, talkSeconds: 20 },
      sim.agentCall(agentId, { keys: [`${agentId}#`, `${pin}#`, '1', 'wait=10', 'hangup'], startAtSeconds: 30, from: `+86139000${agentId}` }),
    ]);
    clean(caller!, agent!);
    expect(heard(agent!)).toContain(whisper);
    expect(await stored(caller!)).toMatchObject({ queueName: queue, agentId, outcome: 'answered' });
  });

  test('when callers wait in several queues, then an agent takes the highest-priority queue they work first', async () => {
    const [general, freeze, agent] = await sim.runCalls([
      { label: 'general caller', keys: ['2', '0', 'wait=200', 'hangup'], maxHoldSeconds: 600 },
      { label: 'freeze caller', from: '+8613700000001', keys: ['2', '1', '13700000001#', '1', 'wait=200', 'hangup'], startAtSeconds: 10, maxHoldSeconds: 600 },
      sim.agentCall('1001', { keys: ['1001#', '4321#', '1', 'wait=5', 'hangup'], startAtSeconds: 120 }),
    ]);
    clean(general!, freeze!, agent!);
    expect((await stored(freeze!)).agentId).toBe('1001');
    expect((await stored(general!)).agentId).toBeNull();
    expect(heard(agent!)).toContain('来电来自冻结账户队列');
  });

  test('when a wrong PIN is entered three times, then the agent is told and hung up on, and every attempt is logged without the PIN', async () => {
    await addAgent(t, '3001', '5555');
    // Six-digit wrong PINs: a four-digit one could turn up by chance inside a random CallSid in the logs.
    const agent = await sim.placeCall(sim.agentCall('3001', { keys: ['3001#', '918273#', '3001#', '645372#', '3001#', '283746#'] }));
    clean(agent);
    expect(heard(agent)).toContain('That agent ID or PIN is not right. Please try again.');
    expect(heard(agent)).toContain('Too many failed logins');
    expect(agent.endedBy).toBe('hangup-verb');
    const attempts = await t.hotline.prisma.agentLoginAttempt.findMany({ where: { callSid: agent.callSid } });
    expect(attempts.map((a) => [a.agentId, a.succeeded])).toEqual([
      ['3001', false],
      ['3001', false],
      ['3001', false],
    ]);
    const events = await t.hotline.prisma.callEvent.findMany({ where: { callSid: agent.callSid } });
    expect(events.map((e) => e.digits).join(',')).not.toMatch(/918273|645372|283746/);
    expect(t.logs.join('')).not.toMatch(/918273|645372|283746/);
    expect(t.logs.filter((l) => l.includes('agent login refused'))).toHaveLength(3);
  });

  test('when an agent ID keeps failing, then it is locked even with the right PIN', async () => {
    await addAgent(t, '3002', '6666');
    const right = await sim.placeCall(sim.agentCall('3002', { keys: ['3002#', '6666#', 'hangup'] }));
    expect(heard(right)).toContain('Hello Agent 3002, you are logged in.');
    for (let i = 0; i < 2; i++) {
      await sim.placeCall(sim.agentCall('3002', { keys: ['3002#', '9999#', '3002#', '9998#', '3002#', '9997#'] }));
    }
    const agent = await sim.placeCall(sim.agentCall('3002', { keys: ['3002#', '6666#'] }));
    expect(heard(agent)).toContain('Too many failed logins');
    expect(await t.hotline.prisma.agentLoginAttempt.count({ where: { callSid: agent.callSid, succeeded: true } })).toBe(0);
  });

  test('when the agent hangs up while hearing the whisper, then the caller keeps waiting and the next agent gets them', async () => {
    const [caller, first, second] = await sim.runCalls([
      { keys: ['2', '2', '#', '#', '1', 'wait=300', 'hangup'], maxHoldSeconds: 600 },
      sim.agentCall('1001', { keys: ['1001#', '4321#', 'hangup'], startAtSeconds: 60 }),
      sim.agentCall('1002', { keys: ['1002#', '4322#', '1', 'wait=10', 'hangup'], startAtSeconds: 150, from: '+8613900001002' }),
    ]);
    clean(caller!, first!, second!);
    const record = await stored(caller!);
    expect(record.agentId).toBe('1002');
    const callerLegs = await legs(caller!);
    expect(callerLegs.map((l) => [l.agentId, l.connectedAt !== null])).toEqual([
      ['1001', false],
      ['1002', true],
    ]);
    const firstLeg = await stored(first!);
    expect(firstLeg.state).toBe('offline');
  });

  test('when the caller hangs up while the agent hears the whisper, then the agent hears that and is offered the next caller', async () => {
    const [caller, agent] = await sim.runCalls([
      { keys: ['2', '0', 'wait=45', 'hangup'], maxHoldSeconds: 600 },
      sim.agentCall('1002', { keys: ['1002#', '4322#', 'wait=40', '1', 'hangup'], startAtSeconds: 5, from: '+8613900001002' }),
    ]);
    clean(caller!, agent!);
    expect(heard(agent!)).toContain('That caller has hung up or was answered.');
    expect((await stored(caller!)).outcome).toBe('abandoned');
    expect((await stored(agent!)).state).toBe('offline');
  });

  test('when an agent presses * and transfers the caller with a reason, then the caller holds, a supervisor hears who transferred them and why, and the call shows both agents', async () => {
    const [caller, agent, supervisor] = await sim.runCalls([
      // After queueing the caller just waits, silent, and talks for two minutes to whoever answers.
      { keys: ['2', '4', '1', '#', '1'], onKeysExhausted: 'silence', maxHoldSeconds: 900, talkSeconds: 120 },
      sim.agentCall('1002', { keys: ['1002#', '4322#', '1', 'wait=20', '*', '1', '3', '9'], startAtSeconds: 5, from: '+8613900001002' }),
      sim.agentCall('2001', { keys: ['2001#', '2001#', '1', 'wait=300', 'hangup'], startAtSeconds: 120, from: '+8613900002001' }),
    ]);
    clean(caller!, agent!, supervisor!);
    expect(heard(agent!)).toContain('Why? Needs approval, press 1.');
    expect(heard(agent!)).toContain('The caller is transferred to a supervisor.');
    expect(heard(caller!)).toContain('We are transferring you to a supervisor.');
    expect(heard(supervisor!)).toContain('来电来自转接队列');
    expect(heard(supervisor!)).toContain('由工号1、0、0、2Li Si转来，原因：疑似欺诈。');
    expect(heard(caller!)).toContain('Agent 2 0 0 1 will help you.');
    const callerLegs = await legs(caller!);
    expect(callerLegs.map((l) => [l.agentId, l.transferReason])).toEqual([
      ['1002', 'suspectedFraud'],
      ['2001', null],
    ]);
    expect(callerLegs[0]!.decision).toBe('transfer');

    const detail = await api(`/api/calls/${caller!.callSid}`);
    expect(detail.agentLegs.map((l: { agentId: string }) => l.agentId)).toEqual(['1002', '2001']);
    expect(detail.transfers).toEqual([expect.objectContaining({ fromAgentId: '1002', fromAgentName: 'Li Si', reason: 'suspectedFraud' })]);
    expect(detail).toMatchObject({ agentId: '2001', agentName: '王主管' });
    expect(await stored(caller!)).toMatchObject({ agentId: '2001', outcome: 'answered', queueName: 'transfers' });
  });
});
