import { assign, enqueueActions, setup } from 'xstate';
import type {
  AfterAgentReason,
  Branch,
  CallbackReason,
  CallEvent,
  CallFacts,
  CallInput,
  CallOutcome,
  ComplaintCategory,
  FinalCallStatus,
  InputPurpose,
  Language,
  Note,
  OutageNoticeView,
  QueueName,
  QueueResult,
  TicketCategory,
  TicketRequest,
  TicketView,
} from './call-flow.types';
import {
  isCallbackNumber,
  isMobileNumber,
  isReferenceNumber,
  isTicketReference,
  parseAmount,
} from './caller-input.rules';

/** Everything the hotline knows about one call; persisted with the snapshot after every step. */
export interface CallContext {
  callSid: string;
  language: Language;
  callerIdUsable: boolean;
  callerIdLast4: string;
  queueMaxWaitSeconds: number;
  /** The hotline's time zone, for saying when a ticket is due. */
  timeZone: string;
  branch: Branch | null;
  /** Failed answers to the current question. */
  attempts: number;
  /** Said once before the next prompt. */
  notes: Note[];
  /** What the latest keypress was for and what it meant, for the call log. */
  lastInput: { purpose: InputPurpose; meaning: string } | null;
  mobileNumber: string | null;
  orderNumber: string | null;
  amount: string | null;
  complaintCategory: ComplaintCategory | null;
  transactionNumber: string | null;
  ticketFound: TicketView | null;
  /** Outage notices read in the outage branch, kept so a repeated prompt says the same. */
  notices: OutageNoticeView[];
  queue: QueueName | null;
  enqueuedAt: string | null;
  /** When a caller re-attached from the emergency line really joined the Twilio queue they are in. */
  rejoinedAt: string | null;
  /** In the emergency line's queue visit (its URLs name no visit): until that visit ends. */
  onEmergencyLine: boolean;
  queueLeftAt: string | null;
  queueSeconds: number | null;
  queueResult: QueueResult | null;
  leaveReason: CallbackReason | AfterAgentReason | null;
  callbackReason: CallbackReason | null;
  /** A number the caller typed for the callback; null means the caller ID. */
  callbackNumber: string | null;
  ticketReference: string | null;
  ticketCategory: TicketCategory | null;
  /** ISO instant the open ticket is due, said to the caller. */
  ticketDueAt: string | null;
  outcome: CallOutcome | null;
  /** The agent who took the caller (the latest one, after a transfer). */
  agentId: string | null;
  agentName: string | null;
  agentCallSid: string | null;
  answeredAt: string | null;
  csatScore: number | null;
  /** Set when an agent handed the caller to a supervisor; the supervisor hears it. */
  transfer: { agentId: string; agentName: string; reason: string } | null;
  finalStatus: FinalCallStatus | null;
  endedAt: string | null;
  durationSeconds: number | null;
}

const MAX_ATTEMPTS = 3;
const HOUR_MS = 3_600_000;
/** How long a caller waits for an agent who left the bridge with * to decide, before the survey. */
const AGENT_DECISION_WAIT_SECONDS = 90;

const COMPLAINT_KEYS: Record<string, ComplaintCategory> = {
  '1': 'failedTransaction',
  '2': 'accountBlocked',
  '3': 'privacy',
  '4': 'service',
  '5': 'other',
};

/** The queue that serves each branch; see `branchQueue` for the one exception (a complaint about our service). */
const BRANCH_QUEUE: Record<Branch, QueueName> = {
  freeze: 'freeze',
  recharge: 'recharge',
  outage: 'general',
  complaint: 'complaints',
  ticketStatus: 'general',
  human: 'general',
};

const TICKET_CATEGORY: Record<Branch, TicketCategory> = {
  freeze: 'freeze',
  recharge: 'recharge',
  outage: 'outage',
  complaint: 'complaint',
  ticketStatus: 'ticketStatus',
  human: 'general',
};

type Ctx = { context: CallContext; event: CallEvent };

const factsOf = (event: CallEvent | { facts?: CallFacts }): CallFacts | undefined =>
  (event as { facts?: CallFacts }).facts;

const digitsOf = (event: CallEvent): string => (event.type === 'caller.pressed' ? event.digits : '');

const pressedAlone = (event: CallEvent, key: string): boolean =>
  event.type === 'caller.pressed' && event.digits === key;

/** `#` alone: the caller skips an optional entry. */
const pressedSkip = (event: CallEvent): boolean =>
  event.type === 'caller.pressed' && event.digits === '' && event.finishedOnKey === '#';

const noticesFor = (facts: CallFacts | undefined, branch: Branch): OutageNoticeView[] =>
  (facts?.outages ?? []).filter((n) => n.branches !== 'all' && n.branches.includes(branch));

const allBranchNotices = (facts: CallFacts | undefined): OutageNoticeView[] =>
  (facts?.outages ?? []).filter((n) => n.branches === 'all');

/** When a callback is due: 2 hours for freeze, an hour after the expected recovery for outages, else 24 hours. */
function callbackDueAt(context: CallContext, now: string): string {
  const t = Date.parse(now);
  if (context.branch === 'freeze') return new Date(t + 2 * HOUR_MS).toISOString();
  if (context.branch === 'outage') {
    const recoveries = context.notices
      .map((n) => (n.expectedRecoveryAt ? Date.parse(n.expectedRecoveryAt) : NaN))
      .filter((x) => !Number.isNaN(x));
    if (recoveries.length > 0) return new Date(Math.max(t, ...recoveries) + HOUR_MS).toISOString();
  }
  return new Date(t + 24 * HOUR_MS).toISOString();
}

