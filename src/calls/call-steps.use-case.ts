import { initialTransition } from 'xstate';
import type { FinalCallStatus, Language, QueueResult } from '../../flows/call-flow.types';
import { holdVoiceFor, voiceFor, type CallSnapshot } from '../../flows/call-voice';
import { statePath } from '../../flows/state-path';
import { hotlineMachine } from '../../flows/hotline.flow';
import type { HoldSituation } from '../../flows/voice.types';
import { agentLineView } from '../../flows/agent-view';
import { agentAnnouncement } from '../../flows/agent-voice';
import { classifyCallerId } from '../domain/caller-id';
import { estimateWaitMinutes } from '../domain/wait-estimate';
import { NOTHING, type VoiceReply } from './voice-reply';
import { callColumns } from './call-columns';
import { ReadThroughCache } from './read-through-cache';
import { firstStepWrite, takeStep, type StepAnswer } from './step-loop';
import {
  apology,
  atStep,
  inHoldLoop,
  keysEvent,
  keysRecord,
  restore,
  type CallStepEngine,
  type CallStepsDeps,
  type KeysInput,
  type StepOptions,
  type Where,
} from './call-step-engine';

export type { StepAnswer } from './step-loop';
export type { KeysInput, StepOptions } from './call-step-engine';

const WAIT_HISTORY_MS = 60 * 60 * 1000;

/**
 * The hotline's story for each of the caller's Twilio webhooks: one pure step of the call flow per request
 * (call-step-engine.ts), answered with what the caller hears where the call now is.
 */
export class CallSteps {
  private readonly holdCache: ReadThroughCache<number[] | Set<string>>;
  private readonly deps: CallStepsDeps;

  constructor(private readonly engine: CallStepEngine) {
    this.deps = engine.deps;
    this.holdCache = new ReadThroughCache(engine.deps.holdInfoTtlMs ?? 2000);
  }

  /** `POST /twilio/voice`: a new call, or Twilio retrying the first request of one we already have. */
  answerIncomingCall(call: { callSid: string; from: string; to: string }, options: StepOptions = {}): Promise<StepAnswer> {
    return takeStep(
      this.deps.store,
      call.callSid,
      (existing) => ({
        kind: 'answer',
        answer: { reply: atStep(voiceFor(restore(existing)), existing.step, existing.queueStep), step: existing.step, unchanged: 'replay' },
      }),
      async () => {
        const now = options.at ?? this.deps.clock();
        const callerId = classifyCallerId(call.from);
        const facts = await this.engine.facts(now, null, undefined);
        const [snapshot] = initialTransition(hotlineMachine, {
          callSid: call.callSid,
          callerIdUsable: callerId.usable,
          callerIdLast4: callerId.last4,
          queueMaxWaitSeconds: this.deps.config.queueMaxWaitSeconds,
          timeZone: this.deps.config.timezone,
          facts,
        });
        const toState = statePath(snapshot.value);
        return {
          kind: 'write',
          write: {
            ...firstStepWrite({ ...call, role: 'caller' }, now, {
              persisted: hotlineMachine.getPersistedSnapshot(snapshot),
              state: toState,
              columns: callColumns(snapshot),
            }),
            ...(options.degraded ? { markDegraded: true } : {}),
          },
          answer: () => ({ reply: atStep(voiceFor(snapshot), 0, null), step: 0, transition: `-> ${toState}` }),
        };
      },
    );
  }

  /** A Gather's action (`/twilio/step/:step`): the caller's keys, or silence, for that step. */
  answerKeys(callSid: string, urlStep: number, input: KeysInput, options: StepOptions = {}): Promise<StepAnswer> {
    return this.engine.run(
      callSid,
      'call',
      {
        accepts: (call) => call.step === urlStep,
        lateInput: true,
        event: (facts) => keysEvent(input, facts),
        record: keysRecord(input),
        lookupDigits: input.kind === 'pressed' ? input.digits : undefined,
        reply: (snapshot, step, queueStep) => atStep(voiceFor(snapshot), step, queueStep),
      },
      options,
    );
  }

  /** The queue's wait URL: tells the caller where they are, or takes them out past the longest wait. */
  answerHold(callSid: string, queueStep: number, queue: { position: number; queueSeconds: number }): Promise<StepAnswer> {
    return this.engine.run(callSid, 'hold', {
      accepts: (call, snapshot) => call.queueStep === queueStep && snapshot.hasTag('holding'),
      event: (facts) => ({ type: 'queue.waited', queueSeconds: queue.queueSeconds, facts }),
      record: { kind: 'queue.waited', digits: null, purpose: null, meaning: null, detail: { queueSeconds: queue.queueSeconds } },
      reply: (snapshot, _step, qs) => this.holdReply(snapshot, qs, queue),
    });
  }

