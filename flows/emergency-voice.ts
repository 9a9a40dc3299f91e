import { LANGUAGES, type Language } from './call-flow.types';
import { EMERGENCY_PROMPTS, numberAsHeard } from './prompts/emergency.prompts';
import type { Speech, VoiceTurn } from './voice.types';

/**
 * What callers hear while the hotline runs without its database (the emergency line). Nothing about the call can
 * be looked up, so everything is said in Mandarin, then English.
 */
const HOLD_KEY_TIMEOUT_SECONDS = 2;
const ENTRY_TIMEOUT_SECONDS = 8;

const both = (text: (l: Language) => string): Speech[] => LANGUAGES.map((language) => ({ kind: 'say', text: text(language), language }));

/** The emergency hold loop: degraded service, the position, `1` for a callback, music. */
export function degradedHoldVoice(position: number): VoiceTurn {
  return {
    kind: 'ask',
    speech: [...both((l) => EMERGENCY_PROMPTS[l].degradedHold(position)), { kind: 'music' }],
    expect: { purpose: 'holdMenu', keys: 'one', timeoutSeconds: HOLD_KEY_TIMEOUT_SECONDS },
  };
}

/** Asks for a number to call back (the caller ID cannot be called). */
export function emergencyCallbackNumberVoice(waitedTooLong: boolean): VoiceTurn {
  return {
    kind: 'ask',
    speech: both((l) => `${waitedTooLong ? EMERGENCY_PROMPTS[l].waitedTooLong : ''}${EMERGENCY_PROMPTS[l].enterCallbackNumber}`),
    expect: { purpose: 'callbackNumber', keys: 'digits', timeoutSeconds: ENTRY_TIMEOUT_SECONDS },
  };
}

/** The callback is recorded: which number we will call, the reference (or that it will follow), goodbye. */
export function emergencyCallbackRecordedVoice(number: { last4: string } | { typed: string }, reference: string | null, waitedTooLong: boolean): VoiceTurn {
  return {
    kind: 'hangup',
    speech: both((l) => {
      const p = EMERGENCY_PROMPTS[l];
      return `${waitedTooLong ? p.waitedTooLong : ''}${p.callbackRecorded(numberAsHeard[l](number), reference ? p.spokenDigits(reference) : null)}`;
    }),
  };
}

/** No number to call back could be recorded. */
export function emergencyNoNumberVoice(): VoiceTurn {
  return { kind: 'hangup', speech: both((l) => EMERGENCY_PROMPTS[l].noCallbackNumber) };
}
