import type { CallLeg, FetchedDocument } from './call-leg';
import type { PauseEntry, PlayEntry } from './call-transcript';
import { watchHold } from './hold-watcher';
import { checkSayVoice } from './say-voice-catalog';
import { playDigitsSeconds, sayDurationSeconds } from './speech-duration';
import type { TwimlElement } from './twiml-document';
import type { VerbResult } from './twiml-run.types';
import { resolveUrl } from './twilio-webhook-client';

/**
 * Plays a Say, Play or Pause (also as a Gather's prompt); resolves `next` when it has finished. During a
 * `<Pause>` of the call's own TwiML (`standalone`) the caller's script may hang up or wait, as a person can.
 */
export async function runMedia(leg: CallLeg, verb: TwimlElement, doc: FetchedDocument, standalone = false): Promise<VerbResult> {
  const a = verb.attributes;
  let seconds: number;
  let entry: { interrupted?: boolean };
  if (verb.name === 'Say') {
    const loop = integer(a.loop, 1);
    const times = loop === 0 ? 1000 : loop;
    seconds = sayDurationSeconds(verb.text) * times;
    const voice = checkSayVoice(a.voice, a.language);
    const language = voice.ok ? voice.language : (a.language ?? 'en-US');
    entry = leg.hear({ text: verb.text, voice: a.voice ?? 'man', language, loop, seconds });
  } else if (verb.name === 'Play') {
    const loop = integer(a.loop, 1);
    const times = loop === 0 ? 1000 : loop;
    if (a.digits !== undefined) {
      seconds = playDigitsSeconds(a.digits);
      entry = leg.record<PlayEntry>({ type: 'play', digits: a.digits, loop: 1, seconds });
    } else {
      seconds = leg.services.playSeconds * times;
      entry = leg.record<PlayEntry>({ type: 'play', url: resolveUrl(verb.text, doc.url), loop, seconds });
    }
  } else {
    seconds = integer(a.length, 1);
    entry = leg.record<PauseEntry>({ type: 'pause', seconds });
  }
  const stopWatching = standalone && verb.name === 'Pause' && doc.context === 'call' ? watchHold(leg, 'paused') : () => undefined;
  const held = await leg.hold(seconds);
  stopWatching();
  if (held === 'elapsed') return { kind: 'next' };
  entry.interrupted = true;
  if (leg.applyFatalInterrupt()) return { kind: 'ended' };
  if (doc.context === 'waitUrl') return { kind: 'interrupted' };
  leg.discardStaleInterrupts();
  return { kind: 'next' };
}

/** An integer attribute, or `fallback` when absent. */
export function integer(value: string | undefined, fallback: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const parsed = Number.parseInt(value, 10);
  return Number.isFinite(parsed) ? parsed : fallback;
}

/** An HTTP method attribute (POST unless GET). */
export function method(value: string | undefined): 'GET' | 'POST' {
  return value?.toUpperCase() === 'GET' ? 'GET' : 'POST';
}
