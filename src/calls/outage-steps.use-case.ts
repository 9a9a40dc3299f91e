import type { FinalCallStatus, QueueResult } from '../../flows/call-flow.types';
import { NOTHING } from './voice-reply';
import type { StoredCall } from './call-store.port';
import type { StepAnswer } from './step-loop';
import { keysRecord, type CallStepEngine, type KeysInput, type StepOptions } from './call-step-engine';
import type { CallSteps } from './call-steps.use-case';

type CallParties = { callSid: string; from: string; to: string };

/**
 * The caller's steps around a database outage (ADR 008): requests the emergency line kept in the outage spool,
 * replayed at the time they arrived, and callers found in the emergency line's queue once the database answers,
 * re-attached to their call's record.
 */
export class OutageSteps {
  constructor(
    private readonly engine: CallStepEngine,
    private readonly live: CallSteps,
  ) {}

  /** The call as stored, created first (as a call that came in at `options.at`) when it is not. */
  async ensureCall(call: CallParties, options: StepOptions = {}): Promise<StoredCall> {
    const stored = await this.engine.deps.store.loadCall(call.callSid);
    if (stored) return stored;
    await this.live.answerIncomingCall(call, options);
    const created = await this.engine.deps.store.loadCall(call.callSid);
    if (!created) throw new Error('the call was not stored');
    return created;
  }

  /**
   * A caller found waiting in the emergency line's general queue once the database answers again (or its
   * spooled record of being put there): the call's record joins them to the queue their call belongs in; the
   * flow moves them there (a `<Leave>`, then a new `<Enqueue>`) when it is not the general queue. A call that
   * moved past `afterStep`, is already in a queue, or has ended is left as it is.
   */
  async reattach(call: CallParties, afterStep: number | null, queueSeconds: number, options: StepOptions = {}): Promise<StoredCall> {
    const stored = await this.ensureCall(call, options);
    if (afterStep !== null && stored.step > afterStep + 1) return stored;
    await this.engine.run(
      call.callSid,
      'hold',
      {
        // Only a caller outside any queue: one already in a queue visit (or after an agent) is where they belong.
        accepts: (_c, snapshot) => !snapshot.matches('ended') && !snapshot.matches({ live: 'inQueue' }) && !snapshot.matches({ live: 'afterAgent' }),
        event: (facts) => ({ type: 'queue.reattached', queueSeconds, facts }),
        record: { kind: 'queue.reattached', digits: null, purpose: null, meaning: null, detail: { queueSeconds } },
        reply: () => NOTHING,
      },
      options,
    );
    return (await this.engine.deps.store.loadCall(call.callSid)) ?? stored;
  }

  /** The emergency hold loop's wait URL, once the database answers: re-attached, then the call's own hold loop. */
  async answerEmergencyHold(call: CallParties, queue: { position: number; queueSeconds: number }): Promise<StepAnswer> {
    const stored = await this.reattach(call, null, queue.queueSeconds, { degraded: true });
    return this.live.answerHold(call.callSid, stored.queueStep ?? -1, queue);
  }

  /** A key in the emergency hold loop, once the database answers. */
  async answerEmergencyHoldKeys(call: CallParties, input: KeysInput, queue: { position: number; queueSeconds: number }): Promise<StepAnswer> {
    await this.reattach(call, null, queue.queueSeconds, { degraded: true });
    return this.live.answerHoldKeys(call.callSid, null, input, queue);
  }

  /** The emergency line's Enqueue action, once the database answers: the end of the call's current queue visit. */
  async answerEmergencyQueueResult(call: CallParties, result: QueueResult, queueSeconds: number | null): Promise<StepAnswer> {
    await this.reattach(call, null, queueSeconds ?? 0, { degraded: true });
    return this.live.answerQueueResult(call.callSid, null, result, queueSeconds);
  }

