import type { CallerInput, GatherPrompt, HoldDecision, HoldPrompt } from './caller-input';
import { countryOf, newSid } from './call-identifiers';
import type { QueueRegistry } from './call-queues';
import { SimulatedCall, type EndReason, type NewTranscriptEntry, type RequestPurpose, type SayEntry, type TranscriptEntry } from './call-transcript';
import { formatKeyEntry, type KeyEntry } from './key-script';
import type { SimulatedClock } from './simulated-clock';
import { simulatorError, twilioError, type SimulatedError } from './twilio-errors';
import { parseTwiml, type TwimlElement } from './twiml-document';
import { validateTwimlDocument, type TwimlContext } from './twiml-validator';
import { sendWebhook, type WebhookRequest, type WebhookTarget } from './twilio-webhook-client';

/** Everything one simulation shares between its legs. */
export interface SimulationServices {
  clock: SimulatedClock;
  queues: QueueRegistry<CallLeg>;
  webhook: WebhookTarget;
  accountSid: string;
  /** Absolute public URLs; absent when not configured. */
  statusCallbackUrl?: string;
  fallbackUrl?: string;
  playSeconds: number;
  onEvent?: (entry: TranscriptEntry) => void;
}

/** How one leg behaves. */
export interface LegSettings {
  label: string;
  /** Absolute public URL of the voice webhook this leg calls first. */
  voiceUrl: string;
  from: string;
  to: string;
  startAtSeconds: number;
  onKeysExhausted: 'hangup' | 'silence';
  maxHoldSeconds: number;
  talkSeconds: number;
  maxRequests: number;
  /** Phrases that must be heard after the last entry was used, by the end of the call. */
  finalExpect: string[];
}

/**
 * The bridge a dequeued caller is taken to, as the caller's side uses it: call-bridge.ts's `Bridge` implements it,
 * so this module does not depend on the bridge that depends on it.
 */
export interface JoinedBridge {
  readonly dialer: { readonly callSid: string; readonly label: string };
  /** Starts the conversation once the caller's `<Queue url>` TwiML has played. */
  connect(): void;
  /** The caller hung up before the bridge connected. */
  abort(): void;
  /** Keeps `leg` on the bridge until one side leaves. */
  talk(leg: CallLeg): Promise<unknown>;
}

/** Why a parked leg was woken early. */
export type Interrupt =
  | { kind: 'hangup'; endedBy: EndReason; reason: string }
  | { kind: 'dequeued'; bridge: JoinedBridge; queueName: string; queueSid: string; queueTime: number; queueUrl?: { url: string; method: 'GET' | 'POST' } }
  | { kind: 'caller-available' }
  | { kind: 'bridge-connected' }
  | { kind: 'bridge-ended' }
  | { kind: 'star' }
  | { kind: 'deadlock' };

/** A TwiML document ready to run, with the URL relative references resolve against. */
export interface FetchedDocument {
  root: TwimlElement;
  url: string;
  context: TwimlContext;
}

export type FetchResult = ({ kind: 'document' } & FetchedDocument) | { kind: 'failed' };

const APPLICATION_ERROR = 'We are sorry, an application error has occurred. Goodbye.';

/** One phone call as Twilio runs it: requests, TwiML, time, and the caller's keys. */
export class CallLeg {
  readonly call: SimulatedCall;
  /** Gathers reached before this simulated time get silence: the caller is waiting (a `wait=` entry). */
  silentUntil = 0;
  /** `<Redirect>`s executed since the last other verb (Twilio stops runaway redirect loops). */
  consecutiveRedirects = 0;
  private status: 'ringing' | 'in-progress' | 'completed' = 'ringing';
  private interrupts: Interrupt[] = [];
  private parked: { wake(): void } | undefined;
  private heardSinceEntry: string[] = [];
  private requestCount = 0;
  private startedAt = 0;
  private holdPoke: (() => void) | undefined;

  constructor(
    readonly settings: LegSettings,
    readonly services: SimulationServices,
    private readonly input: CallerInput,
  ) {
    this.call = new SimulatedCall(settings.label, newSid('CA'), settings.from, settings.to);
  }

  get callSid(): string {
    return this.call.callSid;
  }

  get label(): string {
    return this.settings.label;
  }