function ticketRequest(context: CallContext, facts: CallFacts, origin: TicketRequest['origin']): TicketRequest {
  const category = context.branch ? TICKET_CATEGORY[context.branch] : 'general';
  return {
    reference: facts.newReference,
    category,
    language: context.language,
    callbackNumber: context.callbackNumber,
    mobileNumber: context.mobileNumber,
    orderNumber: context.orderNumber,
    amount: context.amount,
    complaintCategory: context.complaintCategory,
    transactionNumber: context.transactionNumber,
    origin,
    dueAt: callbackDueAt(context, facts.now),
  };
}

const queueSecondsAt = (context: CallContext, now: string): number | null =>
  context.enqueuedAt ? Math.max(0, Math.round((Date.parse(now) - Date.parse(context.enqueuedAt)) / 1000)) : null;

/** The effects a step asks for; the use case executes them in the same transaction as the step. */
type TicketAction =
  | { type: 'openTicket'; params: TicketRequest }
  | { type: 'setTicketCallback'; params: { reference: string; callbackNumber: string | null } };
type ParamsOf<T extends TicketAction['type']> = Extract<TicketAction, { type: T }>['params'];

/** `assign` typed for this machine, so helpers outside `createMachine` keep their types. */
const set = (assignment: Parameters<typeof assign<CallContext, CallEvent, undefined, CallEvent, never>>[0]) =>
  assign<CallContext, CallEvent, undefined, CallEvent, never>(assignment);

