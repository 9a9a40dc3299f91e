import { initialTransition, transition } from 'xstate';
import type { CallEvent, CallFacts, FinalCallStatus, Language, QueueResult, TicketRequest } from '../../flows/call-flow.types';
import { apologyVoice, holdVoiceFor, statePath, voiceFor, type CallSnapshot } from '../../flows/call-voice';
import { isTicketReference } from '../../flows/caller-input.rules';
import { hotlineMachine } from '../../flows/hotline.flow';
import type { HoldSituation, VoiceTurn } from '../../flows/voice.types';
import { closedReason, localTime, type WeeklyHours } from '../domain/business-hours';
import { classifyCallerId } from '../domain/caller-id';
import { estimateWaitMinutes } from '../domain/wait-estimate';
import { FREEZE_FLAG_WINDOW_MS, freezeFlag } from '../domain/freeze-flags';
import { freezeRequestMessage } from '../risk/freeze-request.message';
import { NOTHING, type ReplyPlace, type VoiceReply } from './voice-reply';
import { callColumns } from './call-columns';
import type { AgentLegChange, CallStore, NewTicket, StepEventRecord, StepWrite, StoredCall } from './call-store.port';
import type { AgentFloor } from '../agents/agent-floor.port';
import type { AgentContext } from '../../flows/agent.flow';
import { agentAnnouncement } from '../../flows/agent-voice';
import type { Logger } from '../logging/logger';
import type { HotlineMetrics } from '../observability/hotline-metrics';
import { ReadThroughCache } from './read-through-cache';
import { takeStep, type StepAnswer, type StepDecision } from './step-loop';
import { flowSnapshotOf, lastLiveOf, withLastLive } from './last-live-step';

export type { StepAnswer } from './step-loop';
import type { HotlineConditionsCache } from './hotline-conditions.cache';

export interface CallStepsConfig {
  queueMaxWaitSeconds: number;
  timezone: string;
  businessHours: WeeklyHours;
}

export interface CallStepsDeps {
  store: CallStore;
  /** The agent side: who is logged in, what an agent decided. Without it every queue counts as staffed. */
  floor?: AgentFloor;
  logger?: Logger;
  conditions: HotlineConditionsCache;
  config: CallStepsConfig;
  clock: () => Date;
  /** A fresh random 8-digit ticket reference. */
  newReference: () => string;
  /** Told after a step that wrote a freeze request into the risk outbox, so delivery starts at once. */
  onFreezeRequested?: () => void;
  metrics?: HotlineMetrics;
  /** How stale a queue's wait history and staffing may be in the hold loop (default 2 s). */
  holdInfoTtlMs?: number;
}

/** What a caller's keypad produced, already validated at the edge. */
export type KeysInput =
  | { kind: 'pressed'; digits: string; finishedOnKey: '#' | '' }
  | { kind: 'silent' }
  | { kind: 'garbled' };

/** How a step is taken when it is not a live webhook: replayed from the outage spool, at the time it arrived. */
export interface StepOptions {
  /** When the request arrived (default: now). */
  at?: Date;
  /** The request was handled while the database was unreachable: the call is marked degraded. */
  degraded?: boolean;
}

/** Where the caller is when we answer: a menu (`call`), a queue's hold loop, or just before a bridge. */
type Where = 'call' | 'hold' | 'bridge';

/** Agent-leg states in which the agent has left the bridge and not yet decided what happens to the caller. */
const AGENT_STILL_DECIDING = ['live.connected', 'live.decidingAfterCall', 'live.choosingTransferReason'];

interface StepPlan {
  /** Whether a delivery with this URL may move the call (replays and stale steps may not). */
  accepts(call: StoredCall, snapshot: CallSnapshot): boolean;
  /** Reads this kind of step needs before its event can be built. */
  prepare?(call: StoredCall): Promise<void>;
  /** Changes to agents' parts in the call that this step makes. */
  agentLegs?(next: CallSnapshot): AgentLegChange[];
  event(facts: CallFacts): CallEvent;
  record: Omit<StepEventRecord, 'fromState' | 'toState'>;
  /** Write the event even when the flow does not move (input kept in the log that changed nothing). */
  recordUnchanged?: boolean;
  /** Whether this input may still be applied after the final status ended the call (last-live-step.ts). */
  lateInput?: boolean;
  /** The digits a ticket lookup would use, when the state looks one up. */
  lookupDigits?: string;
  reply(snapshot: CallSnapshot, step: number, queueStep: number | null): Promise<VoiceReply> | VoiceReply;
}

