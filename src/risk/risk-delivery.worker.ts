import { createHmac } from 'node:crypto';
import type { Logger } from '../logging/logger';
import { safeError } from '../logging/safe-error';
import type { OutboxMessage, RiskOutboxStore } from './risk-outbox.port';

export interface RiskDeliveryOptions {
  url: string;
  secret: string;
  /** How often to look for due messages (a freeze also kicks the worker at once). */
  pollMs?: number;
  /** Attempts before a message is given up on (visible to ops, retryable). */
  maxAttempts?: number;
  requestTimeoutMs?: number;
  /** First retry delay; doubles each attempt up to `maxBackoffMs`. */
  baseBackoffMs?: number;
  maxBackoffMs?: number;
  clock?: () => Date;
}

/** `v1=` + hex HMAC-SHA256 over `timestamp.body`, the signature the risk system checks. */
export function signRiskRequest(secret: string, timestamp: string, body: string): string {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** When to try again after `attempts` failures: exponential, capped, with ±20 % jitter so instances spread out. */
function backoffMs(attempts: number, base: number, max: number, random = Math.random): number {
  const exponential = Math.min(max, base * 2 ** Math.max(0, attempts - 1));
  return Math.round(exponential * (0.8 + 0.4 * random()));
}

/**
 * Delivers freeze requests from the outbox to the risk system as signed JSON POSTs, retrying with backoff until
 * a 2xx. State lives in the database, so deliveries survive restarts and any instance can send any message.
 */
export class RiskDeliveryWorker {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private again = false;
  private readonly o: Required<Omit<RiskDeliveryOptions, 'clock'>> & { clock: () => Date };

  constructor(
    private readonly store: RiskOutboxStore,
    private readonly logger: Logger,
    options: RiskDeliveryOptions,
  ) {
    this.o = {
      pollMs: 2000,
      maxAttempts: 10,
      requestTimeoutMs: 5000,
      baseBackoffMs: 5000,
      maxBackoffMs: 15 * 60_000,
      clock: () => new Date(),
      ...options,
    };
  }

  start(): void {
    this.timer ??= setInterval(() => this.kick(), this.o.pollMs);
    this.timer.unref();
    this.kick();
  }

  /** Looks for due messages now (after a freeze request, or on the timer); does nothing unless started. */
  kick(): void {
    if (!this.timer) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.deliverDue()
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn({ err: safeError(err) }, 'risk outbox: delivery round failed'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Stops the timer and waits for a round in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One round: claim what is due and send it. Exposed for tests and the retry command. */
  async deliverDue(): Promise<number> {
    const now = this.o.clock();
    const due = await this.store.claimDue(now, 20, this.o.requestTimeoutMs * 3);
    await Promise.all(due.map((m) => this.deliver(m)));
    return due.length;
  }

  private async deliver(message: OutboxMessage): Promise<void> {
    const timestamp = String(Math.floor(this.o.clock().getTime() / 1000));
    let error: string;
    try {
      const res = await fetch(this.o.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'idempotency-key': message.idempotencyKey,
          'x-hotline-timestamp': timestamp,
          'x-hotline-signature': signRiskRequest(this.o.secret, timestamp, message.payload),
        },
        body: message.payload,
        signal: AbortSignal.timeout(this.o.requestTimeoutMs),
      });
      await res.arrayBuffer().catch(() => undefined);
      if (res.ok) {
        await this.store.markDelivered(message.id, this.o.clock());
        this.logger.info({ outboxId: message.id, attempts: message.attempts + 1 }, 'risk outbox: freeze request delivered');
        return;
      }
      error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).name === 'TimeoutError' ? `no answer within ${this.o.requestTimeoutMs} ms` : safeError(err).message;
    }
    const attempts = message.attempts + 1;
    const gaveUp = attempts >= this.o.maxAttempts;
    const now = this.o.clock();
    await this.store.markFailed(message.id, {
      attempts,
      nextAttemptAt: new Date(now.getTime() + backoffMs(attempts, this.o.baseBackoffMs, this.o.maxBackoffMs)),
      error,
      gaveUp,
      at: now,
    });
    this.logger[gaveUp ? 'error' : 'warn'](
      { outboxId: message.id, attempts, error },
      gaveUp ? 'risk outbox: gave up; ops can retry' : 'risk outbox: delivery failed; will retry',
    );
  }
}