export const hotlineMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as CallInput,
  },
  actions: {
    /** Opens a ticket; executed by the use case in the same transaction as the step. */
    openTicket: (_: unknown, _params: ParamsOf<'openTicket'>) => {},
    /** Sets the callback number of a ticket opened earlier in the call (a freeze request). */
    setTicketCallback: (_: unknown, _params: ParamsOf<'setTicketCallback'>) => {},
  },
}).createMachine({
  id: 'call',
  description: 'One caller on the wallet hotline, from the first ring to a human queue or a callback ticket.',
  context: ({ input }) => ({
    callSid: input.callSid,
    language: 'zh-CN',
    callerIdUsable: input.callerIdUsable,
    callerIdLast4: input.callerIdLast4,
    queueMaxWaitSeconds: input.queueMaxWaitSeconds,
    timeZone: input.timeZone,
    branch: null,
    attempts: 0,
    notes: [],
    lastInput: null,
    mobileNumber: null,
    orderNumber: null,
    amount: null,
    complaintCategory: null,
    transactionNumber: null,
    ticketFound: null,
    notices: [],
    queue: null,
    enqueuedAt: null,
    rejoinedAt: null,
    onEmergencyLine: false,
    queueLeftAt: null,
    queueSeconds: null,
    queueResult: null,
    leaveReason: null,
    callbackReason: null,
    callbackNumber: null,
    ticketReference: null,
    ticketCategory: null,
    ticketDueAt: null,
    outcome: null,
    agentId: null,
    agentName: null,
    agentCallSid: null,
    answeredAt: null,
    csatScore: null,
    transfer: null,
    finalStatus: null,
    endedAt: null,
    durationSeconds: null,
  }),
  initial: 'live',
  states: {
    live: {
      description: 'The caller is on the line.',
      initial: 'choosingLanguage',
      on: {
        'call.ended': { target: 'ended', actions: set(({ context, event }) => finish(context, event)) },
        // The use case sends this only to a call outside any queue (ADR 008): the caller is in the general queue.
        'queue.reattached': [
          { guard: ({ context }) => branchQueue(context) === 'general', target: '.inQueue.waiting', actions: reattach() },
          { target: '.inQueue.moving', actions: reattach() },
        ],
        'callback.recorded': { target: '.callback.tellingReference', actions: recordOutageCallback() },
      },
      states: {
        choosingLanguage: {
          description: 'Greeting, the notice that keypresses are recorded, then 1 普通话 / 2 English.',
          tags: ['menu'],
          on: {
            'caller.pressed': [
              { guard: ({ event }) => pressedAlone(event, '1'), target: 'mainMenu', actions: [clear(), heard('language', 'zh-CN'), setLanguage('zh-CN'), noteAllBranchOutage()] },
              { guard: ({ event }) => pressedAlone(event, '2'), target: 'mainMenu', actions: [clear(), heard('language', 'en-US'), setLanguage('en-US'), noteAllBranchOutage()] },
              { guard: ({ context }) => context.attempts + 1 < 2, actions: [clear(), heard('language', 'invalid'), ...failedOnce('invalidChoice')] },
              { target: 'mainMenu', actions: [clear(), heard('language', 'invalid, Mandarin'), setLanguage('zh-CN'), noteAllBranchOutage()] },
            ],
            'caller.garbled': [
              { guard: ({ context }) => context.attempts + 1 < 2, actions: [clear(), heard('language', 'garbled'), ...failedOnce('invalidChoice')] },
              { target: 'mainMenu', actions: [clear(), heard('language', 'garbled, Mandarin'), setLanguage('zh-CN'), noteAllBranchOutage()] },
            ],
            'caller.silent': { target: 'mainMenu', actions: [clear(), heard('language', 'silence, Mandarin'), setLanguage('zh-CN'), noteAllBranchOutage()] },
          },
        },

        mainMenu: {
          description: '1 freeze · 2 recharge failure · 3 outage · 4 complaint · 5 ticket status · 0 a human · * repeat.',
          tags: ['menu'],
          entry: resetAttempts(),
          on: menu('mainMenu', [
            { key: '1', meaning: 'freeze', target: '#call.live.freeze', actions: [setBranch('freeze')] },
            { key: '2', meaning: 'recharge', target: '#call.live.recharge', actions: [setBranch('recharge')] },
            { key: '3', meaning: 'outage', target: '#call.live.outage', actions: [setBranch('outage'), captureNotices()] },
            { key: '4', meaning: 'complaint', target: '#call.live.complaint', actions: [setBranch('complaint')] },
            { key: '5', meaning: 'ticketStatus', target: '#call.live.ticketStatus', actions: [setBranch('ticketStatus')] },
            { key: '0', meaning: 'human', target: '#call.live.routingToAgent', actions: [setBranch('human'), aimAtBranchQueue()] },
          ], { fallbackQueue: 'general', withNavigation: false }),
        },

        freeze: {
          description: 'Lost or stolen phone, suspicious activity: a freeze request, 24 hours a day, then the freeze queue.',
          initial: 'enteringMobileNumber',
          states: {
            enteringMobileNumber: {
              description: 'The mobile number registered to the wallet, 6–15 digits ending with #.',
              tags: ['entry'],
              entry: resetAttempts(),
              on: entry('mobileNumber', {
                accept: (d) => isMobileNumber(d),
                onValid: { target: 'confirmingMobileNumber', actions: [set({ mobileNumber: ({ event }) => digitsOf(event) })] },
                optional: false,
                humanQueue: 'freeze',
              }),
            },
            confirmingMobileNumber: {
              description: 'The number read back: 1 confirm, 2 re-enter.',
              tags: ['menu'],
              entry: resetAttempts(),
              on: menu('confirmMobileNumber', [
                {
                  key: '1',
                  meaning: 'confirmed',
                  target: '#call.live.routingToAgent',
                  actions: [
                    {
                      type: 'openTicket',
                      params: ({ context, event }: Ctx) => ticketRequest(context, factsOf(event)!, 'freezeRequest'),
                    },
                    set({
                      ticketReference: ({ event }) => factsOf(event)!.newReference,
                      ticketCategory: 'freeze' as const,
                      ticketDueAt: ({ context, event }) => callbackDueAt(context, factsOf(event)!.now),
                    }),
                    note(({ event }) => ({ kind: 'freezeRecorded', reference: factsOf(event)!.newReference })),
                    aimAtBranchQueue(),
                  ],
                },
                { key: '2', meaning: 're-enter', target: 'enteringMobileNumber', actions: [set({ mobileNumber: null })] },
              ], { withNavigation: true, humanQueue: 'freeze' }),
            },
          },
        },

        recharge: {
          description: 'A top-up that failed: order number, amount, a self-help tip, then an agent or a callback.',
          initial: 'enteringOrderNumber',
          entry: noteBranchOutage('recharge'),
          states: {
            enteringOrderNumber: {
              description: 'The recharge order number ending with # (up to 32 digits); # alone skips.',
              tags: ['entry'],
              entry: resetAttempts(),
              on: entry('orderNumber', {
                accept: (d) => isReferenceNumber(d),
                onValid: { target: 'enteringAmount', actions: [set({ orderNumber: ({ event }) => digitsOf(event) })] },
                onSkip: { target: 'enteringAmount' },
                optional: true,
              }),
            },
            enteringAmount: {
              description: 'The amount ending with #, * as the decimal point; # alone skips.',
              tags: ['entry'],
              entry: resetAttempts(),
              on: entry('amount', {
                accept: (d) => parseAmount(d) !== null,
                onValid: { target: 'choosingNextStep', actions: [set({ amount: ({ event }) => parseAmount(digitsOf(event)) })] },
                onSkip: { target: 'choosingNextStep' },
                optional: true,
                // A lone 9 is a plausible amount here, so it does not mean "main menu".
                mainMenuKey: false,
              }),
            },
            choosingNextStep: {
              description: 'Self-help tip (card or channel, limits, another method); 1 an agent, 2 a callback.',
              tags: ['menu'],
              entry: resetAttempts(),
              on: menu('rechargeNextStep', [
                { key: '1', meaning: 'agent', target: '#call.live.routingToAgent', actions: [aimAtBranchQueue()] },
                { key: '2', meaning: 'callback', target: '#call.live.callback', actions: [callbackBecause('requested')] },
              ], { withNavigation: true }),
            },
          },
        },

        outage: {
          description: 'Active outage notices with the expected recovery (or self-help when none); 1 an agent, 2 a callback when resolved.',
          initial: 'choosingNextStep',
          states: {
            choosingNextStep: {
              tags: ['menu'],
              entry: resetAttempts(),
              on: menu('outageNextStep', [
                { key: '1', meaning: 'agent', target: '#call.live.routingToAgent', actions: [aimAtBranchQueue()] },
                {
                  key: '2',
                  meaning: 'callback',
                  guard: ({ context }) => context.notices.length > 0,
                  target: '#call.live.callback',
                  actions: [callbackBecause('requested')],
                },
              ], { withNavigation: true }),
            },
          },
        },

        complaint: {
          description: 'A complaint: its category, an optional transaction number, then an agent or a callback.',
          initial: 'choosingCategory',
          states: {
            choosingCategory: {
              description: '1 failed transaction / money deducted · 2 account frozen · 3 privacy · 4 our service · 5 other.',
              tags: ['menu'],
              entry: resetAttempts(),
              on: menu(
                'complaintCategory',
                Object.entries(COMPLAINT_KEYS).map(([key, category]) => ({
                  key,
                  meaning: category,
                  target: 'enteringTransactionNumber',
                  actions: [set({ complaintCategory: category })],
                })),
                { withNavigation: true },
              ),
            },
            enteringTransactionNumber: {
              description: 'An optional related transaction number ending with #; # alone skips.',
              tags: ['entry'],
              entry: resetAttempts(),
              on: entry('transactionNumber', {
                accept: (d) => isReferenceNumber(d),
                onValid: { target: 'choosingNextStep', actions: [set({ transactionNumber: ({ event }) => digitsOf(event) })] },
                onSkip: { target: 'choosingNextStep' },
                optional: true,
              }),
            },
            choosingNextStep: {
              description: '1 an agent (complaints; dissatisfaction with our service goes to the supervisors), 2 a callback.',
              tags: ['menu'],
              entry: resetAttempts(),
              on: menu('complaintNextStep', [
                {
                  key: '1',
                  meaning: 'agent',
                  target: '#call.live.routingToAgent',
                  actions: [aimAtBranchQueue()],
                },
                { key: '2', meaning: 'callback', target: '#call.live.callback', actions: [callbackBecause('requested')] },
              ], { withNavigation: true }),
            },
          },
        },

        ticketStatus: {
          description: 'Look up a ticket by its 8-digit reference; hear its status and when it is due.',
          initial: 'enteringReference',
          states: {
            enteringReference: {
              tags: ['entry', 'looksUpTicket'],
              entry: resetAttempts(),
              on: entry('ticketReference', {
                accept: (d, event) => isTicketReference(d) && Boolean(factsOf(event)?.ticket),
                onValid: { target: 'hearingStatus', actions: [set({ ticketFound: ({ event }) => factsOf(event)?.ticket ?? null })] },
                optional: false,
                invalidNote: (d) => (isTicketReference(d) ? 'ticketNotFound' : 'invalidEntry'),
                // hearingStatus says nothing was found; the ticketNotFound note would ask them to try again.
                onTooMany: { target: 'hearingStatus', actions: [set({ ticketFound: null })] },
              }),
            },
            hearingStatus: {
              description: 'The status and due time (or that nothing was found); 1 an agent, 9 the main menu.',
              tags: ['menu'],
              entry: resetAttempts(),
              on: menu('ticketNextStep', [
                { key: '1', meaning: 'agent', target: '#call.live.routingToAgent', actions: [aimAtBranchQueue()] },
              ], { withNavigation: true }),
            },
          },
        },

        routingToAgent: {
          description: 'Queue the caller if humans are answering that queue now, else offer a callback.',
          always: [
            { guard: ({ context, event }) => context.queue === 'freeze' || !factsOf(event)?.closed, target: 'inQueue' },
            {
              target: 'callback',
              actions: [
                // "Let me put you through to an agent" (after failed attempts) is untrue when nobody answers.
                set({ notes: ({ context }) => context.notes.filter((n) => n.kind !== 'tooManyAttempts') }),
                note(({ event }) => ({ kind: 'closed', reason: factsOf(event)!.closed! })),
                set({ callbackReason: 'closed' as const }),
              ],
            },
          ],
        },

        inQueue: {
          description: 'Waiting in a Twilio queue with a hold loop that tells the position and offers a callback.',
          initial: 'waiting',
          entry: set({
            enqueuedAt: ({ context, event }) => context.rejoinedAt ?? factsOf(event)?.now ?? null,
            rejoinedAt: null,
            queueLeftAt: null,
            queueSeconds: null,
            queueResult: null,
            leaveReason: null,
          }),
          on: {
            'queue.ended': [
              {
                guard: ({ event }) => event.type === 'queue.ended' && (event.result === 'bridged' || event.result === 'redirected-from-bridged'),
                target: 'afterAgent',
                actions: [clear(), leftQueue(), set({ outcome: 'answered' as const })],
              },
              {
                guard: ({ context, event }) => event.type === 'queue.ended' && event.result === 'hangup' && askedInHoldLoop(context),
                target: '#call.ended',
                actions: [leftQueue(), callbackBecause('leftQueue'), ...keepCallbackRequest(), set({ outcome: 'abandoned' as const })],
              },
              {
                guard: ({ event }) => event.type === 'queue.ended' && event.result === 'hangup',
                target: '#call.ended',
                actions: [leftQueue(), set({ outcome: 'abandoned' as const })],
              },
              {
                guard: ({ event }) => event.type === 'queue.ended' && event.result === 'leave',
                target: 'callback',
                actions: [
                  clear(),
                  leftQueue(),
                  set({ callbackReason: ({ context }) => (context.leaveReason === 'queueTimeout' ? 'queueTimeout' : 'leftQueue') }),
                  note(({ context }) => (context.leaveReason === 'queueTimeout' ? { kind: 'queueTimedOut' } : null)),
                ],
              },
              {
                // The queue could not keep the caller (error, system-error, queue-full, redirected).
                guard: ({ event }) => event.type === 'queue.ended' && event.result !== 'bridging-in-process',
                target: 'callback',
                actions: [clear(), leftQueue(), set({ callbackReason: 'queueProblem' as const }), note(() => ({ kind: 'queueProblem' }))],
              },
            ],
          },
          states: {
            waiting: {
              tags: ['holding', 'enqueued'],
              on: {
                'queue.waited': {
                  guard: ({ context, event }) => event.type === 'queue.waited' && event.queueSeconds >= context.queueMaxWaitSeconds,
                  target: 'leaving',
                  actions: [clear(), set({ leaveReason: 'queueTimeout' as const })],
                },
                'caller.pressed': [
                  {
                    guard: ({ event }) => pressedAlone(event, '1'),
                    target: 'leaving',
                    actions: [clear(), heard('holdMenu', 'callback'), set({ leaveReason: 'leftQueue' as const })],
                  },
                  { actions: [clear(), heard('holdMenu', 'invalid')] },
                ],
                'queue.connecting': {
                  target: 'withAgent',
                  actions: [
                    clear(),
                    set(({ context, event }) =>
                      event.type === 'queue.connecting'
                        ? {
                            agentId: event.agentId,
                            agentName: event.agentName,
                            agentCallSid: event.agentCallSid,
                            answeredAt: event.facts?.now ?? null,
                            queueSeconds: event.queueSeconds ?? (event.facts ? queueSecondsAt(context, event.facts.now) : null),
                          }
                        : {},
                    ),
                  ],
                },
              },
            },
            leaving: {
              description: 'Told Twilio to take the caller out of the queue; its Enqueue action follows.',
              tags: ['holding', 'enqueued'],
              on: {
                'call.ended': {
                  guard: ({ context }) => askedInHoldLoop(context),
                  target: '#call.ended',
                  actions: [callbackBecause('leftQueue'), ...keepCallbackRequest(), set(({ context, event }) => finish(context, event))],
                },
              },
            },
            moving: {
              description:
                'Re-attached from the emergency line in the general queue, but their matter belongs in another queue: told Twilio to take them out, to be queued there.',
              on: {
                'queue.ended': {
                  guard: ({ event }) => event.type === 'queue.ended' && event.result === 'leave',
                  target: '#call.live.routingToAgent',
                  actions: [clear(), set({ onEmergencyLine: false })],
                },
              },
            },
            withAgent: {
              description: 'An agent took the caller ("工号 1001 为您服务") and they are talking; the Enqueue action follows the bridge.',
              tags: ['bridged'],
            },
          },
        },

        afterAgent: {
          description: 'The bridge ended. The agent may still be deciding (after *) to transfer the caller to a supervisor.',
          initial: 'deciding',
          states: {
            deciding: {
              always: [
                { guard: ({ event }) => factsOf(event)?.agentDecision?.kind === 'transfer', target: '#call.live.routingToAgent', actions: transferToSupervisor() },
                { guard: ({ event }) => factsOf(event)?.agentDecision?.kind === 'pending', target: 'holding' },
                { target: '#call.live.rating' },
              ],
            },
            holding: {
              description: 'The agent\'s leg is still live: the caller waits in a hold queue, told to wait, never in silence.',
              tags: ['holding', 'enqueued', 'awaitsAgent'],
              entry: set({ leaveReason: null }),
              on: {
                'queue.waited': [
                  { guard: ({ event }) => factsOf(event)?.agentDecision?.kind === 'transfer', target: 'leaving', actions: set({ leaveReason: 'transfer' as const }) },
                  {
                    guard: ({ event }) =>
                      factsOf(event)?.agentDecision?.kind === 'end' ||
                      (event.type === 'queue.waited' && event.queueSeconds >= AGENT_DECISION_WAIT_SECONDS),
                    target: 'leaving',
                    actions: set({ leaveReason: 'survey' as const }),
                  },
                ],
                'queue.ended': [
                  { guard: ({ event }) => event.type === 'queue.ended' && event.result === 'hangup', target: '#call.ended' },
                  {
                    guard: ({ event }) => factsOf(event)?.agentDecision?.kind === 'transfer',
                    target: '#call.live.routingToAgent',
                    actions: transferToSupervisor(),
                  },
                  { guard: ({ event }) => event.type === 'queue.ended' && event.result !== 'bridging-in-process', target: '#call.live.rating' },
                ],
              },
            },
            leaving: {
              tags: ['holding', 'enqueued', 'awaitsAgent'],
              on: {
                'queue.ended': [
                  { guard: ({ event }) => event.type === 'queue.ended' && event.result === 'hangup', target: '#call.ended' },
                  {
                    guard: ({ context, event }) => context.leaveReason === 'transfer' && factsOf(event)?.agentDecision?.kind === 'transfer',
                    target: '#call.live.routingToAgent',
                    actions: transferToSupervisor(),
                  },
                  { target: '#call.live.rating' },
                ],
              },
            },
          },
        },

        rating: {
          description: 'How satisfied was the caller, 1 to 5; no input skips.',
          tags: ['menu'],
          entry: resetAttempts(),
          on: {
            'caller.pressed': [
              {
                guard: ({ event }) => event.type === 'caller.pressed' && /^[1-5]$/.test(event.digits),
                target: 'thankingCaller',
                actions: [clear(), heard('satisfaction', 'rated'), set({ csatScore: ({ event }) => Number(digitsOf(event)) })],
              },
              { guard: ({ context }) => context.attempts === 0, actions: [clear(), heard('satisfaction', 'invalid'), set({ attempts: 1 }), note(() => ({ kind: 'invalidChoice' }))] },
              { target: 'thankingCaller', actions: [clear(), heard('satisfaction', 'invalid, skipped')] },
            ],
            'caller.garbled': { target: 'thankingCaller', actions: [clear(), heard('satisfaction', 'garbled, skipped')] },
            'caller.silent': { target: 'thankingCaller', actions: [clear(), heard('satisfaction', 'skipped')] },
          },
        },

        callback: {
          description: 'Confirm or enter the number to call back, then a ticket whose reference is read back.',
          initial: 'deciding',
          entry: resetAttempts(),
          on: {
            // Pressing 1 in the hold loop asked for the callback; hanging up before confirming the number does not take it back.
            'call.ended': {
              guard: ({ context }) => context.callbackReason === 'leftQueue' && context.outcome === null && canCallBack(context),
              target: '#call.ended',
              actions: [...keepCallbackRequest(), set(({ context, event }) => finish(context, event))],
            },
          },
          states: {
            deciding: {
              always: [
                { guard: ({ context }) => canCallBack(context), target: 'confirmingNumber' },
                { target: 'enteringNumber' },
              ],
            },
            confirmingNumber: {
              description: '"We will call you back at the number ending in 5678": 1 confirm, 2 another number.',
              tags: ['menu'],
              entry: resetAttempts(),
              on: menu('confirmCallbackNumber', [
                { key: '1', meaning: 'confirmed', target: 'tellingReference', actions: confirmCallback() },
                { key: '2', meaning: 'another number', target: 'enteringNumber', actions: [set({ callbackNumber: null })] },
              ], {
                withNavigation: true,
                // Someone who cannot answer the menu still asked for a callback: keep the request.
                onTooMany: { target: 'tellingReference', actions: confirmCallback() },
              }),
            },
            enteringNumber: {
              description: 'A number to call back, 6–15 digits ending with #.',
              tags: ['entry'],
              entry: resetAttempts(),
              on: entry('callbackNumber', {
                accept: (d) => isCallbackNumber(d),
                onValid: { target: 'confirmingNumber', actions: [set({ callbackNumber: ({ event }) => digitsOf(event) })] },
                optional: false,
                onTooMany: [
                  { guard: ({ context }) => context.callerIdUsable, target: 'confirmingNumber' },
                  {
                    // Freeze agents answer around the clock and freeze callers keep their priority.
                    guard: ({ context, event }) => branchQueue(context) === 'freeze' || !factsOf(event)?.closed,
                    target: '#call.live.inQueue',
                    actions: [note(() => ({ kind: 'tooManyAttempts' })), aimAtBranchQueue()],
                  },
                  { target: '#call.live.sayingGoodbye', actions: [set({ outcome: 'noCallbackNumber' as const })] },
                ],
              }),
            },
            tellingReference: {
              description: 'The ticket reference, digit by digit, twice; when we will call; goodbye.',
              tags: ['farewell'],
            },
          },
        },

        thankingCaller: {
          description: 'After an agent: thanks and goodbye.',
          tags: ['farewell'],
        },

        sayingGoodbye: {
          description: 'No way to call back and nobody to answer now: when to call again, goodbye.',
          tags: ['farewell'],
        },
      },
    },

    ended: {
      description: 'The call is over. Late deliveries only fill in what is still unknown; nothing goes back.',
      on: {
        // A callback booked during a database outage, replayed after the call's end was.
        'callback.recorded': { guard: ({ context }) => context.ticketReference === null, actions: recordOutageCallback() },
        'call.ended': {
          guard: ({ context }) => context.finalStatus === null,
          actions: set(({ context, event }) => finalStatus(context, event)),
        },
        'queue.ended': {
          guard: ({ context, event }) =>
            event.type === 'queue.ended' && context.enqueuedAt !== null && context.queueResult === null,
          actions: [leftQueue()],
        },
      },
    },
  },
});

