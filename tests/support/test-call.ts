import type { Element } from '@xmldom/xmldom';
import { callParams, newCallSid, spoken, verb, type TwimlAnswer } from './twilio-test-client';
import type { TestHotline } from './test-hotline';

/**
 * One caller's leg driven request by request, following the URLs the hotline's own TwiML gave, with
 * Twilio's parameters: for tests that need exact control (duplicates, reordering, hostile input).
 */
export class TestCall {
  last!: TwimlAnswer;
  /** The last Enqueue answer, whose waitUrl/action the queue webhooks use. */
  enqueue: Element | null = null;
  lastHold: TwimlAnswer | null = null;

  constructor(
    private readonly t: TestHotline,
    readonly from = '+8613800138000',
    readonly callSid = newCallSid(),
  ) {}

  private params(extra: Record<string, string> = {}) {
    return callParams(this.callSid, this.from, extra);
  }

  private remember(answer: TwimlAnswer): TwimlAnswer {
    this.last = answer;
    const enqueue = verb(answer, 'Enqueue');
    if (enqueue) this.enqueue = enqueue;
    return answer;
  }

  /** The call comes in on the hotline number, or on another number's webhook (the agent line). */
  async start(path = '/twilio/voice'): Promise<TwimlAnswer> {
    return this.remember(await this.t.twilio.post(path, this.params()));
  }

  /** The action URL of the current Gather. */
  get gatherAction(): string {
    const gather = verb(this.last, 'Gather');
    if (!gather) throw new Error(`no Gather in the last answer:\n${this.last.body}`);
    return gather.getAttribute('action')!;
  }

  /** Keys for the current Gather: a one-key menu choice, or digits ended with `#` for an entry. */
  async press(keys: string): Promise<TwimlAnswer> {
    const gather = verb(this.last, 'Gather')!;
    const oneKey = gather?.getAttribute('numDigits') === '1';
    const finished = !oneKey && keys.endsWith('#');
    return this.remember(await this.t.twilio.post(this.gatherAction, this.params({ Digits: keys.replace(/#$/, ''), FinishedOnKey: finished ? '#' : '' })));
  }

  /** The Gather timed out with nothing pressed (actionOnEmptyResult posts empty Digits). */
  async silence(): Promise<TwimlAnswer> {
    return this.remember(await this.t.twilio.post(this.gatherAction, this.params({ Digits: '', FinishedOnKey: '' })));
  }

  /** The caller pressed `#` alone. */
  async skip(): Promise<TwimlAnswer> {
    return this.remember(await this.t.twilio.post(this.gatherAction, this.params({ Digits: '', FinishedOnKey: '#' })));
  }

  /** Twilio asking the queue's wait URL. */
  async hold(position: number, queueSeconds: number): Promise<TwimlAnswer> {
    if (!this.enqueue) throw new Error('the caller was never enqueued');
    this.lastHold = await this.t.twilio.post(
      this.enqueue.getAttribute('waitUrl')!,
      this.params({
        QueuePosition: String(position),
        QueueTime: String(queueSeconds),
        CurrentQueueSize: String(position),
        AvgQueueTime: '0',
        QueueSid: `QU${'1'.repeat(32)}`,
      }),
    );
    return this.lastHold;
  }

  /** A key pressed in the hold loop. */
  async holdPress(key: string, position = 1, queueSeconds = 30): Promise<TwimlAnswer> {
    const gather = this.lastHold && verb(this.lastHold, 'Gather');
    if (!gather) throw new Error('no Gather in the hold loop');
    this.lastHold = await this.t.twilio.post(
      gather.getAttribute('action')!,
      this.params({ Digits: key, FinishedOnKey: '', QueuePosition: String(position), QueueTime: String(queueSeconds) }),
    );
    return this.lastHold;
  }

  /** Twilio reporting how the queue visit ended (the Enqueue action). */
  async queueResult(result: string, queueSeconds: number): Promise<TwimlAnswer> {
    if (!this.enqueue) throw new Error('the caller was never enqueued');
    return this.remember(
      await this.t.twilio.post(
        this.enqueue.getAttribute('action')!,
        this.params({ QueueResult: result, QueueTime: String(queueSeconds), QueueSid: `QU${'1'.repeat(32)}` }),
      ),
    );
  }

  /** The status callback at the end of the call. */
  async ended(status = 'completed', durationSeconds = 42): Promise<TwimlAnswer> {
    return this.t.twilio.post('/twilio/status', this.params({ CallStatus: status, CallDuration: String(durationSeconds) }));
  }

  /** Everything said in the last answer, joined. */
  said(): string {
    return spoken(this.last).join(' ');
  }

  /** The call's row as stored. */
  stored() {
    return this.t.hotline.prisma.call.findUniqueOrThrow({ where: { callSid: this.callSid }, include: { events: { orderBy: { step: 'asc' } } } });
  }
}