  get ended(): boolean {
    return this.status === 'completed';
  }

  get queues(): QueueRegistry<CallLeg> {
    return this.services.queues;
  }

  /** Simulated seconds since the simulation started. */
  now(): number {
    return this.services.clock.now();
  }

  /** Appends to the transcript (stamped with time and leg) and tells the live listener. */
  record<T extends TranscriptEntry>(entry: NewTranscriptEntry<T>): T {
    const stamped = { at: this.now(), leg: this.label, ...entry } as unknown as T;
    this.call.transcript.push(stamped);
    this.services.onEvent?.(stamped);
    return stamped;
  }

  /** Records what the caller heard, for `heard()` and for the script's expectations. */
  hear(entry: Omit<SayEntry, 'at' | 'leg' | 'type'>): SayEntry {
    this.heardSinceEntry.push(entry.text);
    return this.record<SayEntry>({ type: 'say', ...entry });
  }

  /** Records an error the call produced. */
  fail(error: SimulatedError): void {
    this.call.errors.push(error);
    this.record({ type: 'error', error });
  }

  /** The parameters Twilio sends with every request of this call. */
  baseParams(): Record<string, string> {
    const { from, to } = this.settings;
    return {
      AccountSid: this.services.accountSid,
      ApiVersion: '2010-04-01',
      CallSid: this.callSid,
      CallStatus: this.status,
      Called: to,
      CalledCity: '',
      CalledCountry: countryOf(to),
      CalledState: '',
      CalledZip: '',
      Caller: from,
      CallerCity: '',
      CallerCountry: countryOf(from),
      CallerState: '',
      CallerZip: '',
      Direction: 'inbound',
      From: from,
      FromCity: '',
      FromCountry: countryOf(from),
      FromState: '',
      FromZip: '',
      To: to,
      ToCity: '',
      ToCountry: countryOf(to),
      ToState: '',
      ToZip: '',
    };
  }

  /** Runs the whole leg, from the first webhook to the status callback. */
  async run(runDocument: (leg: CallLeg, doc: FetchedDocument) => Promise<unknown>): Promise<SimulatedCall> {
    const { clock } = this.services;
    clock.enter();
    try {
      if (this.settings.startAtSeconds > 0) await clock.park(this.settings.startAtSeconds).done;
      this.startedAt = this.now();
      const first = await this.fetchDocument({ url: this.settings.voiceUrl, method: 'POST', params: this.baseParams() }, 'voice', 'call');
      if (first.kind === 'document') await runDocument(this, first);
      if (!this.ended) this.end('end-of-twiml', 'the TwiML ran out of verbs');
      this.checkExpectations(this.settings.finalExpect);
      await this.postStatusCallback();
    } catch (err) {
      this.fail(simulatorError(`simulator crashed: ${(err as Error).stack ?? String(err)}`));
      if (!this.ended) this.end('error', 'simulator failure');
    } finally {
      clock.leave();
    }
    return this.call;
  }

  /** Ends the call (idempotent); time stops counting for CallDuration. */
  end(endedBy: EndReason, reason: string): void {
    if (this.ended) return;
    this.status = 'completed';
    this.call.endedBy = endedBy;
    this.call.durationSeconds = Math.round(this.now() - this.startedAt);
    this.record({ type: 'hangup', endedBy, reason });
  }

  /**
   * Requests a TwiML document and checks it for `context`. On failure Twilio's behaviour follows: the
   * fallback URL (when configured and `fallback` is allowed), else the "application error" message and hang-up.
   */
  async fetchDocument(
    request: WebhookRequest,
    purpose: RequestPurpose,
    context: TwimlContext,
    options: { fallback: boolean } = { fallback: true },
  ): Promise<FetchResult> {
    const result = await this.request(request, purpose, 'twiml');
    if (result.kind === 'capped') return { kind: 'failed' };
    const { response } = result;
    let errors: SimulatedError[] = [];
    let root: TwimlElement | undefined;
    let url = request.url;
    if (response.kind === 'failed') errors = [response.error];
    else if (response.kind === 'text') {
      // Twilio reads a text/plain answer aloud and hangs up.
      root = element('Response', [element('Say', [], response.text), element('Hangup', [])]);
      url = response.url;
    } else if (response.kind === 'audio') {
      root = element('Response', [element('Play', [], response.url), element('Hangup', [])]);
      url = response.url;
    } else if (response.kind === 'twiml') {
      url = response.url;
      const parsed = parseTwiml(response.xml);
      if (!parsed.ok) errors = [twilioError(12100, `the response is not well-formed XML (${parsed.reason})`, url)];
      else {
        errors = validateTwimlDocument(parsed.root, context, url);
        root = parsed.root;
      }
    }
    if (errors.length === 0 && root) return { kind: 'document', root, url, context };
    for (const error of errors) this.fail(error);
    if (!options.fallback) return { kind: 'failed' };
    return this.recover(url, errors[0]);
  }

