import { initialTransition, transition } from 'xstate';
import { createTestModel, getStateNodes } from 'xstate/graph';
import type { CallEvent, CallFacts, CallInput, Language } from '../../flows/call-flow.types';
import { LANGUAGES, QUEUE_RESULTS } from '../../flows/call-flow.types';
import { holdVoiceFor, voiceFor, type CallSnapshot } from '../../flows/call-voice';
import { statePath } from '../../flows/state-path';
import { hotlineMachine } from '../../flows/hotline.flow';
import type { VoiceTurn } from '../../flows/voice.types';
import {
  AGENT_ENDED,
  AGENT_PENDING,
  AGENT_TRANSFERS,
  QUEUE_MAX_WAIT_SECONDS,
  queueConnecting,
  aCallInput,
  aTicket,
  anOutageNotice,
  callEnded,
  callbackRecorded,
  enter,
  reattached,
  garbled,
  press,
  queueEnded,
  queueWaited,
  silence,
  skip,
} from './call-events.factory';

const OPEN: Partial<CallFacts> = {};
const CLOSED: Partial<CallFacts> = { closed: 'afterHours' };
const OUTAGES: Partial<CallFacts> = {
  outages: [anOutageNotice({ id: 1, branches: 'all' }), anOutageNotice({ id: 2, branches: ['recharge'], expectedRecoveryAt: null })],
};
const FOUND: Partial<CallFacts> = { ticket: aTicket({ reference: '24681357' }) };

/** What a caller can do, and what Twilio can report, under the given facts. */
function eventsUnder(facts: Partial<CallFacts>): CallEvent[] {
  return [
    ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', '*'].map((key) => press(key, facts)),
    enter('13800138000', facts),
    enter('24681357', facts),
    enter('12*5', facts),
    skip(facts),
    silence(facts),
    garbled(facts),
    queueWaited(QUEUE_MAX_WAIT_SECONDS - 1, facts),
    queueWaited(QUEUE_MAX_WAIT_SECONDS, facts),
    ...QUEUE_RESULTS.map((result) => queueEnded(result, 42, facts)),
    queueConnecting('1001', facts),
    callEnded('completed', 60, facts),
    reattached(40, facts),
    callbackRecorded('90000123', facts),
  ];
}

/** Facts only matter where the flow reads them, so the other variants are offered only there. */
function eventsFor(snapshot: CallSnapshot): CallEvent[] {
  const variants = [OPEN, CLOSED];
  if (snapshot.hasTag('looksUpTicket')) variants.push(FOUND, { ...CLOSED, ...FOUND });
  // After an agent: whatever the agent decided (still deciding after *, a transfer, or the end of the call).
  if (snapshot.hasTag('bridged') || snapshot.hasTag('awaitsAgent')) {
    variants.push(AGENT_PENDING, AGENT_ENDED, AGENT_TRANSFERS, { ...CLOSED, ...AGENT_TRANSFERS });
  }
  const path = statePath(snapshot.value);
  if (path === 'live.choosingLanguage' || path === 'live.mainMenu') variants.push(OUTAGES);
  return variants.flatMap(eventsUnder);
}

/**
 * The state path plus what in the context changes what happens next or what is said there, and only where it
 * does: collected digits and the language never change a transition (each state is voiced in both languages
 * below), so leaving them out keeps the graph small and finite.
 */
