import { initialTransition, transition } from 'xstate';
import type { AgentEvent, AgentFacts, AgentView, WhisperView } from '../../flows/agent-flow.types';
import { agentMachine } from '../../flows/agent.flow';
import { voiceForAgent, type AgentSnapshot } from '../../flows/agent-voice';
import { statePath } from '../../flows/state-path';
import type { Language } from '../../flows/call-flow.types';
import { agentEnUS, agentZhCN } from '../../flows/prompts/agent-prompts';
import { NOW } from './call-events.factory';

const CALLER = `CA${'c'.repeat(32)}`;

const anAgent = (language: Language): AgentView => ({ agentId: '1001', name: '张三', language, queues: ['general'], supervisor: false });

const aWhisper = (): WhisperView => ({
  callSid: CALLER,
  queue: 'general',
  branch: 'human',
  language: 'zh-CN',
  waitedSeconds: 30,
  orderNumber: null,
  amount: null,
  complaintCategory: null,
  ticketReference: null,
  ticketCategory: null,
  lookedUpReference: null,
  callsLast7Days: 0,
  openTicket: false,
  flag: null,
  transfer: null,
});

const facts = (more: Partial<AgentFacts> = {}): AgentFacts => ({ now: NOW, ...more });
const press = (digits: string, more: Partial<AgentFacts> = {}): AgentEvent => ({ type: 'agent.pressed', digits, finishedOnKey: '', facts: facts(more) });
const callerLive = (live: boolean): Partial<AgentFacts> => ({ connectedCaller: { callSid: CALLER, live } });

/** An agent who took a caller and pressed `*`: the after-call menu (1 transfer, 2 end). */
function leftTheBridge(language: Language) {
  let [snapshot] = initialTransition(agentMachine, { callSid: `CA${'a'.repeat(32)}`, facts: facts() });
  const allActions: Array<{ type: string }> = [];
  const send = (event: AgentEvent) => {
    const [next, actions] = transition(agentMachine, snapshot, event);
    snapshot = next;
    allActions.push(...(actions as Array<{ type: string }>));
  };
  send({ type: 'agent.pressed', digits: '1001', finishedOnKey: '#', facts: facts() });
  send({
    type: 'agent.pressed',
    digits: '4321',
    finishedOnKey: '#',
    facts: facts({ login: { result: 'ok', agent: anAgent(language) }, nextCaller: aWhisper() }),
  });
  send(press('1', { nextCaller: aWhisper(), whisperedStillFirst: true }));
  send({ type: 'agent.dialEnded', dialStatus: 'completed', facts: facts(callerLive(true)) });
  return {
    send,
    allActions,
    get snapshot(): AgentSnapshot {
      return snapshot;
    },
  };
}

const words = (s: AgentSnapshot) => {
  const turn = voiceForAgent(s);
  return turn.kind === 'pauseThenCheck' || turn.kind === 'ask' || turn.kind === 'hangup'
    ? turn.speech.map((x) => (x.kind === 'say' ? x.text : '')).join(' ')
    : '';
};

describe('an agent handing a caller to a supervisor', () => {
  it('when the caller is still on the line, then the reason transfers them', () => {
    const agent = leftTheBridge('en-US');
    expect(statePath(agent.snapshot.value)).toBe('live.decidingAfterCall');

    agent.send(press('1', callerLive(true)));
    agent.send(press('3', callerLive(true)));
    expect(agent.allActions.map((a) => a.type)).toContain('transferCaller');
    expect(agent.snapshot.context.decision).toEqual({ callerCallSid: CALLER, kind: 'transfer', reason: 'suspectedFraud' });
  });

  it.each([
    ['en-US', agentEnUS],
    ['zh-CN', agentZhCN],
  ] as const)(
    'when the caller hung up before the reason, then a %s agent hears the transfer is cancelled and goes on to the next caller',
    (language, prompts) => {
      const agent = leftTheBridge(language);
      agent.send(press('1', callerLive(true)));
      agent.send(press('3', callerLive(false)));

      expect(statePath(agent.snapshot.value)).toBe('live.wrappingUp');
      expect(agent.allActions.map((a) => a.type)).not.toContain('transferCaller');
      expect(agent.snapshot.context.decision).toBeNull();
      expect(words(agent.snapshot)).toBe(`${prompts.transferCallerGone} ${prompts.wrapUpMenu}`);
    },
  );

  it('when the caller hung up before the agent chose to transfer, then the transfer is refused at once', () => {
    const agent = leftTheBridge('en-US');
    agent.send(press('1', callerLive(false)));

    expect(statePath(agent.snapshot.value)).toBe('live.wrappingUp');
    expect(agent.snapshot.context.decision).toBeNull();
    expect(words(agent.snapshot)).toContain('The caller has already hung up; the transfer is cancelled.');
  });

  it('when the agent line does not know whether the caller is there, then no transfer is recorded', () => {
    const agent = leftTheBridge('en-US');
    agent.send(press('1', callerLive(true)));
    agent.send(press('3'));

    expect(agent.allActions.map((a) => a.type)).not.toContain('transferCaller');
  });
});
