import { setup } from 'xstate';
import type { AgentEvent, AgentFacts, AgentInput, AgentNote, AgentView, TransferReason, WhisperView } from './agent-flow.types';
import { TRANSFER_REASON_KEYS } from './agent-flow.types';
import type { Language } from './call-flow.types';
import { ivrTransitions } from './ivr-transitions';

/** One agent's call to the agent line: log in, hear who is next, take calls, wrap up. */
export interface AgentContext {
  callSid: string;
  /** Before login the agent line speaks both languages; after, the agent's own. */
  language: Language | null;
  /** The ID typed, kept only until the PIN is checked. */
  enteredAgentId: string | null;
  agent: AgentView | null;
  attempts: number;
  loginFailures: number;
  notes: AgentNote[];
  lastInput: { purpose: string; meaning: string } | null;
  /** The caller being whispered, then connected. */
  whisper: WhisperView | null;
  /** The caller this agent was last bridged to. */
  connectedCallerSid: string | null;
  /** The decision about the caller after the bridge ended. */
  decision: { callerCallSid: string; kind: 'transfer' | 'end'; reason: TransferReason | null } | null;
}

const MAX_LOGIN_ATTEMPTS = 3;

type Ctx = { context: AgentContext; event: AgentEvent };

const factsOf = (event: AgentEvent): AgentFacts => event.facts;
const pressed = (event: AgentEvent, key: string) => event.type === 'agent.pressed' && event.digits === key;
const digitsOf = (event: AgentEvent) => (event.type === 'agent.pressed' ? event.digits : '');

const ivr = ivrTransitions<AgentContext, AgentEvent>();
const { set, heard, note, retry } = ivr;

/** Silence or a wrong key in a menu: say so and ask again; after three, the agent is logged out. */
function retries(purpose: string, kind: 'invalidEntry' | 'invalidChoice') {
  return retry(purpose, 'invalid', kind, [{ target: '#agent.live.loggingOut', actions: ['clearNotes', heard(purpose, 'invalid, logged out')] }]);
}

