import { and, or, setup } from 'xstate';
import { callActions } from './call-actions';
import { callGuards, digitsOf, factsOf, failedOnce, heard, initialCallContext, note, retry, set, type CallContext } from './call-context';
import { COMPLAINT_CATEGORIES, type CallEvent, type CallInput, type ComplaintCategory, type Language } from './call-flow.types';
import { isCallbackNumber, isMobileNumber, isReferenceNumber, isTicketReference, parseAmount } from './caller-input.rules';
import { entry, menu } from './caller-menu-transitions';
import { ticketActions, type TicketActionParams } from './ticket-rules';

/** Complaint categories by menu key: 1 for the first of COMPLAINT_CATEGORIES, and so on. */
const COMPLAINT_KEYS: Record<string, ComplaintCategory> = Object.fromEntries(COMPLAINT_CATEGORIES.map((category, i) => [String(i + 1), category]));

/** The language menu's answer: every later prompt speaks `language`, after the outages that concern everyone. */
const languageChosen = (meaning: string, language: Language) => ['clearNotes', heard('language', meaning), set({ language }), 'noteOutageForAll'] as const;

/**
 * The hotline's call flow. Guards and actions with a meaning of their own are named in `setup()` (`callGuards`,
 * `callActions`, `ticketActions`); a plain field write stays a `set({...})` where it happens.
 */