  /** Makes a request whose answer Twilio ignores (status callbacks, actions after the caller hung up). */
  async notify(request: WebhookRequest, purpose: RequestPurpose): Promise<void> {
    const result = await this.request(request, purpose, 'nothing', true);
    if (result.kind === 'sent' && result.response.kind === 'failed') this.fail(result.response.error);
  }

  private async request(
    request: WebhookRequest,
    purpose: RequestPurpose,
    expect: 'twiml' | 'nothing',
    responseIgnored = false,
  ): Promise<{ kind: 'sent'; response: Awaited<ReturnType<typeof sendWebhook>>['response'] } | { kind: 'capped' }> {
    // Status callbacks and ignored actions cannot loop, so only TwiML requests count towards the cap.
    if (expect === 'twiml' && this.requestCount >= this.settings.maxRequests) {
      this.fail(simulatorError(`more than ${this.settings.maxRequests} requests on one call: probably a loop`, request.url));
      this.end('error', 'request cap reached');
      return { kind: 'capped' };
    }
    const { hops, response } = await sendWebhook(this.services.webhook, request, expect);
    this.requestCount += hops.length;
    for (const hop of hops) {
      this.record({
        type: 'request',
        purpose,
        ...hop,
        ...(responseIgnored ? { responseIgnored: true } : {}),
      });
    }
    if (this.status === 'ringing') this.status = 'in-progress';
    return { kind: 'sent', response };
  }

  private async recover(failedUrl: string, error: SimulatedError | undefined): Promise<FetchResult> {
    const { fallbackUrl } = this.services;
    if (fallbackUrl && error && error.source === 'twilio') {
      const request: WebhookRequest = {
        url: fallbackUrl,
        method: 'POST',
        params: { ...this.baseParams(), ErrorCode: String(error.code), ErrorUrl: failedUrl },
      };
      const fallback = await this.fetchDocument(request, 'fallback', 'call', { fallback: false });
      if (fallback.kind === 'document') return fallback;
    }
    if (!this.ended) {
      this.hear({ text: APPLICATION_ERROR, voice: 'twilio', language: 'en-US', loop: 1, seconds: 4, system: true });
      this.end('error', error ? `Twilio error ${error.code}` : 'request failed');
    }
    return { kind: 'failed' };
  }

  private async postStatusCallback(): Promise<void> {
    const url = this.services.statusCallbackUrl;
    if (!url) return;
    await this.notify({ url, method: 'POST', params: { ...this.baseParams(), CallDuration: String(this.call.durationSeconds) } }, 'status-callback');
  }

  /** Lets simulated time pass for this leg; resolves early ('interrupted') when another party interrupts it. */
  async hold(seconds: number | null): Promise<'elapsed' | 'interrupted'> {
    if (this.interrupts.length > 0) return 'interrupted';
    const parked = this.services.clock.park(seconds);
    this.parked = parked;
    const reason = await parked.done;
    this.parked = undefined;
    if (reason === 'deadlock') this.interrupts.push({ kind: 'deadlock' });
    return this.interrupts.length > 0 ? 'interrupted' : 'elapsed';
  }

  /** Wakes this leg from `hold` with a reason; the code that put it on hold decides what it means. */
  interrupt(interrupt: Interrupt): void {
    if (this.ended) return;
    this.interrupts.push(interrupt);
    this.parked?.wake();
  }

  get interrupted(): boolean {
    return this.interrupts.length > 0;
  }

