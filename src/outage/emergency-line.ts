import type { FinalCallStatus, QueueResult } from '../../flows/call-flow.types';
import { isCallbackNumber } from '../../flows/caller-input.rules';
import { degradedHoldVoice, emergencyCallbackNumberVoice, emergencyCallbackRecordedVoice, emergencyNoNumberVoice } from '../../flows/emergency-voice';
import type { CallSteps, KeysInput } from '../calls/call-steps.use-case';
import { classifyCallerId } from '../domain/caller-id';
import type { Logger } from '../logging/logger';
import { safeError } from '../logging/safe-error';
import type { HotlineMetrics } from '../observability/hotline-metrics';
import { NOTHING, type VoiceReply } from '../calls/voice-reply';
import { bareThanksVoice } from '../../flows/call-voice';
import type { VoiceTurn } from '../../flows/voice.types';
import type { OutageReferences } from './outage-references';
import type { OutageSpool, SpooledRequest } from './outage-spool';

/** The numbers Twilio sends with every request of a call. */
export interface CallParties {
  callSid: string;
  from: string;
  to: string;
}

export interface EmergencyLineDeps {
  spool: OutageSpool;
  references: OutageReferences;
  steps: CallSteps;
  /** The longest wait in the emergency queue before the caller is offered the callback anyway. */
  maxWaitSeconds: number;
  logger?: Logger;
  metrics?: HotlineMetrics;
  clock: () => Date;
}

/**
 * The hotline while its database does not answer: every request is kept in the outage spool (replayed when the
 * database is back), and callers hear honestly that service is degraded, wait in the general queue with a
 * callback offer, and are called back after the longest wait. Needs nothing but the local disk.
 */
export class EmergencyLine {
  constructor(private readonly deps: EmergencyLineDeps) {}

  /** A menu step (or the first request of a call) failed: keep what the caller did, put them in the general queue. */
  menuFailed(call: CallParties, request: { kind: 'incomingCall' } | { kind: 'keys'; step: number; input: KeysInput } | null): VoiceReply {
    this.keep(call, request ? { ...request, queued: true } : { kind: 'emergencyQueued' });
    return this.deps.steps.apology('call');
  }

  /** The hold loop: degraded service, the position, `1` for a callback; past the longest wait, out of the queue. */
  hold(position: number, queueSeconds: number): VoiceReply {
    if (queueSeconds >= this.deps.maxWaitSeconds) return inHold({ kind: 'leaveQueue' });
    return inHold(degradedHoldVoice(position));
  }

  /** A key in the hold loop: `1` leaves the queue for the callback, anything else is the hold loop again. */
  holdKeys(call: CallParties, queueStep: number | null, input: KeysInput, queue: { position: number; queueSeconds: number }): VoiceReply {
    this.keep(call, { kind: 'holdKeys', queueStep, input });
    if (input.kind === 'pressed' && input.digits === '1') return inHold({ kind: 'leaveQueue' });
    return this.hold(queue.position, queue.queueSeconds);
  }

  /** How a queue visit ended: a callback after leaving, thanks after an agent, the general queue after a problem. */
  queueResult(call: CallParties, queueStep: number | null, result: QueueResult, queueSeconds: number | null): VoiceReply {
    this.keep(call, { kind: 'queueResult', queueStep, result, queueSeconds });
    if (result === 'hangup') return NOTHING;
    if (result === 'bridged' || result === 'redirected-from-bridged') return inMenu(bareThanksVoice(null));
    if (result === 'leave') return this.callback(call, (queueSeconds ?? 0) >= this.deps.maxWaitSeconds, queueSeconds);
    this.keep(call, { kind: 'emergencyQueued' });
    return this.deps.steps.apology('call');
  }

  /** The number a caller typed for the callback (their caller ID cannot be called). */
  callbackNumber(call: CallParties, input: KeysInput, attempt: number, waitedTooLong: boolean, queueSeconds: number | null): VoiceReply {
    const reason = waitedTooLong ? 'queueTimeout' : 'leftQueue';
    if (input.kind === 'pressed' && isCallbackNumber(input.digits)) {
      return this.book(call, { typed: input.digits }, input.digits, reason, queueSeconds, false);
    }
    if (attempt < 2) return this.askNumber(waitedTooLong, attempt + 1, queueSeconds);
    // Still a record: ops see who asked, even without a number to call.
    this.keep(call, { kind: 'callbackRequest', callbackNumber: null, reference: null, reason, queueSeconds });
    return inMenu(emergencyNoNumberVoice());
  }

  /** A final status the database could not take. */
  status(call: CallParties, status: FinalCallStatus, durationSeconds: number | null): boolean {
    return this.keep(call, { kind: 'status', status, durationSeconds });
  }

  private callback(call: CallParties, waitedTooLong: boolean, queueSeconds: number | null): VoiceReply {
    const callerId = classifyCallerId(call.from);
    const reason = waitedTooLong ? 'queueTimeout' : 'leftQueue';
    if (callerId.usable) return this.book(call, { last4: callerId.last4 }, call.from, reason, queueSeconds, waitedTooLong);
    return this.askNumber(waitedTooLong, 1, queueSeconds);
  }

  private askNumber(waitedTooLong: boolean, attempt: number, queueSeconds: number | null): VoiceReply {
    return {
      turn: emergencyCallbackNumberVoice(waitedTooLong && attempt === 1),
      place: { webhook: 'emergencyCallbackNumber', attempt, waitedTooLong, queueSeconds },
    };
  }

  private book(
    call: CallParties,
    heard: { last4: string } | { typed: string },
    callbackNumber: string,
    reason: 'leftQueue' | 'queueTimeout',
    queueSeconds: number | null,
    waitedTooLong: boolean,
  ): VoiceReply {
    let reference: string | null = null;
    try {
      reference = this.deps.references.next();
    } catch (err) {
      this.deps.logger?.error({ err: safeError(err) }, 'could not take an outage reference; the caller is told it will follow');
    }
    const kept = this.keep(call, { kind: 'callbackRequest', callbackNumber, reference, reason, queueSeconds });
    // A promise we could not write down is not made.
    if (!kept) return inMenu(emergencyNoNumberVoice());
    return inMenu(emergencyCallbackRecordedVoice(heard, reference, waitedTooLong));
  }

  /** Appends to the spool; false (and an error log line) when the disk refuses. */
  private keep(call: CallParties, request: SpooledRequest): boolean {
    try {
      this.deps.spool.append({ ...request, ...call, at: this.deps.clock() });
      this.deps.metrics?.spooled(request.kind);
      return true;
    } catch (err) {
      this.deps.metrics?.error('spool_failed');
      this.deps.logger?.error({ err: safeError(err), callSid: call.callSid, kind: request.kind }, 'could not write to the outage spool');
      return false;
    }
  }
}

const inHold = (turn: VoiceTurn): VoiceReply => ({ turn, place: { webhook: 'emergency', within: 'hold' } });
const inMenu = (turn: VoiceTurn): VoiceReply => ({ turn, place: { webhook: 'emergency', within: 'menu' } });