function serializeState(snapshot: CallSnapshot): string {
  const c = snapshot.context;
  const path = statePath(snapshot.value);
  if (path === 'ended') return JSON.stringify([path, c.outcome, c.finalStatus !== null, c.enqueuedAt !== null, c.queueResult !== null]);
  const notes = c.notes.map((n) => (n.kind === 'closed' ? `closed:${n.reason}` : n.kind));
  const key: unknown[] = [path, c.attempts, notes, c.ticketReference !== null, c.outcome];
  if (path.startsWith('live.inQueue.') || path.startsWith('live.afterAgent.')) key.push(c.queue, c.leaveReason, c.branch === 'freeze');
  if (path === 'live.rating' || path === 'live.thankingCaller') key.push(c.csatScore !== null);
  if (path.startsWith('live.callback.')) {
    key.push(c.branch === 'freeze' || c.branch === 'outage' ? c.branch : 'other', c.callbackNumber !== null);
  }
  if (path.startsWith('live.outage.')) key.push(c.notices.length);
  if (path.startsWith('live.complaint.')) key.push(c.complaintCategory === 'service');
  if (path === 'live.ticketStatus.hearingStatus') key.push(c.ticketFound !== null);
  return JSON.stringify(key);
}

/** In a Twilio queue, with an agent, or waiting for the agent's decision: a person is dealing with the caller. */
const inQueue = (s: CallSnapshot) => /^live\.(inQueue|afterAgent)\./.test(statePath(s.value));
const hasTicket = (s: CallSnapshot) => s.context.ticketReference !== null;
const hangsUp = (s: CallSnapshot) => voiceFor(s).kind === 'hangup';
const waitsForCaller = (s: CallSnapshot) => (s.hasTag('menu') || s.hasTag('entry')) && voiceFor(s).kind === 'ask';

function withLanguage(s: CallSnapshot, language: Language): CallSnapshot {
  return hotlineMachine.resolveState({ value: s.value, context: { ...s.context, language } });
}

function saidTexts(turn: VoiceTurn): Array<{ text: string; language: Language }> {
  if (turn.kind === 'leaveQueue') return [];
  return turn.speech.flatMap((s) => (s.kind === 'say' ? [{ text: s.text, language: s.language }] : []));
}

const CJK = /[\u4e00-\u9fff]/;

interface Graph {
  input: CallInput;
  states: CallSnapshot[];
  paths: ReturnType<ReturnType<typeof createTestModel<typeof hotlineMachine>>['getShortestPaths']>;
  edges: Array<{ from: CallSnapshot; event: CallEvent; to: CallSnapshot }>;
}

function explore(input: CallInput): Graph {
  const model = createTestModel(hotlineMachine, { input, events: eventsFor, serializeState: (s) => serializeState(s) });
  const paths = model.getShortestPaths({ allowDuplicatePaths: true });
  const adjacency = model.getAdjacencyMap();
  const states = Object.values(adjacency).map((v) => v.state);
  const edges = Object.values(adjacency).flatMap((v) =>
    Object.values(v.transitions as Record<string, { event: CallEvent; state: CallSnapshot }>).map((t) => ({
      from: v.state,
      event: t.event,
      to: t.state,
    })),
  );
  return { input, states, paths, edges };
}

const callers: Array<[string, CallInput]> = [
  ['a caller whose number can be called back', aCallInput({ callerIdUsable: true, callerIdLast4: '5678' })],
  ['a caller with a withheld number', aCallInput({ callerIdUsable: false, callerIdLast4: '' })],
];