function finalStatus(context: CallContext, event: CallEvent): Partial<CallContext> {
  if (event.type !== 'call.ended') return {};
  return { finalStatus: event.status, durationSeconds: event.durationSeconds, endedAt: context.endedAt ?? event.facts.now };
}

function finish(context: CallContext, event: CallEvent): Partial<CallContext> {
  const now = factsOf(event)?.now ?? new Date(0).toISOString();
  const inQueue = context.enqueuedAt !== null && context.queueLeftAt === null;
  return {
    ...finalStatus(context, event),
    endedAt: now,
    notes: [],
    // Whoever waited in a queue and hung up without an answer or a confirmed ticket gave up on us, wherever they
    // were by then (the callback flow after a timeout, say): ops follow abandoned callers up.
    outcome: context.outcome ?? (context.enqueuedAt !== null ? 'abandoned' : 'hungUpInMenu'),
    queueLeftAt: inQueue ? now : context.queueLeftAt,
    queueSeconds: inQueue ? queueSecondsAt(context, now) : context.queueSeconds,
  };
}

/** Joins a caller found in the emergency line's general queue to their matter's queue, since they joined Twilio's. */
function reattach() {
  return [
    clear(),
    set({
      queue: ({ context }: Ctx) => branchQueue(context),
      onEmergencyLine: true,
      rejoinedAt: ({ event }: Ctx) => {
        const facts = factsOf(event)!;
        const seconds = event.type === 'queue.reattached' ? event.queueSeconds : 0;
        return new Date(Date.parse(facts.now) - seconds * 1000).toISOString();
      },
    }),
  ];
}

