import http from 'node:http';
import { randomBytes } from 'node:crypto';
import twilio from 'twilio';
import { pathFor, seededRandom, type CallPath, type QueueVisit } from './call-paths';
import { readTwiml, type TwimlNext } from './twiml-answer';

export type DeliveryKind = 'voice' | 'keys' | 'hold' | 'holdKeys' | 'queueResult' | 'status';

/**
 * One request the simulated Twilio sent. `primary` is the delivery that walks the call; `duplicate` the
 * same request sent again at the same moment; `late` the same request (or a hold poll) sent again after
 * the call moved on.
 */
export interface Delivery {
  kind: DeliveryKind;
  role: 'primary' | 'duplicate' | 'late';
  url: string;
  params: Record<string, string>;
  /** HTTP status, 0 when the request failed. */
  status: number;
  next: TwimlNext | null;
  /** Sent after this call's status callback (a reordered delivery). */
  afterStatus: boolean;
}

/** Everything one simulated call sent, for the ledger check. */
export interface CallRecord {
  callSid: string;
  path: string;
  deliveries: Delivery[];
  error: string | null;
}

export interface FaultRates {
  /** Share of deliveries sent twice at once. */
  duplicate: number;
  /** Share of deliveries reordered: a queue result after the status callback, a stale hold poll, a late duplicate. */
  reorder: number;
}

export interface WalkerTarget {
  /** Where the server listens, e.g. http://127.0.0.1:4000. */
  listenUrl: string;
  /** The URL Twilio signs and the TwiML's URLs start with. */
  publicBaseUrl: string;
  authToken: string;
}

export interface WalkerOptions extends WalkerTarget {
  agent: http.Agent;
  faults?: FaultRates;
  /** Keep every delivery of every call (the ledger); off for plain load. */
  record?: boolean;
  /** Told each answered request's latency (ms) and kind. */
  onLatency?: (ms: number, kind: DeliveryKind) => void;
  /** Open loop: waits for the request's slot and returns when it was due (performance.now() time). */
  pace?: () => Promise<number>;
  seed?: number;
}

const ACCOUNT_SID = `AC${'0'.repeat(32)}`;
const QUEUE_SID = `QU${'1'.repeat(32)}`;
const HOTLINE_NUMBER = '+861095000000';

/**
 * Simulated callers that talk to a hotline exactly like Twilio: every request signed over the public URL,
 * Twilio's parameters, the next URL taken from the TwiML answer (Gather action, Enqueue waitUrl/action).
 */
export class CallWalker {
  readonly records: CallRecord[] = [];
  readonly counts = { calls: 0, requests: 0, errors: 0, apologies: 0, non2xx: 0 };
  readonly faultsSent = { duplicate: 0, lateDuplicate: 0, statusBeforeQueueResult: 0, staleHoldPoll: 0 };
  private readonly host: string;
  private readonly port: number;
  private callNumber = 0;

  constructor(private readonly options: WalkerOptions) {
    const u = new URL(options.listenUrl);
    this.host = u.hostname;
    this.port = Number(u.port);
  }

  /** Walks one whole call along the next path of the mix; resolves when its status callback was answered. */
  async walkCall(): Promise<CallRecord> {
    const n = this.callNumber++;
    const random = seededRandom((this.options.seed ?? 1) * 1_000_003 + n);
    const path = pathFor(n, random);
    const call = new SimulatedCall(this, path, random, this.options.record ?? false);
    this.counts.calls++;
    await call.walk();
    if (call.record.error) this.counts.errors++;
    if (this.options.record) this.records.push(call.record);
    return call.record;
  }