describe.each(callers)('every path of the call flow, for %s', (_, input) => {
  let graph: Graph;
  beforeAll(() => {
    graph = explore(input);
  });

  it('when the flow is walked with every key and every Twilio report, then every state a caller can rest in is reached', () => {
    const restingStates = getStateNodes(hotlineMachine.root)
      .filter((node) => node.type === 'atomic' && node.always === undefined)
      .map((node) => node.path.join('.'));
    const reached = new Set(graph.states.map((s) => statePath(s.value)));
    // Saying goodbye without a ticket happens only to callers whose number cannot be called back.
    const expected = restingStates.filter((p) => !(input.callerIdUsable && p === 'live.sayingGoodbye'));

    expect([...reached].sort()).toEqual(expected.sort());
    expect(graph.paths.length).toBe(graph.states.length);
  });

  it('when a shortest path is replayed one pure step at a time, then it ends in the state the graph says', () => {
    for (const path of graph.paths) {
      let [snapshot] = initialTransition(hotlineMachine, input);
      for (const step of path.steps) [snapshot] = transition(hotlineMachine, snapshot, step.event);
      expect(serializeState(snapshot)).toBe(serializeState(path.state));
    }
  });

  it('when any path ends, then the caller is in a queue, has a ticket, is being hung up on, or is being asked something', () => {
    const stuck = [...graph.paths.map((p) => p.state), ...graph.edges.map((e) => e.to)]
      .filter((s) => !(inQueue(s) || hasTicket(s) || hangsUp(s) || waitsForCaller(s)))
      .map(serializeState);

    expect(stuck).toEqual([]);
  });

  it.each([
    ['agents answer', OPEN],
    ['agents are away', CLOSED],
  ])(
    'when a caller anywhere keeps pressing nothing while %s, then within a few steps they reach a queue, a ticket or a goodbye they could not avoid',
    (__, facts) => {
      const MAX_STEPS = 16;
      const problems: string[] = [];
      for (const start of graph.states) {
        let s = start;
        let steps = 0;
        while (!(inQueue(s) || hangsUp(s)) && steps < MAX_STEPS) {
          const quiet = silence(facts);
          if (!s.can(quiet)) break;
          [s] = transition(hotlineMachine, s, quiet);
          steps++;
        }
        const from = serializeState(start);
        if (!(inQueue(s) || hangsUp(s))) {
          problems.push(`${from}: stuck in ${statePath(s.value)} after ${steps} silent steps`);
        } else if (statePath(s.value) === 'live.sayingGoodbye' && steps > 0) {
          // Hanging up on a silent caller is acceptable only when no agent answers them and no number can be taken.
          const nobodyAnswers = facts.closed !== undefined && s.context.branch !== 'freeze';
          if (!nobodyAnswers || s.context.callerIdUsable) problems.push(`${from}: hung up on a silent caller`);
        } else if (hangsUp(s) && steps > 0 && !hasTicket(s) && statePath(s.value) !== 'live.sayingGoodbye' && s.context.outcome !== 'answered') {
          // (An answered caller who skips the satisfaction survey is thanked and hung up on: they were served.)
          problems.push(`${from}: hung up on a silent caller in ${statePath(s.value)} without a ticket`);
        }
      }

      expect(problems).toEqual([]);
    },
  );

  it('when any reachable state is voiced in either language, then there is something sensible to say in that language', () => {
    const problems: string[] = [];
    for (const state of graph.states) {
      const path = statePath(state.value);
      for (const language of LANGUAGES) {
        const s = withLanguage(state, language);
        const turns: VoiceTurn[] = [voiceFor(s)];
        if (s.hasTag('holding')) turns.push(holdVoiceFor(s, { position: 2, estimatedMinutes: 3 }), holdVoiceFor(s, { position: 1, estimatedMinutes: null }));
        for (const turn of turns) {
          // After the call has ended nobody listens; the answer is a bare hang-up.
          if ((turn.kind === 'ask' || turn.kind === 'hangup') && path !== 'ended' && saidTexts(turn).length === 0) {
            problems.push(`${path} (${language}): ${turn.kind} says nothing`);
          }
          for (const said of saidTexts(turn)) {
            if (said.text.trim() === '') problems.push(`${path} (${language}): empty sentence`);
            if (/undefined|null|NaN|\[object/.test(said.text)) problems.push(`${path} (${language}): "${said.text}"`);
            // The language menu is bilingual by design; everywhere else the caller's language is spoken.
            if (path !== 'live.choosingLanguage' && said.language !== language) problems.push(`${path} (${language}): ${said.language} voice`);
            if (said.language === 'en-US' && CJK.test(said.text)) problems.push(`${path}: Chinese in an English voice: "${said.text}"`);
            if (said.language === 'zh-CN' && !CJK.test(said.text)) problems.push(`${path}: no Chinese in a Mandarin voice: "${said.text}"`);
          }
        }
      }
    }

    expect(problems).toEqual([]);
  });
});