export const hotlineMachine = setup({
  types: {
    context: {} as CallContext,
    events: {} as CallEvent,
    input: {} as CallInput,
  },
  guards: callGuards,
  actions: {
    ...callActions,
    ...ticketActions,
    /** Opens a ticket; executed by the use case in the same transaction as the step. */
    openTicket: (_: unknown, _params: TicketActionParams<'openTicket'>) => {},
    /** Sets the callback number of a ticket opened earlier in the call (a freeze request). */
    setTicketCallback: (_: unknown, _params: TicketActionParams<'setTicketCallback'>) => {},
  },
}).createMachine({
  id: 'call',
  description: 'One caller on the wallet hotline, from the first ring to a human queue or a callback ticket.',
  context: ({ input }) => initialCallContext(input),
  initial: 'live',
  states: {
    live: {
      description: 'The caller is on the line.',
      initial: 'choosingLanguage',
      on: {
        'call.ended': { target: 'ended', actions: 'endCall' },
        // The use case sends this only to a call outside any queue (ADR 008): the caller is in the general queue.
        'queue.reattached': [
          { guard: 'matterInGeneralQueue', target: '.inQueue.waiting', actions: ['clearNotes', 'reattach'] },
          { target: '.inQueue.moving', actions: ['clearNotes', 'reattach'] },
        ],
        'callback.recorded': { target: '.callback.tellingReference', actions: ['clearNotes', 'takeOutageCallback', 'confirmCallback'] },
      },
      states: {
        choosingLanguage: {
          description: 'Greeting, the notice that keypresses are recorded, then 1 普通话 / 2 English.',
          tags: ['menu'],
          on: {
            'caller.pressed': [
              { guard: { type: 'pressed', params: { key: '1' } }, target: 'mainMenu', actions: languageChosen('zh-CN', 'zh-CN') },
              { guard: { type: 'pressed', params: { key: '2' } }, target: 'mainMenu', actions: languageChosen('en-US', 'en-US') },
              // The language menu asks twice, then speaks Mandarin.
              ...retry('language', 'invalid', 'invalidChoice', [{ target: 'mainMenu', actions: languageChosen('invalid, Mandarin', 'zh-CN') }], 2),
            ],
            'caller.garbled': retry('language', 'garbled', 'invalidChoice', [{ target: 'mainMenu', actions: languageChosen('garbled, Mandarin', 'zh-CN') }], 2),
            'caller.silent': { target: 'mainMenu', actions: languageChosen('silence, Mandarin', 'zh-CN') },
          },
        },

        mainMenu: {
          description: '1 freeze · 2 recharge failure · 3 outage · 4 complaint · 5 ticket status · 0 a human · * repeat.',
          tags: ['menu'],
          entry: 'resetAttempts',
          on: menu(
            'mainMenu',
            [
              { key: '1', meaning: 'freeze', target: '#call.live.freeze', actions: [set({ branch: 'freeze' })] },
              { key: '2', meaning: 'recharge', target: '#call.live.recharge', actions: [set({ branch: 'recharge' })] },
              { key: '3', meaning: 'outage', target: '#call.live.outage', actions: [set({ branch: 'outage' }), 'captureNotices'] },
              { key: '4', meaning: 'complaint', target: '#call.live.complaint', actions: [set({ branch: 'complaint' })] },
              { key: '5', meaning: 'ticketStatus', target: '#call.live.ticketStatus', actions: [set({ branch: 'ticketStatus' })] },
              { key: '0', meaning: 'human', target: '#call.live.routingToAgent', actions: [set({ branch: 'human' }), 'aimAtBranchQueue'] },
            ],
            { fallbackQueue: 'general', withNavigation: false },
          ),
        },

        freeze: {
          description: 'Lost or stolen phone, suspicious activity: a freeze request, 24 hours a day, then the freeze queue.',
          initial: 'enteringMobileNumber',
          states: {
            enteringMobileNumber: {
              description: 'The mobile number registered to the wallet, 6–15 digits ending with #.',
              tags: ['entry'],
              entry: 'resetAttempts',
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
              entry: 'resetAttempts',
              on: menu(
                'confirmMobileNumber',
                [
                  { key: '1', meaning: 'confirmed', target: '#call.live.routingToAgent', actions: ['requestFreeze', 'aimAtBranchQueue'] },
                  { key: '2', meaning: 're-enter', target: 'enteringMobileNumber', actions: [set({ mobileNumber: null })] },
                ],
                { withNavigation: true, humanQueue: 'freeze' },
              ),
            },
          },
        },

        recharge: {
          description: 'A top-up that failed: order number, amount, a self-help tip, then an agent or a callback.',
          initial: 'enteringOrderNumber',
          entry: { type: 'noteOutageFor', params: { branch: 'recharge' } },
          states: {
            enteringOrderNumber: {
              description: 'The recharge order number ending with # (up to 32 digits); # alone skips.',
              tags: ['entry'],
              entry: 'resetAttempts',
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
              entry: 'resetAttempts',
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
              entry: 'resetAttempts',
              on: menu(
                'rechargeNextStep',
                [
                  { key: '1', meaning: 'agent', target: '#call.live.routingToAgent', actions: ['aimAtBranchQueue'] },
                  { key: '2', meaning: 'callback', target: '#call.live.callback', actions: [set({ callbackReason: 'requested' })] },
                ],
                { withNavigation: true },
              ),
            },
          },
        },

        outage: {
          description: 'Active outage notices with the expected recovery (or self-help when none); 1 an agent, 2 a callback when resolved.',
          initial: 'choosingNextStep',
          states: {
            choosingNextStep: {
              tags: ['menu'],
              entry: 'resetAttempts',
              on: menu(
                'outageNextStep',
                [
                  { key: '1', meaning: 'agent', target: '#call.live.routingToAgent', actions: ['aimAtBranchQueue'] },
                  {
                    key: '2',
                    meaning: 'callback',
                    guard: 'hasOutageNotices',
                    target: '#call.live.callback',
                    actions: [set({ callbackReason: 'requested' })],
                  },
                ],
                { withNavigation: true },
              ),
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
              entry: 'resetAttempts',
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
              entry: 'resetAttempts',
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
              entry: 'resetAttempts',
              on: menu(
                'complaintNextStep',
                [
                  { key: '1', meaning: 'agent', target: '#call.live.routingToAgent', actions: ['aimAtBranchQueue'] },
                  { key: '2', meaning: 'callback', target: '#call.live.callback', actions: [set({ callbackReason: 'requested' })] },
                ],
                { withNavigation: true },
              ),
            },
          },
        },

        ticketStatus: {
          description: 'Look up a ticket by its 8-digit reference; hear its status and when it is due.',
          initial: 'enteringReference',
          states: {
            enteringReference: {
              tags: ['entry', 'looksUpTicket'],
              entry: 'resetAttempts',
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
              entry: 'resetAttempts',
              on: menu('ticketNextStep', [{ key: '1', meaning: 'agent', target: '#call.live.routingToAgent', actions: ['aimAtBranchQueue'] }], {
                withNavigation: true,
              }),
            },
          },
        },

        routingToAgent: {
          description: 'Queue the caller if humans are answering that queue now, else offer a callback.',
          always: [
            { guard: 'aimedQueueAnswering', target: 'inQueue' },
            { target: 'callback', actions: 'offerCallbackWhileClosed' },
          ],
        },

        inQueue: {
          description: 'Waiting in a Twilio queue with a hold loop that tells the position and offers a callback.',
          initial: 'waiting',
          entry: 'joinQueue',
          on: {
            'queue.ended': [
              { guard: 'agentAnswered', target: 'afterAgent', actions: ['clearNotes', 'leaveQueue', set({ outcome: 'answered' })] },
              {
                guard: and(['hungUpInQueue', 'askedInHoldLoop']),
                target: '#call.ended',
                actions: ['leaveQueue', set({ callbackReason: 'leftQueue' }), 'keepCallbackRequest', set({ outcome: 'abandoned' })],
              },
              { guard: 'hungUpInQueue', target: '#call.ended', actions: ['leaveQueue', set({ outcome: 'abandoned' })] },
              {
                guard: 'takenOutOfQueue',
                target: 'callback',
                actions: [
                  'clearNotes',
                  'leaveQueue',
                  set({ callbackReason: ({ context }) => (context.leaveReason === 'queueTimeout' ? 'queueTimeout' : 'leftQueue') }),
                  note(({ context }) => (context.leaveReason === 'queueTimeout' ? { kind: 'queueTimedOut' } : null)),
                ],
              },
              {
                // The queue could not keep the caller (error, system-error, queue-full, redirected).
                guard: 'queueVisitOver',
                target: 'callback',
                actions: ['clearNotes', 'leaveQueue', set({ callbackReason: 'queueProblem' }), note({ kind: 'queueProblem' })],
              },
            ],
          },
          states: {
            waiting: {
              tags: ['holding', 'enqueued'],
              on: {
                'queue.waited': { guard: 'waitedTooLong', target: 'leaving', actions: ['clearNotes', set({ leaveReason: 'queueTimeout' })] },
                'caller.pressed': [
                  {
                    guard: { type: 'pressed', params: { key: '1' } },
                    target: 'leaving',
                    actions: ['clearNotes', heard('holdMenu', 'callback'), set({ leaveReason: 'leftQueue' })],
                  },
                  { actions: ['clearNotes', heard('holdMenu', 'invalid')] },
                ],
                'queue.connecting': { target: 'withAgent', actions: ['clearNotes', 'connectAgent'] },
              },
            },
            leaving: {
              description: 'Told Twilio to take the caller out of the queue; its Enqueue action follows.',
              tags: ['holding', 'enqueued'],
              on: {
                'call.ended': {
                  guard: 'askedInHoldLoop',
                  target: '#call.ended',
                  actions: [set({ callbackReason: 'leftQueue' }), 'keepCallbackRequest', 'endCall'],
                },
              },
            },
            moving: {
              description:
                'Re-attached from the emergency line in the general queue, but their matter belongs in another queue: told Twilio to take them out, to be queued there.',
              on: {
                'queue.ended': {
                  guard: 'takenOutOfQueue',
                  target: '#call.live.routingToAgent',
                  actions: ['clearNotes', set({ onEmergencyLine: false })],
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
                { guard: 'agentTransferring', target: '#call.live.routingToAgent', actions: ['clearNotes', 'transferToSupervisor'] },
                { guard: 'agentUndecided', target: 'holding' },
                { target: '#call.live.rating' },
              ],
            },
            holding: {
              description: "The agent's leg is still live: the caller waits in a hold queue, told to wait, never in silence.",
              tags: ['holding', 'enqueued', 'awaitsAgent'],
              entry: set({ leaveReason: null }),
              on: {
                'queue.waited': [
                  { guard: 'agentTransferring', target: 'leaving', actions: set({ leaveReason: 'transfer' }) },
                  { guard: or(['agentEnded', 'agentDecisionOverdue']), target: 'leaving', actions: set({ leaveReason: 'survey' }) },
                ],
                'queue.ended': [
                  { guard: 'hungUpInQueue', target: '#call.ended' },
                  { guard: 'agentTransferring', target: '#call.live.routingToAgent', actions: ['clearNotes', 'transferToSupervisor'] },
                  { guard: 'queueVisitOver', target: '#call.live.rating' },
                ],
              },
            },
            leaving: {
              tags: ['holding', 'enqueued', 'awaitsAgent'],
              on: {
                'queue.ended': [
                  { guard: 'hungUpInQueue', target: '#call.ended' },
                  {
                    guard: and(['leftForTransfer', 'agentTransferring']),
                    target: '#call.live.routingToAgent',
                    actions: ['clearNotes', 'transferToSupervisor'],
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
          entry: 'resetAttempts',
          on: {
            'caller.pressed': [
              {
                guard: 'ratedOneToFive',
                target: 'thankingCaller',
                actions: ['clearNotes', heard('satisfaction', 'rated'), set({ csatScore: ({ event }) => Number(digitsOf(event)) })],
              },
              { guard: 'firstAttempt', actions: ['clearNotes', heard('satisfaction', 'invalid'), failedOnce('invalidChoice')] },
              { target: 'thankingCaller', actions: ['clearNotes', heard('satisfaction', 'invalid, skipped')] },
            ],
            'caller.garbled': { target: 'thankingCaller', actions: ['clearNotes', heard('satisfaction', 'garbled, skipped')] },
            'caller.silent': { target: 'thankingCaller', actions: ['clearNotes', heard('satisfaction', 'skipped')] },
          },
        },

        callback: {
          description: 'Confirm or enter the number to call back, then a ticket whose reference is read back.',
          initial: 'deciding',
          entry: 'resetAttempts',
          on: {
            // Pressing 1 in the hold loop asked for the callback; hanging up before confirming the number does not take it back.
            'call.ended': { guard: 'holdLoopCallbackPending', target: '#call.ended', actions: ['keepCallbackRequest', 'endCall'] },
          },
          states: {
            deciding: {
              always: [{ guard: 'canCallBack', target: 'confirmingNumber' }, { target: 'enteringNumber' }],
            },
            confirmingNumber: {
              description: '"We will call you back at the number ending in 5678": 1 confirm, 2 another number.',
              tags: ['menu'],
              entry: 'resetAttempts',
              on: menu(
                'confirmCallbackNumber',
                [
                  { key: '1', meaning: 'confirmed', target: 'tellingReference', actions: ['confirmCallback'] },
                  { key: '2', meaning: 'another number', target: 'enteringNumber', actions: [set({ callbackNumber: null })] },
                ],
                {
                  withNavigation: true,
                  // Someone who cannot answer the menu still asked for a callback: keep the request.
                  onTooMany: { target: 'tellingReference', actions: ['confirmCallback'] },
                },
              ),
            },
            enteringNumber: {
              description: 'A number to call back, 6–15 digits ending with #.',
              tags: ['entry'],
              entry: 'resetAttempts',
              on: entry('callbackNumber', {
                accept: (d) => isCallbackNumber(d),
                onValid: { target: 'confirmingNumber', actions: [set({ callbackNumber: ({ event }) => digitsOf(event) })] },
                optional: false,
                onTooMany: [
                  { guard: 'callerIdUsable', target: 'confirmingNumber' },
                  {
                    // Freeze agents answer around the clock and freeze callers keep their priority.
                    guard: 'branchQueueAnswering',
                    target: '#call.live.inQueue',
                    actions: [note({ kind: 'tooManyAttempts' }), 'aimAtBranchQueue'],
                  },
                  { target: '#call.live.sayingGoodbye', actions: [set({ outcome: 'noCallbackNumber' })] },
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
        'callback.recorded': { guard: 'noTicketYet', actions: ['clearNotes', 'takeOutageCallback', 'confirmCallback'] },
        'call.ended': { guard: 'finalStatusUnknown', actions: 'recordFinalStatus' },
        'queue.ended': { guard: 'queueResultUnknown', actions: 'leaveQueue' },
      },
    },
  },
});

export type HotlineMachine = typeof hotlineMachine;