  /** Sends one signed form POST to a public URL; never throws (status 0 on failure). */
  async deliver(publicUrl: string, params: Record<string, string>, kind: DeliveryKind, paced: boolean): Promise<{ status: number; body: string }> {
    const o = this.options;
    if (!publicUrl.startsWith(o.publicBaseUrl)) throw new Error(`TwiML pointed outside the public base URL: ${publicUrl}`);
    const due = paced && o.pace ? await o.pace() : performance.now();
    const signature = twilio.getExpectedTwilioSignature(o.authToken, publicUrl, params);
    const body = new URLSearchParams(params).toString();
    this.counts.requests++;
    try {
      const answer = await post(o.agent, this.host, this.port, publicUrl.slice(o.publicBaseUrl.length), body, signature);
      o.onLatency?.(performance.now() - due, kind);
      if (answer.status < 200 || answer.status > 299) this.counts.non2xx++;
      return answer;
    } catch {
      return { status: 0, body: '' };
    }
  }

  get faults(): FaultRates | undefined {
    return this.options.faults;
  }
  get publicBaseUrl(): string {
    return this.options.publicBaseUrl;
  }
}

class SimulatedCall {
  readonly record: CallRecord;
  private readonly base: Record<string, string>;
  private keyIndex = 0;
  private visitIndex = 0;
  private statusSent = false;
  private late: Array<() => Promise<void>> = [];
  private elapsed = 0;

  constructor(
    private readonly walker: CallWalker,
    private readonly path: CallPath,
    private readonly random: () => number,
    private readonly keep: boolean,
  ) {
    const callSid = `CA${randomBytes(16).toString('hex')}`;
    const from = `+86139${String(Math.floor(random() * 1e8)).padStart(8, '0')}`;
    this.base = {
      CallSid: callSid,
      AccountSid: ACCOUNT_SID,
      From: from,
      To: HOTLINE_NUMBER,
      Caller: from,
      Called: HOTLINE_NUMBER,
      CallStatus: 'in-progress',
      Direction: 'inbound',
      ApiVersion: '2010-04-01',
    };
    this.record = { callSid, path: path.name, deliveries: [], error: null };
  }

  async walk(): Promise<void> {
    const b = this.walker.publicBaseUrl;
    try {
      let next = await this.send('voice', `${b}/twilio/voice`, {});
      for (let turns = 0; next && turns < 40; turns++) {
        if (next.enqueue) {
          next = await this.queueVisit(next.enqueue, this.path.queueVisits[this.visitIndex++] ?? { polls: 1, end: 'hangup' });
        } else if (next.gather) {
          const key = this.path.keys[this.keyIndex++];
          if (key === undefined) break; // the caller hangs up mid-menu
          next = await this.send('keys', next.gather.action, keyParams(key, next.gather.oneKey));
        } else {
          break; // a farewell (Hangup), or an empty answer after hanging up in a queue
        }
      }
      if (next && !this.statusSent) await this.status();
      await this.flushLate();
    } catch (err) {
      this.record.error = (err as Error).message;
    }
  }

  private async queueVisit(enqueue: NonNullable<TwimlNext['enqueue']>, visit: QueueVisit): Promise<TwimlNext | null> {
    const queueParams = (position: number, seconds: number) => ({
      QueuePosition: String(position),
      QueueTime: String(seconds),
      CurrentQueueSize: String(position),
      AvgQueueTime: '0',
      MaxQueueSize: '1000',
      QueueSid: QUEUE_SID,
    });
    let seconds = 0;
    let hold: TwimlNext | null = null;
    const stalePolls: Array<Record<string, string>> = [];
    for (let i = 0; i < visit.polls; i++) {
      seconds += 10;
      const params = queueParams(visit.polls - i, seconds);
      hold = await this.send('hold', enqueue.waitUrl, params, { reorderable: false });
      if (!hold) return null;
      if (this.faultRoll('reorder')) {
        stalePolls.push(params);
        this.walker.faultsSent.staleHoldPoll++;
      }
    }
    let end = visit.end;
    if (end === 'leave') {
      const gather = hold?.gather;
      if (gather) {
        const left = await this.send('holdKeys', gather.action, { Digits: '1', FinishedOnKey: '', ...queueParams(1, seconds) });
        if (!left) return null;
        if (!left.leave) end = 'hangup';
      } else {
        end = 'hangup'; // no hold menu offered (e.g. the hotline apologised): the caller gives up
      }
    }
    seconds += 2;
    const resultParams = { QueueResult: end, QueueTime: String(seconds), QueueSid: QUEUE_SID };
    let answer: TwimlNext | null;
    if (end === 'hangup' && this.faultRoll('reorder')) {
      // Twilio's status callback and the Enqueue action are separate requests: the status can win.
      this.walker.faultsSent.statusBeforeQueueResult++;
      await this.status();
      answer = await this.send('queueResult', enqueue.action, resultParams, { reorderable: false });
    } else {
      answer = await this.send('queueResult', enqueue.action, resultParams);
    }
    for (const params of stalePolls) await this.sendLate('hold', enqueue.waitUrl, params);
    return answer;
  }

