import { DATABASE_KINDS } from '../support/test-database';
import { loggedInAgent, withDemoAgents } from '../support/test-agents';
import { startTestHotline, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';
import { callParams, verb } from '../support/twilio-test-client';

describe.each(DATABASE_KINDS)('connecting an agent to a caller on %s', (kind) => {
  let t: TestHotline;
  beforeAll(async () => {
    t = await startTestHotline(kind);
    await withDemoAgents(t);
  });
  afterAll(async () => {
    await t.close();
  });

  async function queued(from: string) {
    const call = new TestCall(t, from);
    await call.start();
    await call.press('2');
    await call.press('0');
    return call;
  }

  test('when Twilio connects a different caller than the one whispered, then that call records the agent and the mismatch is logged', async () => {
    const first = await queued('+8613800000001');
    const second = await queued('+8613800000002');
    const agent = await loggedInAgent(t, '1001', '4321');
    // The agent is told about the first caller (the front of the queue).
    expect(agent.said()).toContain('来电来自综合队列');
    expect(agent.said()).toContain('语言：英语');
    const dial = await agent.press('1');
    expect(verb(dial, 'Dial')?.getAttribute('hangupOnStar')).toBe('true');
    expect(verb(dial, 'Queue')?.textContent).toBe('general');
    const connectUrl = verb(dial, 'Queue')!.getAttribute('url')!;

    // …but the first caller hangs up at that moment, so Twilio bridges the second one.
    await first.queueResult('hangup', 30);
    const announce = await t.twilio.post(connectUrl, callParams(second.callSid, second.from, { QueueTime: '31', DequeingCallSid: agent.callSid }));
    expect(announce.body).toContain('Agent 1 0 0 1 will help you.');
    expect(verb(announce, 'Enqueue')).toBeNull();

    expect(await second.stored()).toMatchObject({ agentId: '1001', agentCallSid: agent.callSid, state: 'live.inQueue.withAgent' });
    expect(t.logs.some((l) => l.includes('the caller connected is not the one whispered'))).toBe(true);
    const legs = await t.hotline.prisma.agentLeg.findMany({ where: { agentCallSid: agent.callSid }, orderBy: { id: 'asc' } });
    expect(legs.map((l) => [l.callerCallSid, l.connectedAt !== null])).toEqual([
      [first.callSid, false],
      [second.callSid, true],
    ]);
  });

  test('when Twilio retries the pre-bridge request, then the caller hears the agent again and nothing is written twice', async () => {
    const caller = await queued('+8613800000003');
    const agent = await loggedInAgent(t, '1002', '4322');
    const dial = await agent.press('1');
    const connectUrl = verb(dial, 'Queue')!.getAttribute('url')!;
    const params = callParams(caller.callSid, caller.from, { QueueTime: '12', DequeingCallSid: agent.callSid });
    const once = await t.twilio.post(connectUrl, params);
    const twice = await t.twilio.post(connectUrl, params);
    expect(twice.body).toBe(once.body);
    expect(once.body).toContain('1 0 0 2');
    const events = (await caller.stored()).events.filter((e) => e.kind === 'queue.connecting');
    expect(events).toHaveLength(1);
  });
});