const MAX_WRITE_ATTEMPTS = 4;
const WAIT_HISTORY_MS = 60 * 60 * 1000;

/**
 * The hotline's story for each Twilio webhook: load the call, compute one pure step of the call flow,
 * save the step and what it produced in one write, and answer with what the caller hears where the call now is.
 */
export class CallSteps {
  private readonly holdCache: ReadThroughCache<number[] | Set<string>>;

  constructor(private readonly deps: CallStepsDeps) {
    this.holdCache = new ReadThroughCache(deps.holdInfoTtlMs ?? 2000);
  }

  /** `POST /twilio/voice`: a new call, or Twilio retrying the first request of one we already have. */
  async answerIncomingCall(call: { callSid: string; from: string; to: string }, options: StepOptions = {}): Promise<StepAnswer> {
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const existing = await this.deps.store.loadCall(call.callSid);
      if (existing) {
        const snapshot = restore(existing);
        return { reply: atStep(voiceFor(snapshot), existing.step, existing.queueStep), step: existing.step, unchanged: 'replay' };
      }
      const now = options.at ?? this.deps.clock();
      const callerId = classifyCallerId(call.from);
      const facts = await this.facts(now, null, undefined);
      const [snapshot] = initialTransition(hotlineMachine, {
        callSid: call.callSid,
        callerIdUsable: callerId.usable,
        callerIdLast4: callerId.last4,
        queueMaxWaitSeconds: this.deps.config.queueMaxWaitSeconds,
        timeZone: this.deps.config.timezone,
        facts,
      });
      const toState = statePath(snapshot.value);
      const result = await this.deps.store.saveStep({
        callSid: call.callSid,
        at: now,
        fromStep: null,
        step: 0,
        queueStep: null,
        snapshot: hotlineMachine.getPersistedSnapshot(snapshot),
        columns: callColumns(snapshot),
        event: { kind: 'started', fromState: null, toState, digits: null, purpose: null, meaning: null, detail: null },
        newCall: { fromNumber: call.from, toNumber: call.to, startedAt: now, role: 'caller' },
        openTickets: [],
        ticketCallbacks: [],
        ...(options.degraded ? { markDegraded: true } : {}),
      });
      if (result === 'saved') return { reply: atStep(voiceFor(snapshot), 0, null), step: 0, transition: `-> ${toState}` };
    }
    throw new Error('could not start the call after several attempts');
  }

  /** A Gather's action (`/twilio/step/:step`): the caller's keys, or silence, for that step. */
  answerKeys(callSid: string, urlStep: number, input: KeysInput, options: StepOptions = {}): Promise<StepAnswer> {
    return this.step(callSid, 'call', {
      accepts: (call) => call.step === urlStep,
      lateInput: true,
      event: (facts) => keysEvent(input, facts),
      record: keysRecord(input),
      lookupDigits: input.kind === 'pressed' ? input.digits : undefined,
      reply: (snapshot, step, queueStep) => atStep(voiceFor(snapshot), step, queueStep),
    }, options);
  }

  /** The queue's wait URL: tells the caller where they are, or takes them out past the longest wait. */
  answerHold(callSid: string, queueStep: number, queue: { position: number; queueSeconds: number }): Promise<StepAnswer> {
    return this.step(callSid, 'hold', {
      accepts: (call, snapshot) => call.queueStep === queueStep && snapshot.hasTag('holding'),
      event: (facts) => ({ type: 'queue.waited', queueSeconds: queue.queueSeconds, facts }),
      record: { kind: 'queue.waited', digits: null, purpose: null, meaning: null, detail: { queueSeconds: queue.queueSeconds } },
      reply: (snapshot, _step, qs) => this.holdReply(snapshot, qs, queue),
    });
  }

  /** A key pressed in the hold loop (1 = a callback instead of waiting). */
  answerHoldKeys(callSid: string, queueStep: number | null, input: KeysInput, queue: { position: number; queueSeconds: number }, options: StepOptions = {}): Promise<StepAnswer> {
    return this.step(callSid, 'hold', {
      // null: the emergency line's hold loop, whose URLs name no visit.
      accepts: (call, snapshot) => (queueStep === null ? snapshot.context.onEmergencyLine : call.queueStep === queueStep) && snapshot.hasTag('holding'),
      lateInput: true,
      event: (facts) => keysEvent(input, facts),
      record: { ...keysRecord(input), purpose: 'holdMenu' },
      reply: (snapshot, _step, qs) => this.holdReply(snapshot, qs, queue),
    }, options);
  }

  /**
   * Twilio's `<Dial><Queue url>`, on the caller's leg just before the bridge: records which agent took the caller
   * (DequeingCallSid ties the legs) and tells the caller the agent's ID.
   */
  answerConnecting(callSid: string, agentCallSid: string, queueSeconds: number | null): Promise<StepAnswer> {
    let agent: { agentId: string; name: string } | null = null;
    return this.step(callSid, 'bridge', {
      accepts: (_call, snapshot) => snapshot.hasTag('holding'),
      prepare: async (call) => {
        const leg = await this.deps.floor?.callState(agentCallSid);
        const context = (leg?.snapshot as { context?: AgentContext } | undefined)?.context;
        agent = context?.agent ?? null;
        const whispered = context?.whisper?.callSid;
        if (whispered && whispered !== call.callSid) {
          this.deps.logger?.warn({ callSid, agentCallSid, whisperedCallSid: whispered }, 'the caller connected is not the one whispered');
        }
      },
      event: (facts) => ({
        type: 'queue.connecting',
        agentId: agent?.agentId ?? 'unknown',
        agentName: agent?.name ?? '',
        agentCallSid,
        queueSeconds,
        facts,
      }),
      record: { kind: 'queue.connecting', digits: null, purpose: null, meaning: null, detail: { agentCallSid, queueSeconds } },
      agentLegs: (next) =>
        agent
          ? [{ callerCallSid: callSid, agentCallSid, agentId: agent.agentId, agentName: agent.name, queueName: next.context.queue ?? 'general', set: { connectedAt: this.deps.clock() } }]
          : [],
      reply: (snapshot) =>
        inHoldLoop(
          snapshot.matches({ live: { inQueue: 'withAgent' } }) && snapshot.context.agentId && snapshot.context.agentId !== 'unknown'
            ? agentAnnouncement(snapshot.context.language, snapshot.context.agentId)
            : { kind: 'speak', speech: [] },
          null,
        ),
    });
  }

  /** The Enqueue action: how the caller's wait ended (left for a callback, hung up, answered…). */
  answerQueueResult(callSid: string, queueStep: number | null, result: QueueResult, queueSeconds: number | null, options: StepOptions = {}): Promise<StepAnswer> {
    return this.step(callSid, 'call', {
      // null: the emergency line's Enqueue, whose URLs name no visit: only while the caller is in that visit.
      accepts: (call, snapshot) => (queueStep === null ? snapshot.context.onEmergencyLine : call.queueStep === queueStep),
      lateInput: true,
      event: (facts) => ({ type: 'queue.ended', result, queueSeconds, facts }),
      record: { kind: 'queue.ended', digits: null, purpose: null, meaning: result, detail: { queueResult: result, queueSeconds } },
      reply: (snapshot, step, qs) => atStep(voiceFor(snapshot), step, qs),
    }, options);
  }

  /** The status callback: a final status ends the call (once; late and repeated deliveries change nothing). */
  recordFinalStatus(callSid: string, status: FinalCallStatus, durationSeconds: number | null, options: StepOptions = {}): Promise<StepAnswer> {
    return this.step(callSid, 'call', {
      accepts: () => true,
      event: (facts) => ({ type: 'call.ended', status, durationSeconds, facts }),
      record: { kind: 'ended', digits: null, purpose: null, meaning: status, detail: { status, durationSeconds } },
      reply: () => NOTHING,
    }, options);
  }

  /** The call as stored, created first (as a call that came in at `options.at`) when it is not. */
  async ensureCall(call: { callSid: string; from: string; to: string }, options: StepOptions = {}): Promise<StoredCall> {
    const stored = await this.deps.store.loadCall(call.callSid);
    if (stored) return stored;
    await this.answerIncomingCall(call, options);
    const created = await this.deps.store.loadCall(call.callSid);
    if (!created) throw new Error('the call was not stored');
    return created;
  }

  /**
   * A caller found waiting in the emergency line's general queue once the database answers again (or its
   * spooled record of being put there): the call's record joins them to the queue their call belongs in; the
   * flow moves them there (a `<Leave>`, then a new `<Enqueue>`) when it is not the general queue. A call that
   * moved past `afterStep`, is already in a queue, or has ended is left as it is.
   */
  async reattach(
    call: { callSid: string; from: string; to: string },
    afterStep: number | null,
    queueSeconds: number,
    options: StepOptions = {},
  ): Promise<StoredCall> {
    const stored = await this.ensureCall(call, options);
    if (afterStep !== null && stored.step > afterStep + 1) return stored;
    await this.step(call.callSid, 'hold', {
      // Only a caller outside any queue: one already in a queue visit (or after an agent) is where they belong.
      accepts: (_c, snapshot) => !snapshot.matches('ended') && !snapshot.matches({ live: 'inQueue' }) && !snapshot.matches({ live: 'afterAgent' }),
      event: (facts) => ({ type: 'queue.reattached', queueSeconds, facts }),
      record: { kind: 'queue.reattached', digits: null, purpose: null, meaning: null, detail: { queueSeconds } },
      reply: () => NOTHING,
    }, options);
    return (await this.deps.store.loadCall(call.callSid)) ?? stored;
  }

  /** The emergency hold loop's wait URL, once the database answers: re-attached, then the call's own hold loop. */
  async answerEmergencyHold(call: { callSid: string; from: string; to: string }, queue: { position: number; queueSeconds: number }): Promise<StepAnswer> {
    const stored = await this.reattach(call, null, queue.queueSeconds, { degraded: true });
    return this.answerHold(call.callSid, stored.queueStep ?? -1, queue);
  }

  /** A key in the emergency hold loop, once the database answers. */
  async answerEmergencyHoldKeys(call: { callSid: string; from: string; to: string }, input: KeysInput, queue: { position: number; queueSeconds: number }): Promise<StepAnswer> {
    await this.reattach(call, null, queue.queueSeconds, { degraded: true });
    return this.answerHoldKeys(call.callSid, null, input, queue);
  }

  /** The emergency line's Enqueue action, once the database answers: the end of the call's current queue visit. */
  async answerEmergencyQueueResult(call: { callSid: string; from: string; to: string }, result: QueueResult, queueSeconds: number | null): Promise<StepAnswer> {
    await this.reattach(call, null, queueSeconds ?? 0, { degraded: true });
    return this.answerQueueResult(call.callSid, null, result, queueSeconds);
  }

  /** Keys spooled during an outage: applied at their step, else kept in the call log as input that changed nothing. */
  async applySpooledKeys(call: { callSid: string; from: string; to: string }, urlStep: number, input: KeysInput, options: StepOptions): Promise<StepAnswer> {
    await this.ensureCall(call, options);
    const answer = await this.answerKeys(call.callSid, urlStep, input, options);
    return answer.unchanged ? this.recordUnapplied(call.callSid, input, null, options) : answer;
  }

  async applySpooledHoldKeys(call: { callSid: string; from: string; to: string }, queueStep: number | null, input: KeysInput, options: StepOptions): Promise<StepAnswer> {
    await this.ensureCall(call, options);
    const answer = await this.answerHoldKeys(call.callSid, queueStep, input, { position: 1, queueSeconds: 0 }, options);
    return answer.unchanged ? this.recordUnapplied(call.callSid, input, 'holdMenu', options) : answer;
  }

  async applySpooledQueueResult(call: { callSid: string; from: string; to: string }, queueStep: number | null, result: QueueResult, queueSeconds: number | null, options: StepOptions): Promise<StepAnswer> {
    await this.ensureCall(call, options);
    return this.answerQueueResult(call.callSid, queueStep, result, queueSeconds, options);
  }

  async applySpooledStatus(call: { callSid: string; from: string; to: string }, status: FinalCallStatus, durationSeconds: number | null, options: StepOptions): Promise<StepAnswer> {
    await this.ensureCall(call, options);
    return this.recordFinalStatus(call.callSid, status, durationSeconds, options);
  }

  /**
   * A callback the emergency line promised during the outage: the ticket, with the reference the caller heard
   * (or a new one, sent later, when there was none), the number, and why.
   */
  async recordOutageCallback(
    call: { callSid: string; from: string; to: string },
    request: { reference: string | null; callbackNumber: string | null; reason: 'leftQueue' | 'queueTimeout'; queueSeconds: number | null },
    options: StepOptions,
  ): Promise<StepAnswer> {
    const stored = await this.ensureCall(call, options);
    if (request.reference && (await this.deps.store.findTicket(request.reference))) return { reply: NOTHING, step: stored.step, unchanged: 'replay' };
    return this.step(call.callSid, 'call', {
      accepts: (_c, snapshot) => !snapshot.matches('ended') || snapshot.context.ticketReference === null,
      event: (facts) => ({
        type: 'callback.recorded',
        reference: request.reference,
        // The caller ID, when that is what the caller heard; `usableCallerNumber` decides as for any ticket.
        callbackNumber: request.callbackNumber === call.from ? null : request.callbackNumber,
        reason: request.reason,
        queueSeconds: request.queueSeconds,
        facts,
      }),
      record: { kind: 'callback.recorded', digits: null, purpose: null, meaning: request.reason, detail: { duringOutage: true } },
      reply: () => NOTHING,
    }, options);
  }

  /** Input that arrived during an outage for a step the call has moved past: logged, with nothing changed. */
  private recordUnapplied(callSid: string, input: KeysInput, purpose: string | null, options: StepOptions): Promise<StepAnswer> {
    return this.step(callSid, 'call', {
      accepts: () => true,
      recordUnchanged: true,
      event: (facts) => ({ type: 'caller.garbled', facts }),
      record: { ...keysRecord(input), purpose, meaning: 'not applied', detail: { duringOutage: true } },
      reply: () => NOTHING,
    }, options);
  }

  /** What the caller hears when the hotline itself failed, by where the caller is; needs no database. */
  apology(where: Where, language: Language | null = null): VoiceReply {
    // Just before a bridge only Say/Play/Pause/Redirect are allowed and the agent is waiting: say nothing.
    if (where === 'bridge') return NOTHING;
    return { turn: apologyVoice(language, where === 'call' ? 'menu' : 'holding'), place: { webhook: 'emergency', within: where === 'call' ? 'menu' : 'hold' } };
  }

  private step(callSid: string, where: Where, plan: StepPlan, options: StepOptions = {}): Promise<StepAnswer> {
    return takeStep(
      this.deps.store,
      callSid,
      async (call) => {
        if (call.role !== 'caller') return { kind: 'answer' as const, answer: { reply: NOTHING, step: call.step, unchanged: 'otherRole' } };
        const snapshot = restore(call);
        const unchanged = async (why: string) => ({
          kind: 'answer' as const,
          answer: { reply: await plan.reply(snapshot, call.step, call.queueStep), step: call.step, unchanged: why },
        });
        const lastLive = plan.lateInput ? lastLiveOf(call.snapshot) : null;
        if (lastLive) {
          const liveCall: StoredCall = { ...call, step: lastLive.step, queueStep: lastLive.queueStep, snapshot: lastLive.snapshot };
          const live = restore(liveCall);
          const late = plan.accepts(liveCall, live) ? await this.lateStep(call, snapshot, liveCall, live, plan, options) : null;
          if (late) return late;
        }
        if (!plan.accepts(call, snapshot)) return unchanged('replay');
        await plan.prepare?.(call);
        const now = options.at ?? this.deps.clock();
        const facts = await this.facts(now, snapshot, plan.lookupDigits, call);
        const event = plan.event(facts);
        const [next, actions] = plan.recordUnchanged ? [snapshot, []] : transition(hotlineMachine, snapshot, event);
        // XState returns the same snapshot when no transition is enabled: the event changes nothing.
        if (next === snapshot && !plan.recordUnchanged) return unchanged('ignored');
        const step = call.step + 1;
        // A new queue visit starts whenever the caller enters a Twilio queue from outside one.
        // So does a re-attachment: the caller has been in the emergency line's queue, now the record says so.
        const entersQueue = (!snapshot.hasTag('enqueued') && next.hasTag('enqueued')) || event.type === 'queue.reattached';
        const queueStep = entersQueue ? step : call.queueStep;
        const fromState = statePath(snapshot.value);
        const toState = statePath(next.value);
        let persisted = hotlineMachine.getPersistedSnapshot(next) as unknown;
        // The status callback may have overtaken the caller's last input: keep where the call was (last-live-step.ts).
        if (event.type === 'call.ended' && !snapshot.matches('ended') && next.matches('ended')) {
          persisted = withLastLive(persisted, { step: call.step, queueStep: call.queueStep, snapshot: call.snapshot });
        }
        return {
          kind: 'write' as const,
          write: {
            callSid,
            at: now,
            fromStep: call.step,
            step,
            queueStep,
            snapshot: persisted,
            columns: callColumns(next),
            event: this.eventRecord(plan, event, next, fromState, toState),
            ...(await this.effects(actions, call, now)),
            agentLegs: [...(plan.agentLegs?.(next) ?? []), ...this.legEnded(snapshot, next, now)],
            ...(options.degraded ? { markDegraded: true } : {}),
          },
          answer: async () => {
            this.afterStep(snapshot, next, actions);
            return { reply: await plan.reply(next, step, queueStep), step, transition: `${fromState} -> ${toState}` };
          },
        };
      },
      () => ({ reply: this.apology(where), unchanged: 'unknownCall' }),
    );
  }

  /**
   * Input for the step a call was at when its final status arrived first: applied to that live snapshot, then the
   * call is ended again as the status said, in one new step. The caller is gone, so the answer does nothing.
   */
  private async lateStep(call: StoredCall, ended: CallSnapshot, liveCall: StoredCall, liveAtEnd: CallSnapshot, plan: StepPlan, options: StepOptions): Promise<StepDecision | null> {
    let live = liveAtEnd;
    await plan.prepare?.(liveCall);
    const now = options.at ?? this.deps.clock();
    const facts = await this.facts(now, live, plan.lookupDigits, liveCall);
    const event = plan.event(facts);
    // A ticket the end already opened (a callback the caller had asked for) is the one the late input works on.
    const c = ended.context;
    if (c.ticketReference !== null && live.context.ticketReference !== c.ticketReference) {
      live = hotlineMachine.resolveState({
        value: live.value,
        context: { ...live.context, ticketReference: c.ticketReference, ticketCategory: c.ticketCategory, ticketDueAt: c.ticketDueAt },
      });
    }
    const [afterInput, inputActions] = transition(hotlineMachine, live, event);
    // Nothing to apply there (e.g. a repeated queue result): the ended call decides, as for any late news.
    if (afterInput === live) return null;
    const endedAt = c.endedAt ?? facts.now;
    // Its own reference: the input and the end may each open a ticket.
    const endFacts: CallFacts = { ...facts, now: endedAt, newReference: this.deps.newReference() };
    const [final, endActions] = transition(hotlineMachine, afterInput, {
      type: 'call.ended',
      status: c.finalStatus ?? 'completed',
      durationSeconds: c.durationSeconds,
      facts: endFacts,
    });
    const actions = [...inputActions, ...endActions];
    const step = call.step + 1;
    const fromState = statePath(live.value);
    const toState = statePath(final.value);
    const record = this.eventRecord(plan, event, afterInput, fromState, toState);
    return {
      kind: 'write',
      write: {
        callSid: call.callSid,
        at: now,
        fromStep: call.step,
        step,
        queueStep: !live.hasTag('enqueued') && afterInput.hasTag('enqueued') ? step : call.queueStep,
        snapshot: hotlineMachine.getPersistedSnapshot(final),
        columns: callColumns(final),
        event: { ...record, detail: { ...(record.detail ?? {}), afterFinalStatus: true, forStep: liveCall.step } },
        ...(await this.effects(actions, call, now)),
        agentLegs: [...(plan.agentLegs?.(afterInput) ?? []), ...this.legEnded(live, final, now)],
        ...(options.degraded ? { markDegraded: true } : {}),
      },
      answer: () => {
        this.afterStep(ended, final, actions, { callEnded: false });
        return { reply: atStep(voiceFor(final), step, call.queueStep), step, transition: `${fromState} -> ${toState} (after the final status)` };
      },
    };
  }

  /** The call-log row of a step: what the input was for and what it meant, from the flow when it was input. */
  private eventRecord(plan: StepPlan, event: CallEvent, next: CallSnapshot, fromState: string, toState: string): StepEventRecord {
    const lastInput = next.context.lastInput;
    const isInput = event.type.startsWith('caller.');
    return {
      ...plan.record,
      fromState,
      toState,
      purpose: isInput ? (lastInput?.purpose ?? plan.record.purpose) : plan.record.purpose,
      meaning: isInput ? (lastInput?.meaning ?? null) : plan.record.meaning,
    };
  }

  /**
   * The tickets and ticket updates the flow asked for, written with the step. A freeze request is flagged when it
   * repeats (freeze-flags.ts) and goes to the risk system's outbox in the same transaction.
   */
  private async effects(actions: ReadonlyArray<{ type: string; params?: unknown }>, call: StoredCall, now: Date): Promise<Pick<StepWrite, 'openTickets' | 'ticketCallbacks' | 'riskOutbox'>> {
    const openTickets = await Promise.all(actions.filter((a) => a.type === 'openTicket').map((a) => this.ticketFor(a.params as TicketRequest, call, now)));
    return {
      openTickets,
      riskOutbox: openTickets
        .filter((t) => t.category === 'freeze')
        .map((t) => ({ idempotencyKey: t.reference, payload: JSON.stringify(freezeRequestMessage(t, t.flagReason, now)) })),
      ticketCallbacks: actions
        .filter((a) => a.type === 'setTicketCallback')
        .map((a) => {
          const p = a.params as { reference: string; callbackNumber: string | null };
          return { reference: p.reference, callbackNumber: p.callbackNumber ?? usableCallerNumber(call.fromNumber) };
        }),
    };
  }

  /** Once a step is saved: start the risk delivery for a freeze request, count what it changed. */
  private afterStep(before: CallSnapshot, next: CallSnapshot, actions: ReadonlyArray<{ type: string; params?: unknown }>, options: { callEnded?: boolean } = {}): void {
    const opened = actions.filter((a) => a.type === 'openTicket').map((a) => a.params as TicketRequest);
    if (opened.some((t) => t.category === 'freeze')) this.deps.onFreezeRequested?.();
    this.count(before, next, opened, options.callEnded ?? true);
  }

  private async ticketFor(request: TicketRequest, call: StoredCall, now: Date): Promise<NewTicket> {
    const match = { mobileNumber: request.mobileNumber, callerNumber: call.fromNumber };
    const flagReason = request.category === 'freeze' ? freezeFlag(match, await this.deps.store.recentFreezeRequests(match, new Date(now.getTime() - FREEZE_FLAG_WINDOW_MS))) : null;
    return {
      ...request,
      callSid: call.callSid,
      callerNumber: call.fromNumber,
      callbackNumber: request.callbackNumber ?? usableCallerNumber(call.fromNumber),
      flagReason,
    };
  }

  /** What this step adds to the hotline's metrics: tickets, a queue wait that ended, a call that ended. */
  private count(before: CallSnapshot, next: CallSnapshot, opened: TicketRequest[], callEnded: boolean): void {
    const m = this.deps.metrics;
    if (!m) return;
    for (const t of opened) m.ticketOpened(t.category);
    const c = next.context;
    if (before.context.queueResult === null && c.queueResult !== null && c.queue) m.queueLeft(c.queue, c.queueResult, c.queueSeconds ?? 0);
    if (callEnded && !before.matches('ended') && next.matches('ended')) m.callEnded(c.branch, c.outcome);
  }

  /** When the bridge with an agent ends, that agent's part in the call ends too. */
  private legEnded(before: CallSnapshot, next: CallSnapshot, now: Date): AgentLegChange[] {
    const c = before.context;
    if (!before.hasTag('bridged') || next.hasTag('bridged') || !c.agentCallSid || !c.agentId) return [];
    return [{ callerCallSid: c.callSid, agentCallSid: c.agentCallSid, agentId: c.agentId, agentName: c.agentName ?? '', queueName: c.queue ?? 'general', set: { endedAt: now } }];
  }

  /** What the agent who was bridged to this caller decided, once the bridge ended. */
  private async agentDecision(snapshot: CallSnapshot): Promise<NonNullable<CallFacts['agentDecision']>> {
    const agentCallSid = snapshot.context.agentCallSid;
    if (!agentCallSid || !this.deps.floor) return { kind: 'end' };
    const leg = await this.deps.floor.agentLeg(snapshot.context.callSid, agentCallSid);
    if (leg?.decision === 'transfer') return { kind: 'transfer', agentId: leg.agentId, agentName: leg.agentName, reason: leg.transferReason ?? 'other' };
    if (leg?.decision === 'end') return { kind: 'end' };
    const agentLeg = await this.deps.floor.callState(agentCallSid);
    return agentLeg && AGENT_STILL_DECIDING.includes(agentLeg.state) ? { kind: 'pending' } : { kind: 'end' };
  }

  private async facts(now: Date, snapshot: CallSnapshot | null, lookupDigits: string | undefined, call?: StoredCall): Promise<CallFacts> {
    const conditions = await this.deps.conditions.get(now);
    const today = localTime(now, this.deps.config.timezone).date;
    const closed = closedReason(now, {
      hours: this.deps.config.businessHours,
      timeZone: this.deps.config.timezone,
      todayKind: conditions.calendar[today],
      emergencyClosure: conditions.emergencyClosure,
    });
    const facts: CallFacts = { now: now.toISOString(), closed, outages: conditions.outages, newReference: this.deps.newReference() };
    if (snapshot?.hasTag('looksUpTicket') && lookupDigits && isTicketReference(lookupDigits)) {
      facts.ticket = await this.deps.store.findTicket(lookupDigits);
    }
    if (snapshot && call && (snapshot.hasTag('bridged') || snapshot.hasTag('awaitsAgent'))) {
      facts.agentDecision = await this.agentDecision(snapshot);
    }
    return facts;
  }

  private async holdReply(snapshot: CallSnapshot, queueStep: number | null, queue: { position: number; queueSeconds: number }): Promise<VoiceReply> {
    const situation: HoldSituation = { position: queue.position, estimatedMinutes: null, staffed: null };
    const name = snapshot.context.queue;
    if (name && snapshot.hasTag('holding') && !snapshot.hasTag('awaitsAgent')) {
      const now = this.deps.clock().getTime();
      // Every caller on hold polls every ~15 s: the queue's history and staffing are shared for a couple of seconds.
      const waits = await this.holdCache.get(`waits:${name}`, now, () =>
        this.deps.store.recentAnsweredWaits(name, new Date(now - WAIT_HISTORY_MS)),
      );
      situation.estimatedMinutes = estimateWaitMinutes(waits as number[], queue.queueSeconds);
      const floor = this.deps.floor;
      if (floor) situation.staffed = ((await this.holdCache.get('staffed', now, () => floor.staffedQueues())) as Set<string>).has(name);
    }
    return inHoldLoop(holdVoiceFor(snapshot, situation), queueStep);
  }

}