  /** The most urgent pending interrupt: a hang-up first, then a deadlock, then the oldest. */
  takeInterrupt(): Interrupt | undefined {
    const urgency = (i: Interrupt) => (i.kind === 'hangup' ? 0 : i.kind === 'deadlock' ? 1 : 2);
    let pick = 0;
    this.interrupts.forEach((candidate, index) => {
      const current = this.interrupts[pick];
      if (current && urgency(candidate) < urgency(current)) pick = index;
    });
    const [interrupt] = this.interrupts.splice(pick, 1);
    return interrupt;
  }

  /** Applies a pending hang-up (or a deadlock) by ending the call; true when the leg has ended. */
  applyFatalInterrupt(): boolean {
    const fatal = this.interrupts.find((i) => i.kind === 'hangup' || i.kind === 'deadlock');
    if (fatal) {
      this.interrupts = this.interrupts.filter((i) => i !== fatal);
      if (fatal.kind === 'hangup') this.end(fatal.endedBy, fatal.reason);
      else {
        this.fail(simulatorError('every leg is waiting for another and no timer is due: the simulation cannot go on'));
        this.end('error', 'deadlock');
      }
    }
    return this.ended;
  }

  /** Drops interrupts nobody is waiting for any more (outside a hold state), noting them in the transcript. */
  discardStaleInterrupts(): void {
    const fatal = (i: Interrupt) => i.kind === 'hangup' || i.kind === 'deadlock';
    const stale = this.interrupts.filter((i) => !fatal(i));
    if (stale.length === 0) return;
    this.interrupts = this.interrupts.filter(fatal);
    this.record({ type: 'note', message: `ignored stale interrupts: ${stale.map((i) => i.kind).join(', ')}` });
  }

  /** Removes pending interrupts of the given kinds (stale once a hold state is over); returns them. */
  dropInterrupts(...kinds: Interrupt['kind'][]): Interrupt[] {
    const dropped = this.interrupts.filter((i) => kinds.includes(i.kind));
    this.interrupts = this.interrupts.filter((i) => !kinds.includes(i.kind));
    return dropped;
  }

  /** The caller's entry for a Gather; checks its expectations (a failed one ends the call). */
  async gatherEntry(prompt: GatherPrompt): Promise<KeyEntry | undefined> {
    const entry = await this.input.atGather(prompt);
    if (entry) this.consumed(entry);
    if (entry && prompt.onHold) this.holdPoke?.();
    return entry;
  }

  /** The caller's decision at a hold point; a consumed entry's expectations are checked. */
  async holdDecision(prompt: HoldPrompt): Promise<HoldDecision> {
    const decision = await this.input.atHold(prompt);
    if (decision.kind === 'entry') this.consumed(decision.entry);
    return decision;
  }

  /** Registers the hold watcher's wake-up, called after a hold Gather used an entry. */
  onHoldEntryUsed(poke: (() => void) | undefined): void {
    this.holdPoke = poke;
  }

  private consumed(entry: KeyEntry): void {
    this.record({ type: 'note', message: `caller uses entry "${formatKeyEntry(entry)}"` });
    this.checkExpectations(entry.expect ?? []);
    this.heardSinceEntry = [];
  }

  private checkExpectations(phrases: string[]): void {
    if (phrases.length === 0) return;
    const heard = normalize(this.heardSinceEntry.join(' '));
    for (const phrase of phrases) {
      const met = heard.includes(normalize(phrase));
      this.record({ type: 'expectation', phrase, met });
      if (met) continue;
      const recent = this.heardSinceEntry.join(' / ') || '(nothing)';
      this.call.expectationFailures.push(`expected to hear "${phrase}" but heard: ${recent}`);
      if (!this.ended) {
        // Stop where the script and the hotline disagree: later steps would only add noise.
        if (this.parked) this.interrupt({ kind: 'hangup', endedBy: 'expectation-failed', reason: `did not hear "${phrase}"` });
        else this.end('expectation-failed', `did not hear "${phrase}"`);
      }
    }
  }
}

function normalize(text: string): string {
  return text.replace(/\s+/g, ' ').trim().toLowerCase();
}

function element(name: string, children: TwimlElement[], text = ''): TwimlElement {
  return { name, attributes: {}, children, text: text.trim(), ownText: text.trim() };
}
