/**
 * How long things take on a simulated call. Text-to-speech length is estimated from the text:
 * Chinese, Japanese and Korean characters at 4 per second, everything else at 15 characters per second
 * (spaces and punctuation included), at least half a second per Say verb.
 */
const CJK_CHARACTERS_PER_SECOND = 4;
const OTHER_CHARACTERS_PER_SECOND = 15;
const MINIMUM_SAY_SECONDS = 0.5;
/** A `<Play>` of an audio URL is assumed to last this long (the simulator never downloads audio). */
export const DEFAULT_PLAY_SECONDS = 10;
/** Seconds between two keypresses of the same entry. */
export const KEY_PRESS_SECONDS = 0.5;
/** Seconds for each `<Play digits>` tone (and `w` waits half a second, as Twilio documents). */
const DIGIT_TONE_SECONDS = 0.5;

const CJK = /[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]/u;

/** Estimated seconds a Say verb of `text` takes to speak once. */
export function sayDurationSeconds(text: string): number {
  let cjk = 0;
  let other = 0;
  for (const ch of text) {
    if (CJK.test(ch)) cjk += 1;
    else other += 1;
  }
  const seconds = cjk / CJK_CHARACTERS_PER_SECOND + other / OTHER_CHARACTERS_PER_SECOND;
  return Math.max(MINIMUM_SAY_SECONDS, Math.round(seconds * 10) / 10);
}

/** Seconds a `<Play digits>` sequence takes. */
export function playDigitsSeconds(digits: string): number {
  return digits.length * DIGIT_TONE_SECONDS;
}
