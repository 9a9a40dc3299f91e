import type { CallColumns, CallStore, StepWrite, StoredCall } from './call-store.port';
import type { VoiceReply } from './voice-reply';

/** What to answer with, and what happened, for the one log line per webhook. */
export interface StepAnswer {
  reply: VoiceReply;
  step?: number;
  transition?: string;
  /** Why nothing changed, when nothing did: `replay`, `ignored`, `unknownCall`. */
  unchanged?: string;
}

/** What one attempt at a step decided: answer without writing, or write and then answer. */
export type StepDecision = { kind: 'answer'; answer: StepAnswer } | { kind: 'write'; write: StepWrite; answer: () => Promise<StepAnswer> | StepAnswer };

const MAX_ATTEMPTS = 4;

/**
 * Loads the call, lets `decide` compute the step (or `missing`, while no call is stored: an answer, or the
 * write that starts the call), and writes it. When another delivery took the step first (or started the call,
 * or a fresh ticket reference was already taken) it starts over from a fresh read: every step is decided on
 * what is really stored, never on a stale copy.
 */
export async function takeStep(
  store: Pick<CallStore, 'loadCall' | 'saveStep'>,
  callSid: string,
  decide: (call: StoredCall) => Promise<StepDecision> | StepDecision,
  missing: () => Promise<StepDecision> | StepDecision,
): Promise<StepAnswer> {
  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    const call = await store.loadCall(callSid);
    const decision = await (call ? decide(call) : missing());
    if (decision.kind === 'answer') return decision.answer;
    if ((await store.saveStep(decision.write)) === 'saved') return decision.answer();
  }
  throw new Error('could not save the step after several attempts');
}

/** The write of a call's first step (step 0, a `started` event), on either line. */
export function firstStepWrite(
  call: { callSid: string; from: string; to: string; role: 'caller' | 'agent' },
  at: Date,
  flow: { persisted: unknown; state: string; columns: CallColumns },
): StepWrite {
  return {
    callSid: call.callSid,
    at,
    fromStep: null,
    step: 0,
    queueStep: null,
    snapshot: flow.persisted,
    columns: flow.columns,
    event: { kind: 'started', fromState: null, toState: flow.state, digits: null, purpose: null, meaning: null, detail: null },
    newCall: { fromNumber: call.from, toNumber: call.to, startedAt: at, role: call.role },
  };
}
