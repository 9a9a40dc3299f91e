import type { SimulatedError } from './twilio-errors';

/** Why a leg ended. */
export type EndReason = 'hangup-verb' | 'caller-hangup' | 'end-of-twiml' | 'error' | 'rejected' | 'expectation-failed';

/** Which request of the call flow a webhook request was. */
export type RequestPurpose =
  'voice' | 'gather-action' | 'redirect' | 'wait-url' | 'enqueue-action' | 'queue-url' | 'dial-action' | 'fallback' | 'status-callback';

interface EntryBase {
  /** Simulated seconds since the simulation started. */
  at: number;
  /** The leg's label ("caller", "agent 1001", …). */
  leg: string;
}

export interface RequestEntry extends EntryBase {
  type: 'request';
  purpose: RequestPurpose;
  method: 'GET' | 'POST';
  /** The URL Twilio requests (and signs): public base URL + path. */
  url: string;
  /** Where the HTTP request really went. */
  targetUrl: string;
  params: Record<string, string>;
  signature: string;
  status?: number;
  contentType?: string;
  body?: string;
  /** Real milliseconds the request took. */
  ms: number;
  /** Set when the call was already over, so Twilio ignores whatever the response says. */
  responseIgnored?: boolean;
}

export interface SayEntry extends EntryBase {
  type: 'say';
  text: string;
  voice: string;
  language: string;
  loop: number;
  seconds: number;
  /** Spoken by Twilio itself (the "application error" message), not by the hotline's TwiML. */
  system?: boolean;
  interrupted?: boolean;
}

export interface PlayEntry extends EntryBase {
  type: 'play';
  url?: string;
  digits?: string;
  loop: number;
  seconds: number;
  /** Twilio's default hold music for an `<Enqueue>` without waitUrl. */
  holdMusic?: boolean;
  interrupted?: boolean;
}

export interface PauseEntry extends EntryBase {
  type: 'pause';
  seconds: number;
  interrupted?: boolean;
}

export interface GatherEntry extends EntryBase {
  type: 'gather';
  numDigits?: number;
  finishOnKey: string;
  timeout: number;
  actionOnEmptyResult: boolean;
  action?: string;
}

export interface InputEntry extends EntryBase {
  type: 'input';
  /** The script entry as written (`4#`, `silence`, …); absent when a wait or an exhausted script made the caller silent. */
  entry?: string;
  digits: string;
  finishedOnKey: string;
  endedBy: 'finish-key' | 'num-digits' | 'timeout';
  /** Keys pressed after the gather had already ended, which Twilio drops. */
  ignoredKeys?: string;
}

export interface QueueEntry extends EntryBase {
  type: 'queue';
  event: 'joined' | 'left' | 'dequeued' | 'bridged' | 'hangup' | 'removed-after-error' | 'full';
  queue: string;
  queueSid: string;
  position?: number;
  queueTime?: number;
  dequeuedBy?: string;
}

export interface DialEntry extends EntryBase {
  type: 'dial';
  event: 'dialing' | 'connected' | 'ended' | 'no-answer' | 'canceled';
  target: string;
  otherCallSid?: string;
  seconds?: number;
  endedBy?: string;
}

export interface ErrorEntry extends EntryBase {
  type: 'error';
  error: SimulatedError;
}

export interface NoteEntry extends EntryBase {
  type: 'note';
  message: string;
}

export interface ExpectationEntry extends EntryBase {
  type: 'expectation';
  phrase: string;
  met: boolean;
}

export interface HangupEntry extends EntryBase {
  type: 'hangup';
  endedBy: EndReason;
  reason: string;
}

export type TranscriptEntry =
  | RequestEntry
  | SayEntry
  | PlayEntry
  | PauseEntry
  | GatherEntry
  | InputEntry
  | QueueEntry
  | DialEntry
  | ErrorEntry
  | NoteEntry
  | ExpectationEntry
  | HangupEntry;

/** A transcript entry before the leg stamps it with time and label. */
export type NewTranscriptEntry<T extends TranscriptEntry = TranscriptEntry> = T extends unknown ? Omit<T, 'at' | 'leg'> : never;

/** The outcome of one simulated leg. */
export class SimulatedCall {
  readonly transcript: TranscriptEntry[] = [];
  readonly errors: SimulatedError[] = [];
  readonly expectationFailures: string[] = [];
  endedBy: EndReason = 'end-of-twiml';
  /** Simulated call length in whole seconds, as in the status callback's CallDuration. */
  durationSeconds = 0;

  constructor(
    readonly label: string,
    readonly callSid: string,
    readonly from: string,
    readonly to: string,
  ) {}

  /** Every Say verb's text this leg heard, in order (loops counted once). */
  heard(): string[] {
    return this.transcript.filter((e): e is SayEntry => e.type === 'say').map((e) => e.text);
  }

  /** Every webhook request this leg made, in order. */
  requests(): RequestEntry[] {
    return this.transcript.filter((e): e is RequestEntry => e.type === 'request');
  }

  /** True when the call produced no error and met every expectation. */
  get ok(): boolean {
    return this.errors.length === 0 && this.expectationFailures.length === 0;
  }

  /** A plain object for `--json` and bug reports. */
  toJSON(): Record<string, unknown> {
    return {
      label: this.label,
      callSid: this.callSid,
      from: this.from,
      to: this.to,
      endedBy: this.endedBy,
      durationSeconds: this.durationSeconds,
      ok: this.ok,
      errors: this.errors,
      expectationFailures: this.expectationFailures,
      transcript: this.transcript,
    };
  }
}