  /** Keys spooled during an outage: applied at their step, else kept in the call log as input that changed nothing. */
  /** A call that came in during the outage; `queued`: it went to the emergency line's queue (re-attached here). */
  async applySpooledIncomingCall(call: CallParties, queued: boolean, options: StepOptions): Promise<void> {
    const stored = await this.ensureCall(call, options);
    if (queued) await this.reattach(call, stored.step, 0, options);
  }

  /**
   * Keys spooled during an outage: applied at their step, else kept in the call log as input that changed nothing;
   * then, as the caller was put in the emergency line's queue, re-attached (unless the call has moved on since).
   */
  async applySpooledKeys(call: CallParties, urlStep: number, input: KeysInput, queued: boolean, options: StepOptions): Promise<void> {
    await this.ensureCall(call, options);
    const answer = await this.live.answerKeys(call.callSid, urlStep, input, options);
    let after = answer.step ?? null;
    if (answer.unchanged && !(await this.alreadyApplied(call.callSid, urlStep, input)))
      after = (await this.recordUnapplied(call.callSid, input, null, options)).step ?? null;
    if (queued && after !== null) await this.reattach(call, after, 0, options);
  }

  async applySpooledHoldKeys(call: CallParties, queueStep: number | null, input: KeysInput, options: StepOptions): Promise<StepAnswer> {
    await this.ensureCall(call, options);
    const answer = await this.live.answerHoldKeys(call.callSid, queueStep, input, { position: 1, queueSeconds: 0 }, options);
    return answer.unchanged ? this.recordUnapplied(call.callSid, input, 'holdMenu', options) : answer;
  }

  async applySpooledQueueResult(
    call: CallParties,
    queueStep: number | null,
    result: QueueResult,
    queueSeconds: number | null,
    options: StepOptions,
  ): Promise<StepAnswer> {
    await this.ensureCall(call, options);
    return this.live.answerQueueResult(call.callSid, queueStep, result, queueSeconds, options);
  }

  async applySpooledStatus(call: CallParties, status: FinalCallStatus, durationSeconds: number | null, options: StepOptions): Promise<StepAnswer> {
    await this.ensureCall(call, options);
    return this.live.recordFinalStatus(call.callSid, status, durationSeconds, options);
  }

  /**
   * A callback the emergency line promised during the outage: the ticket, with the reference the caller heard
   * (or a new one, sent later, when there was none), the number, and why.
   */
  async recordOutageCallback(
    call: CallParties,
    request: { reference: string | null; callbackNumber: string | null; reason: 'leftQueue' | 'queueTimeout'; queueSeconds: number | null },
    options: StepOptions,
  ): Promise<StepAnswer> {
    const stored = await this.ensureCall(call, options);
    if (request.reference && (await this.engine.deps.store.findTicket(request.reference))) return { reply: NOTHING, step: stored.step, unchanged: 'replay' };
    return this.engine.run(
      call.callSid,
      'call',
      {
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
      },
      options,
    );
  }

  /**
   * Whether the step after `urlStep` was taken by exactly this input: a webhook that ran out of its time budget was
   * answered by the emergency line (and spooled) while its step still landed.
   */
  private async alreadyApplied(callSid: string, urlStep: number, input: KeysInput): Promise<boolean> {
    const logged = await this.engine.deps.store.loggedStep(callSid, urlStep + 1);
    const record = keysRecord(input);
    return logged !== null && logged.kind === record.kind && logged.digits === record.digits;
  }

  /** Input that arrived during an outage for a step the call has moved past: logged, with nothing changed. */
  private recordUnapplied(callSid: string, input: KeysInput, purpose: string | null, options: StepOptions): Promise<StepAnswer> {
    return this.engine.run(
      callSid,
      'call',
      {
        accepts: () => true,
        recordUnchanged: true,
        event: (facts) => ({ type: 'caller.garbled', facts }),
        record: { ...keysRecord(input), purpose, meaning: 'not applied', detail: { duringOutage: true } },
        reply: () => NOTHING,
      },
      options,
    );
  }
}