  /** A key pressed in the hold loop (1 = a callback instead of waiting). */
  answerHoldKeys(
    callSid: string,
    queueStep: number | null,
    input: KeysInput,
    queue: { position: number; queueSeconds: number },
    options: StepOptions = {},
  ): Promise<StepAnswer> {
    return this.engine.run(
      callSid,
      'hold',
      {
        // null: the emergency line's hold loop, whose URLs name no visit.
        accepts: (call, snapshot) => (queueStep === null ? snapshot.context.onEmergencyLine : call.queueStep === queueStep) && snapshot.hasTag('holding'),
        lateInput: true,
        event: (facts) => keysEvent(input, facts),
        record: { ...keysRecord(input), purpose: 'holdMenu' },
        reply: (snapshot, _step, qs) => this.holdReply(snapshot, qs, queue),
      },
      options,
    );
  }

  /**
   * Twilio's `<Dial><Queue url>`, on the caller's leg just before the bridge: records which agent took the caller
   * (DequeingCallSid ties the legs) and tells the caller the agent's ID.
   */
  answerConnecting(callSid: string, agentCallSid: string, queueSeconds: number | null): Promise<StepAnswer> {
    let agent: { agentId: string; name: string } | null = null;
    return this.engine.run(callSid, 'bridge', {
      accepts: (_call, snapshot) => snapshot.hasTag('holding'),
      prepare: async (call) => {
        const leg = await this.deps.floor?.callState(agentCallSid);
        const view = leg ? agentLineView(leg.snapshot) : null;
        agent = view?.agent ?? null;
        const whispered = view?.whisperedCallSid;
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
          ? [
              {
                callerCallSid: callSid,
                agentCallSid,
                agentId: agent.agentId,
                agentName: agent.name,
                queueName: next.context.queue ?? 'general',
                set: { connectedAt: this.deps.clock() },
              },
            ]
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
  answerQueueResult(
    callSid: string,
    queueStep: number | null,
    result: QueueResult,
    queueSeconds: number | null,
    options: StepOptions = {},
  ): Promise<StepAnswer> {
    return this.engine.run(
      callSid,
      'call',
      {
        // null: the emergency line's Enqueue, whose URLs name no visit: only while the caller is in that visit.
        accepts: (call, snapshot) => (queueStep === null ? snapshot.context.onEmergencyLine : call.queueStep === queueStep),
        lateInput: true,
        event: (facts) => ({ type: 'queue.ended', result, queueSeconds, facts }),
        record: { kind: 'queue.ended', digits: null, purpose: null, meaning: result, detail: { queueResult: result, queueSeconds } },
        reply: (snapshot, step, qs) => atStep(voiceFor(snapshot), step, qs),
      },
      options,
    );
  }

  /** The status callback: a final status ends the call (once; late and repeated deliveries change nothing). */
  recordFinalStatus(callSid: string, status: FinalCallStatus, durationSeconds: number | null, options: StepOptions = {}): Promise<StepAnswer> {
    return this.engine.run(
      callSid,
      'call',
      {
        accepts: () => true,
        event: (facts) => ({ type: 'call.ended', status, durationSeconds, facts }),
        record: { kind: 'ended', digits: null, purpose: null, meaning: status, detail: { status, durationSeconds } },
        reply: () => NOTHING,
      },
      options,
    );
  }

  /** What the caller hears when the hotline itself failed, by where the caller is; needs no database. */
  apology(where: Where, language: Language | null = null): VoiceReply {
    return apology(where, language);
  }

  private async holdReply(snapshot: CallSnapshot, queueStep: number | null, queue: { position: number; queueSeconds: number }): Promise<VoiceReply> {
    const situation: HoldSituation = { position: queue.position, estimatedMinutes: null, staffed: null };
    const name = snapshot.context.queue;
    if (name && snapshot.hasTag('holding') && !snapshot.hasTag('awaitsAgent')) {
      const now = this.deps.clock().getTime();
      // Every caller on hold polls every ~15 s: the queue's history and staffing are shared for a couple of seconds.
      const waits = await this.holdCache.get(`waits:${name}`, now, () => this.deps.store.recentAnsweredWaits(name, new Date(now - WAIT_HISTORY_MS)));
      situation.estimatedMinutes = estimateWaitMinutes(waits as number[], queue.queueSeconds);
      const floor = this.deps.floor;
      if (floor) situation.staffed = ((await this.holdCache.get('staffed', now, () => floor.staffedQueues())) as Set<string>).has(name);
    }
    return inHoldLoop(holdVoiceFor(snapshot, situation), queueStep);
  }
}
