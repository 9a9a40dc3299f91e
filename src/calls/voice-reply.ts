import type { VoiceTurn } from '../../flows/voice.types';

/**
 * Where the caller's next request goes: the webhook a turn's verbs point at, in the hotline's terms. The
 * telephony edge turns it into URLs (src/telephony/webhook-urls.ts); use cases never spell a URL.
 */
export type ReplyPlace =
  /** A caller in a menu: keys for `step`; a queue entered here is visit `queueStep` (or this step). */
  | { webhook: 'callerStep'; step: number; queueStep: number | null }
  /** A caller in a queue visit's hold loop (or just before a bridge). */
  | { webhook: 'holdLoop'; queueStep: number | null }
  /** The emergency line, while the database does not answer: a menu or its hold loop. */
  | { webhook: 'emergency'; within: 'menu' | 'hold' }
  /** The emergency line asking for a number to call back. */
  | { webhook: 'emergencyCallbackNumber'; attempt: number; waitedTooLong: boolean; queueSeconds: number | null }
  /** An agent's leg on the agent line. */
  | { webhook: 'agentStep'; step: number };

/** What a use case answers a webhook with: what the caller hears and does next, and where that leads. */
export interface VoiceReply {
  turn: VoiceTurn;
  place: ReplyPlace;
}

/** Nothing to say (a status callback, a call that is over): an empty answer. */
export const NOTHING: VoiceReply = { turn: { kind: 'speak', speech: [] }, place: { webhook: 'emergency', within: 'menu' } };
