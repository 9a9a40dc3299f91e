import type { Element } from '@xmldom/xmldom';
import { callParams, newCallSid, spoken, verb, type TwilioTestClient, type TwimlAnswer } from '../../support/twilio-test-client';

/** Anything that can deliver a webhook: one hotline instance's signed client. */
export interface Instance {
  twilio: TwilioTestClient;
}

/**
 * One caller's leg driven request by request like `TestCall`, except that every request names the instance
 * it lands on (as a load balancer would choose), and the last request can be delivered again elsewhere
 * (as Twilio retries a request whose connection broke).
 */
export class FaultCall {
  last!: TwimlAnswer;
  enqueue: Element | null = null;
  lastHold: TwimlAnswer | null = null;
  private lastRequest: { url: string; params: Record<string, string> } | null = null;

  constructor(
    readonly from = '+8613912340000',
    readonly callSid = newCallSid(),
  ) {}

  private async send(via: Instance, url: string, extra: Record<string, string> = {}): Promise<TwimlAnswer> {
    const params = callParams(this.callSid, this.from, extra);
    this.lastRequest = { url, params };
    return via.twilio.post(url, params);
  }

  private remember(answer: TwimlAnswer): TwimlAnswer {
    this.last = answer;
    const enqueue = verb(answer, 'Enqueue');
    if (enqueue) this.enqueue = enqueue;
    return answer;
  }

  /** The call comes in on the hotline number (or on another number's webhook, such as the agent line). */
  async start(via: Instance, path = '/twilio/voice'): Promise<TwimlAnswer> {
    return this.remember(await this.send(via, path));
  }

  get gatherAction(): string {
    const gather = verb(this.last, 'Gather');
    if (!gather) throw new Error(`no Gather in the last answer:\n${this.last.body}`);
    return gather.getAttribute('action')!;
  }

  /** Keys for the current Gather: a one-key choice, or digits ended with `#`. */
  async press(via: Instance, keys: string): Promise<TwimlAnswer> {
    const oneKey = verb(this.last, 'Gather')?.getAttribute('numDigits') === '1';
    const finished = !oneKey && keys.endsWith('#');
    return this.remember(await this.send(via, this.gatherAction, { Digits: keys.replace(/#$/, ''), FinishedOnKey: finished ? '#' : '' }));
  }

  /** The request just sent (whose answer may have been lost), delivered again to `via`. */
  async redeliver(via: Instance): Promise<TwimlAnswer> {
    if (!this.lastRequest) throw new Error('nothing was sent yet');
    return this.remember(await via.twilio.post(this.lastRequest.url, this.lastRequest.params));
  }

  /** Twilio asking the queue's wait URL. */
  async hold(via: Instance, position: number, queueSeconds: number): Promise<TwimlAnswer> {
    if (!this.enqueue) throw new Error('the caller was never enqueued');
    this.lastHold = await this.send(via, this.enqueue.getAttribute('waitUrl')!, {
      QueuePosition: String(position),
      QueueTime: String(queueSeconds),
      CurrentQueueSize: String(position),
      AvgQueueTime: '0',
      QueueSid: `QU${'1'.repeat(32)}`,
    });
    return this.lastHold;
  }

  /** A key pressed in the hold loop. */
  async holdPress(via: Instance, key: string, queueSeconds = 30): Promise<TwimlAnswer> {
    const gather = this.lastHold && verb(this.lastHold, 'Gather');
    if (!gather) throw new Error('no Gather in the hold loop');
    this.lastHold = await this.send(via, gather.getAttribute('action')!, {
      Digits: key,
      FinishedOnKey: '',
      QueuePosition: '1',
      QueueTime: String(queueSeconds),
    });
    return this.lastHold;
  }

  /** The Enqueue action: how the queue visit ended. */
  async queueResult(via: Instance, result: string, queueSeconds: number): Promise<TwimlAnswer> {
    if (!this.enqueue) throw new Error('the caller was never enqueued');
    return this.remember(
      await this.send(via, this.enqueue.getAttribute('action')!, { QueueResult: result, QueueTime: String(queueSeconds), QueueSid: `QU${'1'.repeat(32)}` }),
    );
  }

  /** The status callback at the end of the call. */
  async ended(via: Instance, status = 'completed', durationSeconds = 95): Promise<TwimlAnswer> {
    return this.send(via, '/twilio/status', { CallStatus: status, CallDuration: String(durationSeconds) });
  }

  said(answer: TwimlAnswer = this.last): string {
    return spoken(answer).join(' ');
  }
}

/** The call log as the fault tests compare it: `kind digits` per step, e.g. `pressed 1`, `queue.ended leave`. */
export function logLines(events: Array<{ step: number; kind: string; digits: string | null; meaning: string | null }>): string[] {
  return events.map((e) => [e.kind, e.kind === 'queue.ended' || e.kind === 'ended' ? e.meaning : e.digits].filter((x) => x !== null && x !== '').join(' '));
}
