import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the hotline counts; one instance per app, each with its own registry (several apps can share a process). */
export class HotlineMetrics {
  readonly registry = new Registry();

  private readonly webhookSeconds = new Histogram({
    name: 'hotline_webhook_duration_seconds',
    help: 'Time to answer a Twilio webhook, by route and whether the caller got the normal answer or an apology.',
    labelNames: ['route', 'answer'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2],
    registers: [this.registry],
  });

  private readonly callsEnded = new Counter({
    name: 'hotline_calls_ended_total',
    help: 'Calls that ended, by branch and outcome.',
    labelNames: ['branch', 'outcome'] as const,
    registers: [this.registry],
  });

  private readonly queueWaitSeconds = new Histogram({
    name: 'hotline_queue_wait_seconds',
    help: 'How long callers waited in a queue, by queue and how the wait ended (bridged, hangup, leave…).',
    labelNames: ['queue', 'result'] as const,
    buckets: [5, 15, 30, 60, 120, 300, 600, 1200],
    registers: [this.registry],
  });

  private readonly ticketsOpened = new Counter({
    name: 'hotline_tickets_opened_total',
    help: 'Tickets opened by callers (callbacks and freeze requests), by category.',
    labelNames: ['category'] as const,
    registers: [this.registry],
  });

  private readonly errors = new Counter({
    name: 'hotline_errors_total',
    help: 'Failures answered with an apology or not recorded, by kind.',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  private readonly spooledRequests = new Counter({
    name: 'hotline_outage_spooled_total',
    help: 'Requests kept in the outage spool while the database did not answer, by kind (replayed when it is back).',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  constructor(outboxBacklog?: () => Promise<{ pending: number; failed: number }>, spoolWaiting?: () => boolean) {
    collectDefaultMetrics({ register: this.registry, prefix: 'hotline_' });
    if (spoolWaiting) {
      new Gauge({
        name: 'hotline_outage_spool_waiting',
        help: '1 while requests kept during a database outage wait to be replayed on this instance, else 0.',
        registers: [this.registry],
        collect() {
          this.set(spoolWaiting() ? 1 : 0);
        },
      });
    }
    if (outboxBacklog) {
      new Gauge({
        name: 'hotline_risk_outbox_backlog',
        help: 'Freeze requests not yet acknowledged by the risk system: pending, or failed (given up, waiting for ops).',
        labelNames: ['state'] as const,
        registers: [this.registry],
        async collect() {
          const b = await outboxBacklog().catch(() => null);
          if (!b) return;
          this.set({ state: 'pending' }, b.pending);
          this.set({ state: 'failed' }, b.failed);
        },
      });
    }
  }

  webhookAnswered(route: string, answer: 'normal' | 'apology', seconds: number): void {
    this.webhookSeconds.observe({ route, answer }, seconds);
    if (answer === 'apology') this.errors.inc({ kind: 'webhook_apology' });
  }

  callEnded(branch: string | null, outcome: string | null): void {
    this.callsEnded.inc({ branch: branch ?? 'none', outcome: outcome ?? 'unknown' });
  }

  queueLeft(queue: string, result: string, seconds: number): void {
    this.queueWaitSeconds.observe({ queue, result }, seconds);
  }

  ticketOpened(category: string): void {
    this.ticketsOpened.inc({ category });
  }

  spooled(kind: string): void {
    this.spooledRequests.inc({ kind });
  }

  error(kind: string): void {
    this.errors.inc({ kind });
  }
}