/** The ticket of a callback booked during an outage, with the reference the caller heard (or a new one). */
function recordOutageCallback() {
  const reference = ({ context, event }: Ctx) =>
    keepsTicket(context) ? context.ticketReference! : event.type === 'callback.recorded' && event.reference ? event.reference : factsOf(event)!.newReference;
  return [
    clear(),
    set(({ context, event }: Ctx) => {
      if (event.type !== 'callback.recorded') return {};
      const inQueue = context.enqueuedAt !== null && context.queueLeftAt === null;
      return {
        callbackReason: event.reason,
        callbackNumber: event.callbackNumber ?? context.callbackNumber,
        ...(inQueue
          ? { queueLeftAt: event.facts.now, queueSeconds: event.queueSeconds ?? queueSecondsAt(context, event.facts.now), queueResult: 'leave' as const }
          : {}),
      };
    }),
    enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, TicketAction, never, never, never>(({ context, event, enqueue }) => {
      if (keepsTicket(context)) {
        enqueue({ type: 'setTicketCallback', params: { reference: context.ticketReference!, callbackNumber: context.callbackNumber } });
      } else {
        enqueue({ type: 'openTicket', params: { ...ticketRequest(context, factsOf(event)!, context.callbackReason ?? 'leftQueue'), reference: reference({ context, event }) } });
      }
    }),
    set(({ context, event }: Ctx) => ({
      ticketReference: reference({ context, event }),
      ticketCategory: keepsTicket(context) ? context.ticketCategory : currentCategory(context),
      ticketDueAt: keepsTicket(context) ? context.ticketDueAt : callbackDueAt(context, factsOf(event)!.now),
      outcome: 'ticket' as const,
    })),
  ];
}