export const agentMachine = setup({
  types: { context: {} as AgentContext, events: {} as AgentEvent, input: {} as AgentInput },
  guards: ivr.guards,
  actions: {
    ...ivr.actions,
    /** Records that this agent heard a caller's context (the use case writes it with the step). */
    whispered: (_: unknown, _params: { callerCallSid: string; queue: string }) => {},
    /** The agent hands the caller to a supervisor: the caller's leg reads this decision. */
    transferCaller: (_: unknown, _params: { callerCallSid: string; reason: TransferReason }) => {},
    /** The agent ends the call normally: the caller goes on to the satisfaction survey. */
    releaseCaller: (_: unknown, _params: { callerCallSid: string }) => {},
  },
}).createMachine({
  id: 'agent',
  description: 'An agent on the agent line: log in with ID and PIN, take the next caller after a whisper, wrap up.',
  context: ({ input }) => ({
    callSid: input.callSid,
    language: null,
    enteredAgentId: null,
    agent: null,
    attempts: 0,
    loginFailures: 0,
    notes: [],
    lastInput: null,
    whisper: null,
    connectedCallerSid: null,
    decision: null,
  }),
  initial: 'live',
  states: {
    live: {
      on: { 'call.ended': { target: 'offline', actions: 'clearNotes' } },
      initial: 'enteringAgentId',
      states: {
        enteringAgentId: {
          description: 'The agent ID (工号) ending with #.',
          tags: ['entry', 'authenticating'],
          entry: 'resetAttempts',
          on: {
            'agent.pressed': [
              {
                guard: ({ event }) => /^\d{3,10}$/.test(digitsOf(event)),
                target: 'enteringPin',
                actions: ['clearNotes', heard('agentId', 'entered'), set({ enteredAgentId: ({ event }) => digitsOf(event) })],
              },
              ...retries('agentId', 'invalidEntry'),
            ],
            'agent.garbled': retries('agentId', 'invalidEntry'),
            'agent.silent': retries('agentId', 'invalidEntry'),
          },
        },
        enteringPin: {
          description: 'The PIN ending with #; checked with the ID, without saying which of the two was wrong.',
          tags: ['entry', 'authenticating', 'checksLogin'],
          on: {
            'agent.pressed': [
              {
                guard: ({ event }) => factsOf(event).login?.result === 'ok',
                target: 'pickingCaller',
                actions: [
                  'clearNotes',
                  heard('pin', 'accepted'),
                  set(({ event }) => {
                    const login = factsOf(event).login as { agent: AgentView };
                    return { agent: login.agent, language: login.agent.language, enteredAgentId: null, loginFailures: 0 };
                  }),
                  note(({ event }) => ({ kind: 'welcome', name: (factsOf(event).login as { agent: AgentView }).agent.name })),
                ],
              },
              {
                guard: ({ context, event }) => factsOf(event).login?.result !== 'locked' && context.loginFailures + 1 < MAX_LOGIN_ATTEMPTS,
                target: 'enteringAgentId',
                actions: [
                  'clearNotes',
                  heard('pin', 'rejected'),
                  set({ loginFailures: ({ context }) => context.loginFailures + 1, enteredAgentId: null }),
                  note({ kind: 'wrongLogin' }),
                ],
              },
              { target: 'refused', actions: ['clearNotes', heard('pin', 'rejected, goodbye'), set({ enteredAgentId: null })] },
            ],
            'agent.garbled': {
              target: 'enteringAgentId',
              actions: ['clearNotes', heard('pin', 'garbled'), set({ enteredAgentId: null }), note({ kind: 'wrongLogin' })],
            },
            'agent.silent': {
              target: 'enteringAgentId',
              actions: ['clearNotes', heard('pin', 'silence'), set({ enteredAgentId: null }), note({ kind: 'invalidEntry' })],
            },
          },
        },
        refused: {
          description: 'Three wrong logins (or a throttled ID): told so, goodbye.',
          tags: ['farewell'],
        },

        pickingCaller: {
          description: 'The highest-priority caller waiting in a queue this agent works, or the hold loop when nobody waits.',
          always: [
            {
              guard: ({ event }) => Boolean(factsOf(event).nextCaller),
              target: 'whispering',
              actions: set({ whisper: ({ event }) => factsOf(event).nextCaller ?? null, decision: null }),
            },
            { target: 'waitingForCallers' },
          ],
        },
        waitingForCallers: {
          description: 'Nobody is waiting: a short hold loop (pause, then check again); hanging up logs out.',
          tags: ['picksCaller', 'available'],
          on: {
            // The loop's redirect: check the queues again.
            'agent.silent': [
              {
                guard: ({ event }) => Boolean(factsOf(event).nextCaller),
                target: 'whispering',
                actions: ['clearNotes', set({ whisper: ({ event }) => factsOf(event).nextCaller ?? null, decision: null })],
              },
              // The greeting is said once, not on every round of the loop.
              { guard: ({ context }) => context.notes.length > 0, actions: 'clearNotes' },
            ],
          },
        },
        whispering: {
          description: "The next caller's context: 1 connect, 2 repeat, 9 log out.",
          tags: ['whispers', 'menu'],
          entry: [
            'resetAttempts',
            {
              type: 'whispered',
              params: ({ context }: { context: AgentContext }) => ({ callerCallSid: context.whisper!.callSid, queue: context.whisper!.queue }),
            },
          ],
          on: {
            'agent.pressed': [
              {
                guard: ({ event }) => pressed(event, '1') && factsOf(event).whisperedStillFirst === true,
                target: 'connected',
                actions: ['clearNotes', heard('whisper', 'connect'), set({ connectedCallerSid: ({ context }) => context.whisper!.callSid })],
              },
              {
                // The whispered caller hung up or was taken meanwhile: hear who is next instead.
                guard: ({ event }) => pressed(event, '1'),
                target: 'pickingCaller',
                reenter: true,
                actions: ['clearNotes', heard('whisper', 'connect, caller gone'), note({ kind: 'callerLeft' })],
              },
              { guard: ({ event }) => pressed(event, '2'), actions: ['clearNotes', heard('whisper', 'repeat')] },
              { guard: ({ event }) => pressed(event, '9'), target: 'loggingOut', actions: ['clearNotes', heard('whisper', 'log out')] },
              ...retries('whisper', 'invalidChoice'),
            ],
            'agent.garbled': retries('whisper', 'invalidChoice'),
            'agent.silent': retries('whisper', 'invalidChoice'),
          },
        },
        connected: {
          description: 'Bridged to the caller (<Dial><Queue>); * leaves the bridge for the transfer menu.',
          tags: ['onCall'],
          on: {
            'agent.dialEnded': [
              {
                // The queue was empty after all (the caller hung up just before): hear who is next.
                guard: ({ event }) => event.type === 'agent.dialEnded' && event.dialStatus !== 'completed' && event.dialStatus !== 'answered',
                target: 'pickingCaller',
                actions: ['clearNotes', set({ connectedCallerSid: null }), note({ kind: 'callerLeft' })],
              },
              {
                guard: ({ event }) => factsOf(event).connectedCaller?.live === true,
                target: 'decidingAfterCall',
                // Twilio decides whom <Dial><Queue> connects: the caller bridged may not be the one whispered.
                actions: ['clearNotes', set({ connectedCallerSid: ({ event }) => factsOf(event).connectedCaller!.callSid })],
              },
              { target: 'wrappingUp', actions: ['clearNotes', note({ kind: 'callEnded' })] },
            ],
          },
        },
        decidingAfterCall: {
          description: 'The caller is still on the line: 1 transfer to a supervisor, 2 end the call normally.',
          tags: ['menu', 'wrapUp', 'decidesForCaller'],
          entry: 'resetAttempts',
          on: {
            'agent.pressed': [
              {
                guard: ({ event }) => pressed(event, '1') && !callerOnLine(event),
                target: 'wrappingUp',
                actions: ['clearNotes', heard('afterCall', 'transfer, caller gone'), ...noTransfer()],
              },
              { guard: ({ event }) => pressed(event, '1'), target: 'choosingTransferReason', actions: ['clearNotes', heard('afterCall', 'transfer')] },
              {
                guard: ({ event }) => pressed(event, '2'),
                target: 'wrappingUp',
                actions: ['clearNotes', heard('afterCall', 'end'), ...release()],
              },
              ...retry('afterCall', 'invalid', 'invalidChoice', [
                { target: 'wrappingUp', actions: ['clearNotes', heard('afterCall', 'invalid, ended'), ...release()] },
              ]),
            ],
            'agent.garbled': { actions: ['clearNotes', heard('afterCall', 'garbled'), note({ kind: 'invalidChoice' })] },
            // A caller is never left waiting on an agent who does not answer: silence ends the call normally.
            'agent.silent': retry('afterCall', 'silence', 'invalidChoice', [
              { target: 'wrappingUp', actions: ['clearNotes', heard('afterCall', 'silence, ended'), ...release()] },
            ]),
          },
        },
        choosingTransferReason: {
          description: 'Why: 1 needs approval · 2 the caller asked · 3 suspected fraud · 4 complaint · 5 other.',
          tags: ['menu', 'wrapUp', 'decidesForCaller'],
          entry: 'resetAttempts',
          on: {
            'agent.pressed': [
              // A caller who has hung up cannot be handed over: nothing is recorded and the agent hears why.
              {
                guard: ({ event }) => !callerOnLine(event),
                target: 'wrappingUp',
                actions: ['clearNotes', heard('transferReason', 'caller gone'), ...noTransfer()],
              },
              {
                guard: ({ event }) => digitsOf(event) in TRANSFER_REASON_KEYS,
                target: 'wrappingUp',
                actions: [
                  'clearNotes',
                  heard('transferReason', 'chosen'),
                  {
                    type: 'transferCaller',
                    params: ({ context, event }: Ctx) => ({ callerCallSid: context.connectedCallerSid!, reason: TRANSFER_REASON_KEYS[digitsOf(event)]! }),
                  },
                  set({
                    decision: ({ context, event }) => ({
                      callerCallSid: context.connectedCallerSid!,
                      kind: 'transfer' as const,
                      reason: TRANSFER_REASON_KEYS[digitsOf(event)]!,
                    }),
                  }),
                  note({ kind: 'transferred' }),
                ],
              },
              ...retry('transferReason', 'invalid', 'invalidChoice', [
                {
                  target: 'wrappingUp',
                  actions: [
                    'clearNotes',
                    heard('transferReason', 'invalid, other'),
                    { type: 'transferCaller', params: ({ context }: Ctx) => ({ callerCallSid: context.connectedCallerSid!, reason: 'other' as const }) },
                    set({ decision: ({ context }) => ({ callerCallSid: context.connectedCallerSid!, kind: 'transfer' as const, reason: 'other' as const }) }),
                    note({ kind: 'transferred' }),
                  ],
                },
              ]),
            ],
            'agent.silent': [
              {
                guard: ({ event }) => !callerOnLine(event),
                target: 'wrappingUp',
                actions: ['clearNotes', heard('transferReason', 'silence, caller gone'), ...noTransfer()],
              },
              { actions: ['clearNotes', heard('transferReason', 'silence'), note({ kind: 'invalidChoice' })] },
            ],
            'agent.garbled': [
              {
                guard: ({ event }) => !callerOnLine(event),
                target: 'wrappingUp',
                actions: ['clearNotes', heard('transferReason', 'garbled, caller gone'), ...noTransfer()],
              },
              { actions: ['clearNotes', heard('transferReason', 'garbled'), note({ kind: 'invalidChoice' })] },
            ],
          },
        },
        wrappingUp: {
          description: 'After a call: 1 next caller, 9 log out.',
          tags: ['menu', 'wrapUp', 'picksCaller'],
          entry: 'resetAttempts',
          on: {
            'agent.pressed': [
              { guard: ({ event }) => pressed(event, '1'), target: 'pickingCaller', actions: ['clearNotes', heard('wrapUp', 'next caller')] },
              { guard: ({ event }) => pressed(event, '9'), target: 'loggingOut', actions: ['clearNotes', heard('wrapUp', 'log out')] },
              ...retries('wrapUp', 'invalidChoice'),
            ],
            'agent.garbled': retries('wrapUp', 'invalidChoice'),
            'agent.silent': retries('wrapUp', 'invalidChoice'),
          },
        },
        loggingOut: {
          description: 'Goodbye; the agent is offline.',
          tags: ['farewell'],
        },
      },
    },
    offline: {
      description: 'The agent hung up or was logged out.',
    },
  },
});

/** Whether the caller this agent decides about is still on the line (facts of the `decidesForCaller` states). */
const callerOnLine = (event: AgentEvent) => factsOf(event).connectedCaller?.live === true;

/** The caller hung up before the agent's transfer: no decision is recorded and the agent is told so. */
function noTransfer() {
  return [set({ decision: null }), note({ kind: 'transferCallerGone' })];
}

function release() {
  return [
    { type: 'releaseCaller' as const, params: ({ context }: Ctx) => ({ callerCallSid: context.connectedCallerSid! }) },
    set({ decision: ({ context }) => ({ callerCallSid: context.connectedCallerSid!, kind: 'end' as const, reason: null }) }),
  ];
}

export type AgentMachine = typeof agentMachine;
