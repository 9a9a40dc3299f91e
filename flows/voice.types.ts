import type { AgentQueue } from './agent-flow.types';
import type { Language } from './call-flow.types';

/** Something the caller hears. `language` picks the voice; a bilingual greeting mixes both. */
export type Speech = { kind: 'say'; text: string; language: Language } | { kind: 'pause'; seconds: number } | { kind: 'music' };

/** What the caller is asked for: one key of a menu, or digits ending with `#`. */
export interface Expectation {
  /** What the keys are for (recorded with them), e.g. `mainMenu`, `mobileNumber`, `agentId`. */
  purpose: string;
  keys: 'one' | 'digits';
  timeoutSeconds: number;
}

/** One answer to the caller, in voice terms; `src/` renders it as TwiML. */
export type VoiceTurn =
  | { kind: 'ask'; speech: Speech[]; expect: Expectation }
  | { kind: 'enqueue'; speech: Speech[]; queue: TwilioQueue }
  /** An agent takes the caller at the front of a queue; `*` leaves the bridge. */
  | { kind: 'dialQueue'; speech: Speech[]; queue: AgentQueue }
  | { kind: 'leaveQueue' }
  | { kind: 'hangup'; speech: Speech[] }
  /** Speech and nothing after it: in a queue's hold loop Twilio then asks again. */
  | { kind: 'speak'; speech: Speech[] }
  /** Speech, a pause, then ask again (a hold loop outside a queue: keys are not listened for). */
  | { kind: 'pauseThenCheck'; speech: Speech[]; pauseSeconds: number };

/** Twilio queue names: one per priority, `transfers`, and `after-agent` where a caller waits for an agent's decision. */
export type TwilioQueue = AgentQueue | 'after-agent';

/** What the hotline knows about a caller's place in a queue, for the hold loop. */
export interface HoldSituation {
  /** 1 = next. */
  position: number;
  /** From the hotline's record of recent waits in this queue; null when it has too little to go on. */
  estimatedMinutes: number | null;
  /** Whether an agent who works this queue is logged in; null when unknown. */
  staffed?: boolean | null;
}
