import type { Branch, CallEvent, CallFacts, OutageNoticeView, QueueName } from './call-flow.types';
import { branchQueue, factsOf, ivr, queueSecondsAt, set, setWith, type CallContext } from './call-context';

const noticesFor = (facts: CallFacts | undefined, branch: Branch): OutageNoticeView[] =>
  (facts?.outages ?? []).filter((n) => n.branches !== 'all' && n.branches.includes(branch));

const allBranchNotices = (facts: CallFacts | undefined): OutageNoticeView[] => (facts?.outages ?? []).filter((n) => n.branches === 'all');

const withOutageNote = (context: CallContext, notices: OutageNoticeView[]) =>
  notices.length > 0 ? [...context.notes, { kind: 'outageShort' as const, notices }] : context.notes;

function finalStatus(context: CallContext, event: CallEvent): Partial<CallContext> {
  if (event.type !== 'call.ended') return {};
  return { finalStatus: event.status, durationSeconds: event.durationSeconds, endedAt: context.endedAt ?? event.facts.now };
}

/** The hotline's named actions apart from tickets (see `ticketActions`), for its `setup()`. */
export const callActions = {
  ...ivr.actions,
  /** Aims the caller at their matter's queue. */
  aimAtBranchQueue: set({ queue: ({ context }) => branchQueue(context) }),
  aimAt: setWith<{ queue: QueueName }>((_, { queue }) => ({ queue })),
  /** Keeps the outage notices of this step, so a repeated prompt says the same. */
  captureNotices: set({ notices: ({ event }) => factsOf(event)?.outages ?? [] }),
  /** Mentions the outages that concern every branch. */
  noteOutageForAll: set({ notes: ({ context, event }) => withOutageNote(context, allBranchNotices(factsOf(event))) }),
  /** Mentions the outages that concern this branch. */
  noteOutageFor: setWith<{ branch: Branch }>(({ context, event }, { branch }) => ({
    notes: withOutageNote(context, noticesFor(factsOf(event), branch)),
  })),
  /** Nobody answers the caller's queue now: say why, and take a callback instead. */
  offerCallbackWhileClosed: set(({ context, event }) => ({
    // "Let me put you through to an agent" (after failed attempts) is untrue when nobody answers.
    notes: [...context.notes.filter((n) => n.kind !== 'tooManyAttempts'), { kind: 'closed', reason: factsOf(event)!.closed! }],
    callbackReason: 'closed',
  })),

  /** A new queue visit starts (a re-attached caller's when they really joined Twilio's queue). */
  joinQueue: set({
    enqueuedAt: ({ context, event }) => context.rejoinedAt ?? factsOf(event)?.now ?? null,
    rejoinedAt: null,
    queueLeftAt: null,
    queueSeconds: null,
    queueResult: null,
    leaveReason: null,
  }),
  /** The queue visit ended: when, how long it lasted, and Twilio's result. */
  leaveQueue: set(({ context, event }) => {
    const facts = factsOf(event);
    const now = facts?.now ?? context.queueLeftAt ?? new Date(0).toISOString();
    const reported = event.type === 'queue.ended' ? event.queueSeconds : null;
    return {
      queueLeftAt: context.queueLeftAt ?? now,
      queueSeconds: reported ?? context.queueSeconds ?? queueSecondsAt(context, now),
      queueResult: event.type === 'queue.ended' ? event.result : context.queueResult,
      onEmergencyLine: false,
    };
  }),
  /** An agent is taking the caller: who, and how long the caller waited. */
  connectAgent: set(({ context, event }) =>
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
  /** Joins a caller found in the emergency line's general queue to their matter's queue, since they joined Twilio's. */
  reattach: set({
    queue: ({ context }) => branchQueue(context),
    onEmergencyLine: true,
    rejoinedAt: ({ event }) => {
      const facts = factsOf(event)!;
      const seconds = event.type === 'queue.reattached' ? event.queueSeconds : 0;
      return new Date(Date.parse(facts.now) - seconds * 1000).toISOString();
    },
  }),
  /** The agent handed the caller to a supervisor: the transfers queue, and the caller told so. */
  transferToSupervisor: set(({ context, event }) => {
    const d = factsOf(event)?.agentDecision;
    const notes = [...context.notes, { kind: 'transferring' as const }];
    return d?.kind === 'transfer'
      ? { transfer: { agentId: d.agentId, agentName: d.agentName, reason: d.reason }, queue: 'transfers' as const, outcome: null, notes }
      : { notes };
  }),

  /** The call ended: its status, and how it went for whoever was still waiting or choosing. */
  endCall: set(({ context, event }) => {
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
  }),
  /** A late final status of a call already over: only what is still unknown. */
  recordFinalStatus: set(({ context, event }) => finalStatus(context, event)),
};
