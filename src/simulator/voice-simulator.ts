import { ScriptedCallerInput, type CallerInput } from './caller-input';
import { CallLeg, type LegSettings } from './call-leg';
import { newSid } from './call-identifiers';
import { QueueRegistry } from './call-queues';
import type { SimulatedCall, TranscriptEntry } from './call-transcript';
import { normalizeKeyEntries, type KeyEntry } from './key-script';
import { SimulatedClock } from './simulated-clock';
import { DEFAULT_PLAY_SECONDS } from './speech-duration';
import { runDocument } from './twiml-interpreter';

export type { CallerInput } from './caller-input';
export { SimulatedCall } from './call-transcript';
export type { TranscriptEntry } from './call-transcript';
export type { KeyEntry } from './key-script';
export { validateTwiml } from './twiml-validator';

/** How to reach the hotline and how Twilio is configured for it. */
export interface VoiceSimulatorOptions {
  /** Where HTTP requests really go, e.g. http://127.0.0.1:54321. */
  targetUrl: string;
  /** What Twilio believes it calls and signs (the number's webhook base URL); defaults to `targetUrl`. */
  publicBaseUrl?: string;
  authToken: string;
  /** Defaults to a random AC… SID. */
  accountSid?: string;
  /** The number's voice webhook; default `/twilio/voice`. */
  voicePath?: string;
  /** The agent line's voice webhook (`agentCall`); default `/twilio/agent`. */
  agentPath?: string;
  /** Status callback for the end of each call; none when absent. */
  statusCallbackPath?: string;
  /** The number's fallback URL, requested with ErrorCode/ErrorUrl after a failure; none when absent. */
  fallbackPath?: string;
  /** Play simulated time at real pace (for demos). */
  realtime?: boolean;
  /** Twilio's limit is 15 s. */
  httpTimeoutMs?: number;
  /** Assumed length of one `<Play>` of an audio URL; default 10 s. */
  playSeconds?: number;
  /** `twilio` (default) accepts text/html TwiML as Twilio does; `xml-only` reports it as 12300. */
  contentTypePolicy?: 'twilio' | 'xml-only';
  /** Called for every transcript entry as it happens (the CLI prints from here). */
  onEvent?: (entry: TranscriptEntry) => void;
}

/** One phone of a simulation. */
export interface CallSpec {
  /** Name in transcripts; default `caller` (then `leg 2`, `leg 3`, …). */
  label?: string;
  from?: string;
  to?: string;
  /** Voice webhook path this phone's number points at; default the simulator's `voicePath`. */
  path?: string;
  /** Key script: strings like `1`, `4#`, `` (silence), `hangup`, `wait=30`, or key entries. */
  keys?: ReadonlyArray<string | KeyEntry>;
  /** Replaces `keys` (the CLI's keyboard). */
  input?: CallerInput;
  /** Phrases that must be heard after the last key entry, by the end of the call. */
  expectAtEnd?: string[];
  /** Simulated second at which this phone calls; default 0. */
  startAtSeconds?: number;
  /** At a Gather when the script is used up: hang up (default) or stay silent. */
  onKeysExhausted?: 'hangup' | 'silence';
  /** Longest simulated wait in a queue (and on a bridge) before the caller gives up; default 3600 s. */
  maxHoldSeconds?: number;
  /** On a bridge with nothing left in the script, hang up after this many seconds; default 60. */
  talkSeconds?: number;
  /** Safety cap on webhook requests for this call; default 500. */
  maxRequests?: number;
}

/** Numbers used when a call spec gives none. */
const DEFAULT_FROM = '+8613800138000';
const DEFAULT_TO = '+8610950000';
export const DEFAULT_AGENT_FROM = '+8613900001001';

/** A simulated Twilio: places calls to a running hotline exactly as Twilio's voice webhooks would. */
export class VoiceSimulator {
  readonly accountSid: string;
  private readonly options: Required<Pick<VoiceSimulatorOptions, 'voicePath' | 'agentPath' | 'httpTimeoutMs' | 'playSeconds'>> & VoiceSimulatorOptions;

  constructor(options: VoiceSimulatorOptions) {
    this.options = {
      voicePath: '/twilio/voice',
      agentPath: '/twilio/agent',
      httpTimeoutMs: 15_000,
      playSeconds: DEFAULT_PLAY_SECONDS,
      ...options,
    };
    this.accountSid = options.accountSid ?? newSid('AC');
  }

  /** The URL Twilio would request for `path` (public base URL + path). */
  publicUrl(path: string): string {
    const base = (this.options.publicBaseUrl ?? this.options.targetUrl).replace(/\/+$/, '');
    return /^https?:\/\//.test(path) ? path : `${base}${path.startsWith('/') ? '' : '/'}${path}`;
  }

  /** Places one call and resolves when it has ended (status callback included). */
  async placeCall(spec: CallSpec = {}): Promise<SimulatedCall> {
    const [call] = await this.runCalls([spec]);
    if (!call) throw new Error('unreachable: one spec gives one call');
    return call;
  }

  /** A phone on the agent line (`agentPath`), labelled `agent <id>`. */
  agentCall(agentId: string, spec: CallSpec = {}): CallSpec {
    return { label: `agent ${agentId}`, from: DEFAULT_AGENT_FROM, path: this.options.agentPath, ...spec };
  }

  /** Runs several phones in one simulated Twilio (shared queues and clock); resolves when all have ended. */
  async runCalls(specs: readonly CallSpec[]): Promise<SimulatedCall[]> {
    const o = this.options;
    const clock = new SimulatedClock({ realtime: o.realtime ?? false });
    const services = {
      clock,
      queues: new QueueRegistry<CallLeg>(),
      webhook: {
        targetUrl: o.targetUrl,
        publicBaseUrl: o.publicBaseUrl ?? o.targetUrl,
        authToken: o.authToken,
        timeoutMs: o.httpTimeoutMs,
        contentTypePolicy: o.contentTypePolicy ?? 'twilio',
      },
      accountSid: this.accountSid,
      playSeconds: o.playSeconds,
      ...(o.statusCallbackPath ? { statusCallbackUrl: this.publicUrl(o.statusCallbackPath) } : {}),
      ...(o.fallbackPath ? { fallbackUrl: this.publicUrl(o.fallbackPath) } : {}),
      ...(o.onEvent ? { onEvent: o.onEvent } : {}),
    };
    const legs = specs.map((spec, index) => {
      const settings: LegSettings = {
        label: spec.label ?? (index === 0 ? 'caller' : `leg ${index + 1}`),
        voiceUrl: this.publicUrl(spec.path ?? o.voicePath),
        from: spec.from ?? DEFAULT_FROM,
        to: spec.to ?? DEFAULT_TO,
        startAtSeconds: spec.startAtSeconds ?? 0,
        onKeysExhausted: spec.onKeysExhausted ?? 'hangup',
        maxHoldSeconds: spec.maxHoldSeconds ?? 3600,
        talkSeconds: spec.talkSeconds ?? 60,
        maxRequests: spec.maxRequests ?? 500,
        finalExpect: spec.expectAtEnd ?? [],
      };
      const input = spec.input ?? new ScriptedCallerInput(normalizeKeyEntries(spec.keys ?? []));
      return new CallLeg(settings, services, input);
    });
    return Promise.all(legs.map((leg) => leg.run(runDocument)));
  }
}
