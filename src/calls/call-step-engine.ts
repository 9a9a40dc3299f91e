import { transition } from 'xstate';
import type { CallEvent, CallFacts, Language, TicketRequest } from '../../flows/call-flow.types';
import { apologyVoice, voiceFor, type CallSnapshot } from '../../flows/call-voice';
import { statePath } from '../../flows/state-path';
import { isTicketReference } from '../../flows/caller-input.rules';
import { hotlineMachine } from '../../flows/hotline.flow';
import { agentStillDeciding } from '../../flows/agent-view';
import type { VoiceTurn } from '../../flows/voice.types';
import { closedReason, localTime, type WeeklyHours } from '../domain/business-hours';
import { classifyCallerId } from '../domain/caller-id';
import { FREEZE_FLAG_WINDOW_MS, freezeFlag } from '../domain/freeze-flags';
import { freezeRequestMessage } from '../risk/freeze-request.message';
import { NOTHING, type VoiceReply } from './voice-reply';
import { callColumns } from './call-columns';
import type { AgentLegChange, CallStore, NewTicket, StepEventRecord, StepWrite, StoredCall } from './call-store.port';
import type { AgentFloor } from '../agents/agent-floor.port';
import type { Logger } from '../logging/logger';
import type { HotlineMetrics } from '../observability/hotline-metrics';
import { takeStep, type StepAnswer, type StepDecision } from './step-loop';
import { flowSnapshotOf, lastLiveOf, withLastLive } from './last-live-step';
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
export type KeysInput = { kind: 'pressed'; digits: string; finishedOnKey: '#' | '' } | { kind: 'silent' } | { kind: 'garbled' };

/** How a step is taken when it is not a live webhook: replayed from the outage spool, at the time it arrived. */
export interface StepOptions {
  /** When the request arrived (default: now). */
  at?: Date;
  /** The request was handled while the database was unreachable: the call is marked degraded. */
  degraded?: boolean;
}

/** Where the caller is when we answer: a menu (`call`), a queue's hold loop, or just before a bridge. */
export type Where = 'call' | 'hold' | 'bridge';

export interface StepPlan {
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

/**
 * One step of a caller's flow, for every kind of webhook and for requests replayed after an outage: load the call,
 * compute one pure transition, write the step and what it produced in one batch (retrying from a fresh read when
 * another delivery took the step), and answer with the plan's reply.
 */
export class CallStepEngine {
  constructor(readonly deps: CallStepsDeps) {}

  /** Takes the step `plan` describes for this call. */
  run(callSid: string, where: Where, plan: StepPlan, options: StepOptions = {}): Promise<StepAnswer> {
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
      () => ({ kind: 'answer', answer: { reply: apology(where), unchanged: 'unknownCall' } }),
    );
  }

