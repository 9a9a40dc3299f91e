import { getStateNodes } from 'xstate/graph';
import { hotlineMachine } from '../../flows/hotline.flow';
import { agentMachine } from '../../flows/agent.flow';
import { AGENT_LINE_LIVE_STATES, AGENT_LOGGED_IN_STATES, agentLineView, agentStatusOf, agentStillDeciding } from '../../flows/agent-view';
import { CALLER_STATES, callerOnLine, callerView } from '../../flows/call-view';
import { PureCall } from './pure-call.driver';
import { enter, press, skip } from './call-events.factory';

const pathsOf = (machine: typeof hotlineMachine | typeof agentMachine) => new Set(getStateNodes(machine.root).map((n) => n.path.join('.')));

describe("the flows' views, what other layers may know of them", () => {
  test('when the views name states, then every one is a state of its machine (a renamed state fails here, not in SQL)', () => {
    const caller = pathsOf(hotlineMachine);
    for (const path of [CALLER_STATES.waitingForAgent, ...CALLER_STATES.queued, CALLER_STATES.ended]) expect(caller.has(path)).toBe(true);
    const agent = pathsOf(agentMachine);
    for (const path of [...AGENT_LINE_LIVE_STATES, ...AGENT_LOGGED_IN_STATES]) expect(agent.has(path)).toBe(true);
    expect(agentStillDeciding('live.connected')).toBe(true);
    expect(agentStatusOf('live.whispering')).toBe('whispering');
    expect(agentStatusOf('offline')).toBe('offline');
    expect(agentStatusOf(null)).toBe('offline');
    expect(callerOnLine('ended')).toBe(false);
  });

  test('when a caller has entered a recharge order and waits for an agent, then the caller view says so from the stored snapshot', () => {
    const call = PureCall.atMainMenu('en-US').send(press('2'), enter('123456'), skip(), press('1'));
    expect(call.path).toBe(CALLER_STATES.waitingForAgent);
    const view = callerView(hotlineMachine.getPersistedSnapshot(call.snapshot));
    expect(view).toMatchObject({ branch: 'recharge', language: 'en-US', orderNumber: '123456', amount: null, ticketReference: null, transfer: null });
    expect(callerView(null)).toMatchObject({ branch: null, language: 'zh-CN' });
    expect(agentLineView({})).toEqual({ agent: null, whisperedCallSid: null });
  });
});