/** A turn spoken in a menu at `step` (a queue entered here is visit `queueStep`, or this step). */
function atStep(turn: VoiceTurn, step: number, queueStep: number | null): VoiceReply {
  return { turn, place: { webhook: 'callerStep', step, queueStep } };
}

/** A turn of a queue visit's hold loop (or just before a bridge). */
function inHoldLoop(turn: VoiceTurn, queueStep: number | null): VoiceReply {
  return { turn, place: { webhook: 'holdLoop', queueStep } };
}

/** Restores a stored call's flow snapshot. */
function restore(call: StoredCall): CallSnapshot {
  return hotlineMachine.resolveState(flowSnapshotOf(call.snapshot) as Parameters<typeof hotlineMachine.resolveState>[0]);
}

function usableCallerNumber(from: string): string | null {
  return classifyCallerId(from).usable ? from : null;
}

function keysEvent(input: KeysInput, facts: CallFacts): CallEvent {
  switch (input.kind) {
    case 'pressed':
      return { type: 'caller.pressed', digits: input.digits, finishedOnKey: input.finishedOnKey, facts };
    case 'silent':
      return { type: 'caller.silent', facts };
    case 'garbled':
      return { type: 'caller.garbled', facts };
  }
}

function keysRecord(input: KeysInput): Omit<StepEventRecord, 'fromState' | 'toState'> {
  return {
    kind: input.kind,
    digits: input.kind === 'pressed' ? `${input.digits}${input.finishedOnKey}` : null,
    purpose: null,
    meaning: null,
    detail: null,
  };
}
