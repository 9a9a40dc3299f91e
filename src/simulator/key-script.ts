/**
 * What a simulated caller does, one entry per input point.
 *
 * - `keys`: DTMF characters `0-9*#` pressed one by one at the next Gather ('' = silence).
 * - `hangup`: the caller hangs up at this point (at a Gather, in a queue, while ringing or bridged).
 * - `wait`: the caller stays silent for `seconds`; gathers met meanwhile get no input and consume nothing.
 *
 * `expect` phrases must have been heard since the previous entry was used, or the call fails.
 */
export type KeyEntry =
  { kind: 'keys'; digits: string; expect?: string[] } | { kind: 'hangup'; expect?: string[] } | { kind: 'wait'; seconds: number; expect?: string[] };

/** A key-script token that is neither DTMF keys, silence, hangup nor wait=SECONDS. */
export class KeyScriptError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyScriptError';
  }
}

const DTMF = /^[0-9*#]*$/;

/** Parses one entry written as on the command line: `12#`, `-`/`silence`/`` (silence), `hangup`, `wait=30`. */
export function parseKeyEntry(token: string): KeyEntry {
  const text = token.trim();
  if (text === '' || text === '-' || text.toLowerCase() === 'silence') return { kind: 'keys', digits: '' };
  if (text.toLowerCase() === 'hangup') return { kind: 'hangup' };
  const wait = /^wait\s*=\s*(\d+(?:\.\d+)?)$/i.exec(text);
  if (wait) return { kind: 'wait', seconds: Number(wait[1]) };
  if (DTMF.test(text)) return { kind: 'keys', digits: text };
  throw new KeyScriptError(`"${token}" is not a key entry: use DTMF keys 0-9 * # (e.g. 4#), - or silence, hangup, or wait=SECONDS`);
}

/** Parses a comma-separated key script such as `1,2,4#,-,wait=60,hangup`; an empty string has no entries. */
export function parseKeyScript(script: string): KeyEntry[] {
  if (script.trim() === '') return [];
  return script.split(',').map(parseKeyEntry);
}

/** Turns programmatic entries (plain strings are parsed like CLI tokens, except '' is silence) into key entries. */
export function normalizeKeyEntries(entries: ReadonlyArray<string | KeyEntry>): KeyEntry[] {
  return entries.map((entry) => {
    if (typeof entry !== 'string') {
      if (entry.kind === 'keys' && !DTMF.test(entry.digits)) throw new KeyScriptError(`"${entry.digits}" has non-DTMF characters`);
      return entry;
    }
    return parseKeyEntry(entry);
  });
}

/** Renders an entry back in CLI syntax, for transcripts and messages. */
export function formatKeyEntry(entry: KeyEntry): string {
  if (entry.kind === 'hangup') return 'hangup';
  if (entry.kind === 'wait') return `wait=${entry.seconds}`;
  return entry.digits === '' ? 'silence' : entry.digits;
}