/** The queue for the caller's matter: their branch's, the supervisors' for a complaint about our service, general before any branch. */
function branchQueue(context: CallContext): QueueName {
  if (context.branch === 'complaint' && context.complaintCategory === 'service') return 'escalation';
  return context.branch ? BRANCH_QUEUE[context.branch] : 'general';
}


// ---- transition building blocks -------------------------------------------------------------
// Menus and digit entries follow the same rules everywhere (see README "Call flow"), so they are
// built here once instead of being repeated in every state.

type Transition = { target?: string; guard?: (args: Ctx) => boolean; actions?: unknown[] };

function clear() {
  return set({ notes: [] as Note[] });
}

function note(make: (args: Ctx) => Note | null) {
  return set({
    notes: (args: Ctx) => {
      const n = make(args);
      return n ? [...args.context.notes, n] : args.context.notes;
    },
  });
}

function heard(purpose: InputPurpose, meaning: string) {
  return set({ lastInput: { purpose, meaning } });
}

function resetAttempts() {
  return set({ attempts: 0 });
}

function failedOnce(kind: 'invalidChoice' | 'noInput' | 'invalidEntry' | 'ticketNotFound') {
  return [set({ attempts: ({ context }: Ctx) => context.attempts + 1 }), note(() => ({ kind }))];
}

