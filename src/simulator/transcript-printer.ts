import type { GatherPrompt, HoldPrompt } from './caller-input';
import type { RequestEntry, TranscriptEntry } from './call-transcript';

// Parameters worth a glance in a one-line request summary; the rest are the same on every request.
const INTERESTING_PARAMS = [
  'Digits',
  'FinishedOnKey',
  'QueueResult',
  'QueuePosition',
  'QueueTime',
  'DequeingCallSid',
  'DialCallStatus',
  'DialCallDuration',
  'ErrorCode',
  'ErrorUrl',
  'CallDuration',
];

/** One human-readable line for a transcript entry, or undefined for entries not worth a line. */
export function formatEntry(entry: TranscriptEntry, options: { showLeg: boolean; verbose?: boolean }): string | undefined {
  const time = `[${entry.at.toFixed(1).padStart(7)}s]`;
  const leg = options.showLeg ? ` ${entry.leg.padEnd(10)}` : '';
  const line = describe(entry, options.verbose ?? false);
  return line === undefined ? undefined : `${time}${leg} ${line}`;
}

function describe(entry: TranscriptEntry, verbose: boolean): string | undefined {
  switch (entry.type) {
    case 'say':
      return `🔊 [${entry.language} ${entry.voice}] ${entry.text}${entry.loop !== 1 ? ` (loop ${entry.loop})` : ''}${entry.interrupted ? ' …(cut off)' : ''}`;
    case 'play':
      if (entry.holdMusic) return `♪ hold music (${entry.seconds} s)${entry.interrupted ? ' …(cut off)' : ''}`;
      if (entry.digits !== undefined) return `♪ tones ${entry.digits}`;
      return `♪ ${entry.url} (assumed ${entry.seconds} s)${entry.interrupted ? ' …(cut off)' : ''}`;
    case 'pause':
      return `⏸ pause ${entry.seconds}s${entry.interrupted ? ' …(cut off)' : ''}`;
    case 'gather':
      return `⌨  expects ${expectation(entry)}`;
    case 'input':
      if (entry.digits === '' && entry.finishedOnKey === '') return `☎ (silence, timed out)`;
      return `☎ pressed ${entry.digits}${entry.finishedOnKey} → Digits=${entry.digits} FinishedOnKey=${entry.finishedOnKey || "''"}${entry.ignoredKeys ? ` (dropped ${entry.ignoredKeys})` : ''}`;
    case 'request':
      return describeRequest(entry, verbose);
    case 'queue':
      return `⏳ queue "${entry.queue}": ${entry.event}${entry.position ? ` (position ${entry.position})` : ''}${entry.queueTime !== undefined ? ` after ${entry.queueTime} s` : ''}${entry.dequeuedBy ? ` by ${entry.dequeuedBy}` : ''}`;
    case 'dial':
      return `📞 ${entry.event} ${entry.target}${entry.seconds !== undefined ? ` after ${entry.seconds} s` : ''}${entry.endedBy ? ` (${entry.endedBy})` : ''}`;
    case 'error':
      return `✖ ${entry.error.source === 'twilio' ? `Twilio ${entry.error.severity} ${entry.error.code}` : 'simulator error'}: ${entry.error.message}`;
    case 'expectation':
      return entry.met ? `✔ heard "${entry.phrase}"` : `✖ expected to hear "${entry.phrase}"`;
    case 'hangup':
      return `☎ call ended: ${entry.endedBy} (${entry.reason})`;
    case 'note':
      return verbose ? `· ${entry.message}` : undefined;
  }
}

function expectation(gather: { numDigits?: number; finishOnKey: string; timeout: number }): string {
  const keys =
    gather.numDigits === 1
      ? '1 key'
      : gather.numDigits !== undefined
        ? `${gather.numDigits} keys${gather.finishOnKey ? ` (or fewer then ${gather.finishOnKey})` : ''}`
        : gather.finishOnKey
          ? `digits then ${gather.finishOnKey}`
          : 'digits';
  return `${keys}; silence after ${gather.timeout} s`;
}

function describeRequest(entry: RequestEntry, verbose: boolean): string {
  const path = entry.url.replace(/^https?:\/\/[^/]+/, '');
  const params = INTERESTING_PARAMS.filter((name) => entry.params[name] !== undefined)
    .map((name) => `${name}=${entry.params[name] === '' ? "''" : entry.params[name]}`)
    .join(' ');
  const answer = entry.status === undefined ? 'no answer' : `${entry.status} ${entry.contentType ?? ''}`.trim();
  const head = `→ ${entry.method} ${path} [${entry.purpose}]${params ? ` ${params}` : ''} ← ${answer} (${entry.ms} ms)${entry.responseIgnored ? ' (answer ignored: call over)' : ''}`;
  return verbose && entry.body ? `${head}\n${indent(entry.body)}` : head;
}

function indent(text: string): string {
  return text
    .trim()
    .split('\n')
    .map((line) => `            ${line}`)
    .join('\n');
}

/** The line shown when the keyboard is asked for a Gather. */
export function gatherQuestion(prompt: GatherPrompt): string {
  const keys =
    prompt.numDigits === 1
      ? '1 key'
      : prompt.numDigits !== undefined
        ? `up to ${prompt.numDigits} keys`
        : prompt.finishOnKey
          ? `digits then ${prompt.finishOnKey}`
          : 'digits';
  return `⌨  ${keys}, or Enter for silence (q hangs up) > `;
}

/** The line shown when the keyboard is asked what to do on hold. */
export function holdQuestion(prompt: HoldPrompt): string {
  if (prompt.state === 'bridged') {
    return `⌨  connected: Enter talks 30 s more, a number talks that many seconds${prompt.starLeaves ? ', * leaves the bridge' : ''}, q hangs up > `;
  }
  const where = prompt.state === 'queued' ? 'on hold' : 'ringing';
  return `⌨  ${where}: Enter waits 30 s, a number waits that many seconds, q hangs up > `;
}
