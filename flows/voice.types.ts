import type { InputPurpose, Language, QueueName } from './call-flow.types';

/** Something the caller hears. `language` picks the voice; a bilingual greeting mixes both. */
export type Speech =
  | { kind: 'say'; text: string; language: Language }
  | { kind: 'pause'; seconds: number }
  | { kind: 'music' };

/** What the caller is asked for: one key of a menu, or digits ending with `#`. */
export interface Expectation {
  purpose: InputPurpose;
  keys: 'one' | 'digits';
  timeoutSeconds: number;
}

/** One answer to the caller, in voice terms; `src/` renders it as TwiML. */
export type VoiceTurn =
  | { kind: 'ask'; speech: Speech[]; expect: Expectation }
  | { kind: 'enqueue'; speech: Speech[]; queue: QueueName }
  | { kind: 'leaveQueue' }
  | { kind: 'hangup'; speech: Speech[] }
  /** Speech and nothing after it: in a queue's hold loop Twilio then asks again. */
  | { kind: 'speak'; speech: Speech[] };

/** What the hotline knows about a caller's place in a queue, for the hold loop. */
export interface HoldSituation {
  /** 1 = next. */
  position: number;
  /** From the hotline's record of recent waits in this queue; null when it has too little to go on. */
  estimatedMinutes: number | null;
}