function setLanguage(language: Language) {
  return set({ language });
}

function setBranch(branch: Branch) {
  return set({ branch });
}

function aimAt(queue: QueueName) {
  return set({ queue });
}

function aimAtBranchQueue() {
  return set({ queue: ({ context }: Ctx) => branchQueue(context) });
}

function callbackBecause(reason: CallbackReason) {
  return set({ callbackReason: reason });
}

function captureNotices() {
  return set({ notices: ({ event }: Ctx) => factsOf(event)?.outages ?? [] });
}

function noteAllBranchOutage() {
  return note(({ event }) => {
    const notices = allBranchNotices(factsOf(event));
    return notices.length > 0 ? { kind: 'outageShort', notices } : null;
  });
}

function noteBranchOutage(branch: Branch) {
  return note(({ event }) => {
    const notices = noticesFor(factsOf(event), branch);
    return notices.length > 0 ? { kind: 'outageShort', notices } : null;
  });
}

function leftQueue() {
  return set(({ context, event }: Ctx) => {
    const facts = factsOf(event);
    const now = facts?.now ?? context.queueLeftAt ?? new Date(0).toISOString();
    const reported = event.type === 'queue.ended' ? event.queueSeconds : null;
    return {
      queueLeftAt: context.queueLeftAt ?? now,
      queueSeconds: reported ?? context.queueSeconds ?? queueSecondsAt(context, now),
      queueResult: event.type === 'queue.ended' ? event.result : context.queueResult,
      onEmergencyLine: false,
    };
  });
}

function transferToSupervisor() {
  return [
    clear(),
    set(({ event }) => {
      const d = factsOf(event)?.agentDecision;
      return d?.kind === 'transfer'
        ? { transfer: { agentId: d.agentId, agentName: d.agentName, reason: d.reason }, queue: 'transfers' as const, outcome: null }
        : {};
    }),
    note(() => ({ kind: 'transferring' })),
  ];
}

/** The ticket category of the branch the caller is in now. */
const currentCategory = (context: CallContext): TicketCategory => (context.branch ? TICKET_CATEGORY[context.branch] : 'general');

/**
 * A caller who already has a ticket for this matter (a freeze request, then a callback from the freeze queue)
 * keeps it and the callback number is added to it; anything else opens its own ticket.
 */
const keepsTicket = (context: CallContext) => context.ticketReference !== null && context.ticketCategory === currentCategory(context);

/** A number we can call back: the caller ID, or one the caller typed. */
const canCallBack = (context: CallContext) => context.callerIdUsable || context.callbackNumber !== null;

/** The caller pressed 1 in the hold loop for a callback and is on the way out of the queue. */
const askedInHoldLoop = (context: CallContext) => context.leaveReason === 'leftQueue' && canCallBack(context);

/** Books the callback: a ticket of its own, or the callback number on the ticket this matter already has. */
function keepCallbackRequest() {
  return [
    enqueueActions<CallContext, CallEvent, undefined, CallEvent, never, TicketAction, never, never, never>(({ context, event, enqueue }) => {
      if (keepsTicket(context)) {
        enqueue({ type: 'setTicketCallback', params: { reference: context.ticketReference!, callbackNumber: context.callbackNumber } });
      } else {
        enqueue({ type: 'openTicket', params: ticketRequest(context, factsOf(event)!, context.callbackReason ?? 'requested') });
      }
    }),
    set(({ context, event }: Ctx) =>
      keepsTicket(context)
        ? {}
        : {
            ticketReference: factsOf(event)!.newReference,
            ticketCategory: currentCategory(context),
            ticketDueAt: callbackDueAt(context, factsOf(event)!.now),
          },
    ),
  ];
}

function confirmCallback() {
  return [...keepCallbackRequest(), set({ outcome: 'ticket' as const })];
}

interface MenuOption {
  key: string;
  meaning: string;
  target: string;
  guard?: (args: Ctx) => boolean;
  actions?: unknown[];
}

interface MenuRules {
  /** Where a caller goes after three failed attempts; their branch's queue unless given. */
  fallbackQueue?: QueueName;
  /** Below the main menu: 0 a human, 9 the main menu. */
  withNavigation: boolean;
  onTooMany?: Transition | Transition[];
  /** Where `0` goes; freeze callers keep their priority. */
  humanQueue?: QueueName;
}