  private async status(): Promise<void> {
    this.statusSent = true;
    this.elapsed += 30;
    await this.send(
      'status',
      `${this.walker.publicBaseUrl}/twilio/status`,
      { CallStatus: 'completed', CallDuration: String(this.elapsed) },
      { reorderable: false },
    );
  }

  /**
   * Sends the delivery that walks the call, with the faults the run asks for, then any late duplicate of the
   * delivery before it (so that one arrives after the call moved on). Returns the TwiML to follow, or null
   * when the request failed.
   */
  private async send(kind: DeliveryKind, url: string, extra: Record<string, string>, opts: { reorderable?: boolean } = {}): Promise<TwimlNext | null> {
    const params = { ...this.base, ...extra };
    let answer: { status: number; body: string };
    if (this.faultRoll('duplicate')) {
      this.walker.faultsSent.duplicate++;
      const [first, second] = await Promise.all([this.walker.deliver(url, params, kind, true), this.walker.deliver(url, params, kind, false)]);
      answer = first;
      this.remember(kind, 'duplicate', url, params, second);
    } else {
      answer = await this.walker.deliver(url, params, kind, true);
    }
    const next = this.remember(kind, 'primary', url, params, answer);
    await this.flushLate();
    if (opts.reorderable !== false && kind !== 'hold' && this.faultRoll('reorder')) {
      this.walker.faultsSent.lateDuplicate++;
      this.late.push(() => this.sendLate(kind, url, params));
    }
    if (answer.status === 0) throw new Error(`${kind} request failed`);
    return next;
  }

  private async sendLate(kind: DeliveryKind, url: string, params: Record<string, string>): Promise<void> {
    const answer = await this.walker.deliver(url, { ...params }, kind, false);
    this.remember(kind, 'late', url, params, answer);
  }

  private async flushLate(): Promise<void> {
    const pending = this.late;
    this.late = [];
    for (const send of pending) await send();
  }

  private remember(
    kind: DeliveryKind,
    role: Delivery['role'],
    url: string,
    params: Record<string, string>,
    answer: { status: number; body: string },
  ): TwimlNext | null {
    const next = answer.status === 200 && answer.body ? readTwiml(answer.body) : null;
    if (next?.emergency && role === 'primary') this.walker.counts.apologies++;
    if (this.keep) this.record.deliveries.push({ kind, role, url, params, status: answer.status, next, afterStatus: this.statusSent && kind !== 'status' });
    return next;
  }

  private faultRoll(which: keyof FaultRates): boolean {
    const rate = this.walker.faults?.[which] ?? 0;
    return rate > 0 && this.random() < rate;
  }
}

/** Twilio's Gather action parameters for a key entry: `-` silence, `#` alone a skip, `123#` an entry. */
function keyParams(key: string, oneKey: boolean): Record<string, string> {
  if (key === '-') return { Digits: '', FinishedOnKey: '' };
  if (key === '#') return { Digits: '', FinishedOnKey: '#' };
  const finished = !oneKey && key.endsWith('#');
  return { Digits: key.replace(/#$/, ''), FinishedOnKey: finished ? '#' : '' };
}

function post(agent: http.Agent, host: string, port: number, path: string, body: string, signature: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        agent,
        host,
        port,
        path,
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          'x-twilio-signature': signature,
          'user-agent': 'TwilioProxy/1.1',
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.setTimeout(30_000, () => req.destroy(new Error('request timed out')));
    req.end(body);
  });
}
