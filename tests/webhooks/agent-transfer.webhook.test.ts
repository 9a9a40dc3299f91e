import { DATABASE_KINDS } from '../support/test-database';
import { loggedInAgent, withDemoAgents } from '../support/test-agents';
import { startTestHotline, TEST_OPS_TOKEN, type TestHotline } from '../support/test-hotline';
import { TestCall } from '../support/test-call';
import { callParams, verb } from '../support/twilio-test-client';

describe.each(DATABASE_KINDS)('an agent transferring a caller on %s', (kind) => {
  let t: TestHotline;
  beforeAll(async () => {
    t = await startTestHotline(kind);
    await withDemoAgents(t);
  });
  afterAll(async () => {
    await t.close();
  });

  /** The JSON API's answer, as the tests read it (the API's own types are checked in its tests). */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = async (path: string): Promise<any> => {
    const res = await fetch(`${t.url}${path}`, { headers: { authorization: `Bearer ${TEST_OPS_TOKEN}` } });
    expect(res.status).toBe(200);
    return res.json();
  };

  /** A caller bridged to agent 1002 (English), then the agent presses `*`: the caller holds, the agent hears the after-call menu. */
  async function agentLeftTheBridge(from: string) {
    const caller = new TestCall(t, from);
    await caller.start();
    await caller.press('2');
    await caller.press('0');
    const agent = await loggedInAgent(t, '1002', '4322');
    const dial = await agent.press('1');
    await t.twilio.post(
      verb(dial, 'Queue')!.getAttribute('url')!,
      callParams(caller.callSid, caller.from, { QueueTime: '12', DequeingCallSid: agent.callSid }),
    );
    // `*` ends the bridge: the caller's Enqueue action comes first and the caller holds while the agent decides…
    await caller.queueResult('bridged', 12);
    expect(caller.enqueue?.textContent).toBe('after-agent');
    // …then the agent's Dial action.
    agent.last = await t.twilio.post(verb(dial, 'Dial')!.getAttribute('action')!, callParams(agent.callSid, agent.from, { DialCallStatus: 'completed' }));
    expect(agent.said()).toContain('to transfer them to a supervisor, press 1');
    return { caller, agent };
  }

  async function callerHangsUp(caller: TestCall) {
    await caller.queueResult('hangup', 4);
    await caller.ended('completed', 90);
    expect((await caller.stored()).state).toBe('ended');
  }

  test.each([
    [
      'choosing the reason',
      '+8613800139001',
      async (caller: TestCall, agent: TestCall) => {
        await agent.press('1');
        expect(agent.said()).toContain('Why? Needs approval, press 1.');
        await callerHangsUp(caller);
        await agent.press('3');
      },
    ],
    [
      'choosing to transfer',
      '+8613800139002',
      async (caller: TestCall, agent: TestCall) => {
        await callerHangsUp(caller);
        await agent.press('1');
      },
    ],
  ])(
    'when the caller hangs up while the agent is %s, then the transfer is refused, the agent is told and nothing is recorded as transferred',
    async (_, from, decide) => {
      const { caller, agent } = await agentLeftTheBridge(from);
      await decide(caller, agent);

      expect(agent.said()).toContain('The caller has already hung up; the transfer is cancelled.');
      expect(agent.said()).toContain('For the next caller, press 1. To log out, press 9.');
      expect(agent.said()).not.toContain('transferred to a supervisor');
      const legs = await t.hotline.prisma.agentLeg.findMany({ where: { callerCallSid: caller.callSid } });
      expect(legs.map((l) => [l.agentId, l.decision, l.transferReason])).toEqual([['1002', null, null]]);
      const detail = await api(`/api/calls/${caller.callSid}`);
      expect(detail).toMatchObject({ transfers: [], queue: 'general', outcome: 'answered', agentId: '1002' });
      expect(await caller.stored()).toMatchObject({ queueName: 'general', outcome: 'answered' });

      await agent.press('9');
      expect(agent.said()).toContain('You are logged out. Goodbye.');
    },
  );

  test('when the caller is still holding when the agent gives the reason, then they are transferred', async () => {
    const { caller, agent } = await agentLeftTheBridge('+8613800139003');
    await agent.press('1');
    await agent.press('3');
    expect(agent.said()).toContain('The caller is transferred to a supervisor.');
    const legs = await t.hotline.prisma.agentLeg.findMany({ where: { callerCallSid: caller.callSid } });
    expect(legs.map((l) => [l.decision, l.transferReason])).toEqual([['transfer', 'suspectedFraud']]);
    await caller.hold(1, 5);
    await caller.queueResult('leave', 5);
    expect(caller.enqueue?.textContent).toBe('transfers');
  });
});