  /**
   * Input for the step a call was at when its final status arrived first: applied to that live snapshot, then the
   * call is ended again as the status said, in one new step. The caller is gone, so the answer does nothing.
   */
  private async lateStep(
    call: StoredCall,
    ended: CallSnapshot,
    liveCall: StoredCall,
    liveAtEnd: CallSnapshot,
    plan: StepPlan,
    options: StepOptions,
  ): Promise<StepDecision | null> {
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
    // Input kept in the log without moving the flow says what it was, not what the previous input meant.
    const isInput = event.type.startsWith('caller.') && !plan.recordUnchanged;
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
  private async effects(
    actions: ReadonlyArray<{ type: string; params?: unknown }>,
    call: StoredCall,
    now: Date,
  ): Promise<Pick<StepWrite, 'openTickets' | 'ticketCallbacks' | 'riskOutbox'>> {
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
  private afterStep(
    before: CallSnapshot,
    next: CallSnapshot,
    actions: ReadonlyArray<{ type: string; params?: unknown }>,
    options: { callEnded?: boolean } = {},
  ): void {
    const opened = actions.filter((a) => a.type === 'openTicket').map((a) => a.params as TicketRequest);
    if (opened.some((t) => t.category === 'freeze')) this.deps.onFreezeRequested?.();
    this.count(before, next, opened, options.callEnded ?? true);
  }

  private async ticketFor(request: TicketRequest, call: StoredCall, now: Date): Promise<NewTicket> {
    const match = { mobileNumber: request.mobileNumber, callerNumber: call.fromNumber };
    const flagReason =
      request.category === 'freeze'
        ? freezeFlag(match, await this.deps.store.recentFreezeRequests(match, new Date(now.getTime() - FREEZE_FLAG_WINDOW_MS)))
        : null;
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
    return [
      {
        callerCallSid: c.callSid,
        agentCallSid: c.agentCallSid,
        agentId: c.agentId,
        agentName: c.agentName ?? '',
        queueName: c.queue ?? 'general',
        set: { endedAt: now },
      },
    ];
  }

  /** What the agent who was bridged to this caller decided, once the bridge ended. */
  private async agentDecision(snapshot: CallSnapshot): Promise<NonNullable<CallFacts['agentDecision']>> {
    const agentCallSid = snapshot.context.agentCallSid;
    if (!agentCallSid || !this.deps.floor) return { kind: 'end' };
    const leg = await this.deps.floor.agentLeg(snapshot.context.callSid, agentCallSid);
    if (leg?.decision === 'transfer') return { kind: 'transfer', agentId: leg.agentId, agentName: leg.agentName, reason: leg.transferReason ?? 'other' };
    if (leg?.decision === 'end') return { kind: 'end' };
    const agentLeg = await this.deps.floor.callState(agentCallSid);
    return agentLeg && agentStillDeciding(agentLeg.state) ? { kind: 'pending' } : { kind: 'end' };
  }

  /** What the world looked like for this step: hours, notices, a fresh reference, a looked-up ticket, an agent's decision. */
  async facts(now: Date, snapshot: CallSnapshot | null, lookupDigits: string | undefined, call?: StoredCall): Promise<CallFacts> {
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
}

/** What the caller hears when the hotline itself failed, by where the caller is; needs no database. */
export function apology(where: Where, language: Language | null = null): VoiceReply {
  // Just before a bridge only Say/Play/Pause/Redirect are allowed and the agent is waiting: say nothing.
  if (where === 'bridge') return NOTHING;
  return { turn: apologyVoice(language, where === 'call' ? 'menu' : 'holding'), place: { webhook: 'emergency', within: where === 'call' ? 'menu' : 'hold' } };
}

/** A turn spoken in a menu at `step` (a queue entered here is visit `queueStep`, or this step). */
export function atStep(turn: VoiceTurn, step: number, queueStep: number | null): VoiceReply {
  return { turn, place: { webhook: 'callerStep', step, queueStep } };
}

/** A turn of a queue visit's hold loop (or just before a bridge). */
export function inHoldLoop(turn: VoiceTurn, queueStep: number | null): VoiceReply {
  return { turn, place: { webhook: 'holdLoop', queueStep } };
}

/** Restores a stored call's flow snapshot. */
export function restore(call: StoredCall): CallSnapshot {
  return hotlineMachine.resolveState(flowSnapshotOf(call.snapshot) as Parameters<typeof hotlineMachine.resolveState>[0]);
}

function usableCallerNumber(from: string): string | null {
  return classifyCallerId(from).usable ? from : null;
}

export function keysEvent(input: KeysInput, facts: CallFacts): CallEvent {
  switch (input.kind) {
    case 'pressed':
      return { type: 'caller.pressed', digits: input.digits, finishedOnKey: input.finishedOnKey, facts };
    case 'silent':
      return { type: 'caller.silent', facts };
    case 'garbled':
      return { type: 'caller.garbled', facts };
  }
}

export function keysRecord(input: KeysInput): Omit<StepEventRecord, 'fromState' | 'toState'> {
  return {
    kind: input.kind,
    digits: input.kind === 'pressed' ? `${input.digits}${input.finishedOnKey}` : null,
    purpose: null,
    meaning: null,
    detail: null,
  };
}
