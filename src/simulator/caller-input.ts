import type { KeyEntry } from './key-script';

/** What a Gather verb waits for, shown to an interactive caller. */
export interface GatherPrompt {
  leg: string;
  numDigits?: number;
  /** '' when finishOnKey is disabled. */
  finishOnKey: string;
  timeoutSeconds: number;
  /** True when the gather plays inside a queue's waitUrl. */
  onHold: boolean;
}

/**
 * Where a caller is waiting without a Gather: in a queue, while a Dial rings, talking on a bridge, or during a
 * `<Pause>` of the call's own TwiML (a hold loop outside a queue), where only `hangup` and `wait=N` act.
 */
export interface HoldPrompt {
  leg: string;
  state: 'queued' | 'ringing' | 'bridged' | 'paused';
  /** True when `*` would leave the bridge (`<Dial hangupOnStar="true">` on this leg). */
  starLeaves: boolean;
}

/** At a hold point: an entry to act on now, `pending` (the next entry is keys for a later Gather) or `exhausted`. */
export type HoldDecision = { kind: 'entry'; entry: KeyEntry } | { kind: 'pending' } | { kind: 'exhausted' };

/** The caller's side of a leg: a script in tests, the keyboard in the CLI. */
export interface CallerInput {
  /** The entry answering this Gather, or `undefined` when the caller has nothing more to do. */
  atGather(prompt: GatherPrompt): Promise<KeyEntry | undefined>;
  /** What the caller does at a hold point; must not consume keys meant for a later Gather. */
  atHold(prompt: HoldPrompt): Promise<HoldDecision>;
}

/** Plays a fixed list of entries in order. */
export class ScriptedCallerInput implements CallerInput {
  private next = 0;

  constructor(private readonly entries: readonly KeyEntry[]) {}

  atGather(): Promise<KeyEntry | undefined> {
    const entry = this.entries[this.next];
    if (entry) this.next += 1;
    return Promise.resolve(entry);
  }

  atHold(prompt: HoldPrompt): Promise<HoldDecision> {
    const entry = this.entries[this.next];
    if (!entry) return Promise.resolve({ kind: 'exhausted' });
    const acts = entry.kind !== 'keys' || (prompt.state === 'bridged' && prompt.starLeaves && entry.digits.startsWith('*'));
    if (!acts) return Promise.resolve({ kind: 'pending' });
    this.next += 1;
    return Promise.resolve({ kind: 'entry', entry });
  }
}