/** A one-key menu: its options, `*` repeats, 0/9 navigate below the main menu, three failures reach a human. */
function menu(purpose: InputPurpose, options: MenuOption[], rules: MenuRules) {
  const pressed: Transition[] = options.map((o) => ({
    guard: (args: Ctx) => pressedAlone(args.event, o.key) && (o.guard ? o.guard(args) : true),
    target: o.target,
    actions: [clear(), heard(purpose, o.meaning), ...(o.actions ?? [])],
  }));
  pressed.push({ guard: ({ event }) => pressedAlone(event, '*'), actions: [clear(), heard(purpose, 'repeat')] });
  if (rules.withNavigation) pressed.push(...navigation(purpose, true, rules.humanQueue));
  const failures = (kind: 'invalidChoice' | 'noInput', meaning: string): Transition[] => [
    { guard: ({ context }) => context.attempts + 1 < MAX_ATTEMPTS, actions: [clear(), heard(purpose, meaning), ...failedOnce(kind)] },
    ...tooMany(purpose, meaning, rules.fallbackQueue, rules.onTooMany),
  ];
  return {
    'caller.pressed': [...pressed, ...failures('invalidChoice', 'invalid')],
    'caller.garbled': failures('invalidChoice', 'garbled'),
    'caller.silent': failures('noInput', 'silence'),
  } as never;
}

function navigation(purpose: InputPurpose, mainMenuKey: boolean, humanQueue?: QueueName): Transition[] {
  const nav: Transition[] = [
    {
      guard: ({ event }) => pressedAlone(event, '0'),
      target: '#call.live.routingToAgent',
      // A freeze caller who left the freeze queue (for a callback) keeps its priority and its round-the-clock agents.
      actions: [
        clear(),
        heard(purpose, 'human'),
        set({ queue: ({ context }) => humanQueue ?? (context.branch === 'freeze' ? ('freeze' as const) : ('general' as const)) }),
      ],
    },
  ];
  if (mainMenuKey) {
    nav.push({ guard: ({ event }) => pressedAlone(event, '9'), target: '#call.live.mainMenu', actions: [clear(), heard(purpose, 'main menu')] });
  }
  return nav;
}

function tooMany(purpose: InputPurpose, meaning: string, fallbackQueue: QueueName | undefined, custom?: Transition | Transition[]): Transition[] {
  const prefix = [clear(), heard(purpose, `${meaning}, too many attempts`), set({ attempts: 0 })];
  if (custom) {
    return (Array.isArray(custom) ? custom : [custom]).map((t) => ({ ...t, actions: [...prefix, ...(t.actions ?? [])] }));
  }
  return [
    {
      target: '#call.live.routingToAgent',
      actions: [...prefix, note(() => ({ kind: 'tooManyAttempts' })), fallbackQueue ? aimAt(fallbackQueue) : aimAtBranchQueue()],
    },
  ];
}

interface EntryRules {
  accept: (digits: string, event: CallEvent) => boolean;
  onValid: Transition;
  /** `#` alone skips; silence re-prompts once, then skips. */
  optional: boolean;
  onSkip?: Transition;
  /** Where a caller goes after three failed attempts; their branch's queue unless given. */
  fallbackQueue?: QueueName;
  onTooMany?: Transition | Transition[];
  mainMenuKey?: boolean;
  humanQueue?: QueueName;
  invalidNote?: (digits: string) => 'invalidEntry' | 'ticketNotFound';
}

/** A digit entry ending with `#`: valid input moves on; 0 alone a human, * alone repeats, 9 alone the main menu. */
function entry(purpose: InputPurpose, rules: EntryRules) {
  const invalidKind = (args: Ctx) => (rules.invalidNote ? rules.invalidNote(digitsOf(args.event)) : 'invalidEntry');
  const failOnce: Transition = {
    guard: ({ context }) => context.attempts + 1 < MAX_ATTEMPTS,
    actions: [
      clear(),
      heard(purpose, 'invalid'),
      set({ attempts: ({ context }: Ctx) => context.attempts + 1 }),
      note((args) => ({ kind: invalidKind(args) })),
    ],
  };
  const pressed: Transition[] = [
    { guard: ({ event }) => pressedAlone(event, '*'), actions: [clear(), heard(purpose, 'repeat')] },
    ...navigation(purpose, rules.mainMenuKey !== false, rules.humanQueue),
    {
      guard: ({ event }) => event.type === 'caller.pressed' && event.digits !== '' && rules.accept(event.digits, event),
      target: rules.onValid.target,
      actions: [clear(), heard(purpose, 'entered'), ...(rules.onValid.actions ?? [])],
    },
  ];
  const skip: Transition | null = rules.optional
    ? { target: rules.onSkip?.target, actions: [clear(), heard(purpose, 'skipped'), ...(rules.onSkip?.actions ?? [])] }
    : null;
  if (skip) pressed.push({ ...skip, guard: ({ event }) => pressedSkip(event) });
  const invalid = [failOnce, ...tooMany(purpose, 'invalid', rules.fallbackQueue, rules.onTooMany ?? skip ?? undefined)];
  const silent: Transition[] = rules.optional
    ? [
        { guard: ({ context }) => context.attempts === 0, actions: [clear(), heard(purpose, 'silence'), set({ attempts: 1 }), note(() => ({ kind: 'noInput' }))] },
        { ...skip!, actions: [clear(), heard(purpose, 'silence, skipped'), ...(rules.onSkip?.actions ?? [])] },
      ]
    : [
        {
          guard: ({ context }) => context.attempts + 1 < MAX_ATTEMPTS,
          actions: [clear(), heard(purpose, 'silence'), set({ attempts: ({ context }: Ctx) => context.attempts + 1 }), note(() => ({ kind: 'noInput' }))],
        },
        ...tooMany(purpose, 'silence', rules.fallbackQueue, rules.onTooMany),
      ];
  return {
    'caller.pressed': [...pressed, ...invalid],
    'caller.garbled': invalid,
    'caller.silent': silent,
  } as never;
}

export type HotlineMachine = typeof hotlineMachine;
