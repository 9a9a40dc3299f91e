import type { CallLeg, FetchedDocument } from './call-leg';
import type { GatherEntry, InputEntry } from './call-transcript';
import { formatKeyEntry, type KeyEntry } from './key-script';
import { integer, method, runMedia } from './media-verbs';
import { KEY_PRESS_SECONDS } from './speech-duration';
import type { TwimlElement } from './twiml-document';
import type { VerbResult } from './twiml-run.types';
import { resolveUrl } from './twilio-webhook-client';

const DEFAULT_TIMEOUT_SECONDS = 5;

interface Keypresses {
  digits: string;
  finishedOnKey: string;
  endedBy: InputEntry['endedBy'];
  ignoredKeys: string;
  seconds: number;
}

/**
 * Runs a Gather verb like Twilio: nested prompts play, then the caller's entry is pressed key by key. The
 * finish key ends it (and is not part of Digits), so does reaching numDigits; otherwise the timeout runs
 * after the last key. With no digits and actionOnEmptyResult false the action is not requested: the next
 * verb runs.
 */
export async function runGather(leg: CallLeg, verb: TwimlElement, doc: FetchedDocument): Promise<VerbResult> {
  const a = verb.attributes;
  const numDigits = a.numDigits === undefined ? undefined : integer(a.numDigits, 1);
  const finishOnKey = a.finishOnKey ?? '#';
  const timeout = a.timeout === undefined || a.timeout === 'auto' ? DEFAULT_TIMEOUT_SECONDS : integer(a.timeout, DEFAULT_TIMEOUT_SECONDS);
  const actionOnEmptyResult = a.actionOnEmptyResult === 'true';
  const action = a.action ? resolveUrl(a.action, doc.url) : doc.url;
  leg.record<GatherEntry>({
    type: 'gather',
    ...(numDigits === undefined ? {} : { numDigits }),
    finishOnKey,
    timeout,
    actionOnEmptyResult,
    action,
  });
  const acceptsKeys = (a.input ?? 'dtmf').split(/\s+/).includes('dtmf');
  if (!acceptsKeys) {
    leg.record({ type: 'note', message: `Gather input="${a.input}" listens for speech only; the simulated caller can only press keys, so it stays silent` });
  }

  for (const prompt of verb.children) {
    const played = await runMedia(leg, prompt, doc);
    if (played.kind !== 'next') return played;
  }

  const onHold = doc.context === 'waitUrl';
  let entry: KeyEntry | undefined;
  let entryText: string | undefined;
  if (leg.silentUntil > leg.now() || !acceptsKeys) entry = { kind: 'keys', digits: '' };
  else {
    entry = await leg.gatherEntry({ leg: leg.label, ...(numDigits === undefined ? {} : { numDigits }), finishOnKey, timeoutSeconds: timeout, onHold });
    if (leg.ended) return { kind: 'ended' };
    if (entry) entryText = formatKeyEntry(entry);
    else if (onHold || leg.settings.onKeysExhausted === 'silence') entry = { kind: 'keys', digits: '' };
    else {
      leg.end('caller-hangup', 'the key script ran out at a Gather');
      return { kind: 'ended' };
    }
  }
  if (entry.kind === 'hangup') {
    leg.end('caller-hangup', 'the caller hangs up');
    return { kind: 'ended' };
  }
  if (entry.kind === 'wait') {
    leg.silentUntil = leg.now() + entry.seconds;
    entry = { kind: 'keys', digits: '' };
  }

  const presses = press(entry.digits, { numDigits, finishOnKey, timeout });
  if ((await leg.hold(presses.seconds)) === 'interrupted') {
    if (leg.applyFatalInterrupt()) return { kind: 'ended' };
    if (onHold) return { kind: 'interrupted' };
    leg.discardStaleInterrupts();
  }
  leg.record<InputEntry>({
    type: 'input',
    ...(entryText === undefined ? {} : { entry: entryText }),
    digits: presses.digits,
    finishedOnKey: presses.finishedOnKey,
    endedBy: presses.endedBy,
    ...(presses.ignoredKeys ? { ignoredKeys: presses.ignoredKeys } : {}),
  });

  if (presses.digits === '' && !actionOnEmptyResult) return { kind: 'next' };
  return {
    kind: 'goto',
    purpose: 'gather-action',
    request: {
      url: action,
      method: method(a.method),
      params: { ...leg.baseParams(), Digits: presses.digits, FinishedOnKey: presses.finishedOnKey },
    },
  };
}

function press(keys: string, gather: { numDigits: number | undefined; finishOnKey: string; timeout: number }): Keypresses {
  let digits = '';
  let seconds = 0;
  let endedBy: InputEntry['endedBy'] | undefined;
  let finishedOnKey = '';
  let ignoredKeys = '';
  for (const key of keys) {
    if (endedBy) {
      ignoredKeys += key;
      continue;
    }
    seconds += KEY_PRESS_SECONDS;
    if (gather.finishOnKey !== '' && key === gather.finishOnKey) {
      endedBy = 'finish-key';
      finishedOnKey = key;
      continue;
    }
    digits += key;
    if (gather.numDigits !== undefined && digits.length >= gather.numDigits) endedBy = 'num-digits';
  }
  if (!endedBy) {
    endedBy = 'timeout';
    seconds += gather.timeout;
  }
  return { digits, finishedOnKey, endedBy, ignoredKeys, seconds };
}
