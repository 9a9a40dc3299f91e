import type { OutboxState, RiskOutboxStore } from '../../risk/risk-outbox.port';
import type { AuditTrail } from '../audit/audit-trail.port';
import { ConsoleNotFoundError } from '../console-errors';

/** What the console reads about outbox messages beside the store: their references and whether a ticket has them. */
export interface OutboxReferences {
  /** The references among `references` that are tickets (so the page can link them). */
  withTickets(references: readonly string[]): Promise<Set<string>>;
  /** The reference (idempotency key) of a message, or null when there is no such message. */
  ofMessage(id: number): Promise<string | null>;
}

/** One message as ops see it; the payload (it holds the wallet's mobile number) never leaves the store. */
export interface OutboxRow {
  id: number;
  reference: string;
  hasTicket: boolean;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  nextAttemptAt: Date;
  deliveredAt: Date | null;
  gaveUpAt: Date | null;
}

export interface OutboxOverview {
  state: OutboxState;
  backlog: { pending: number; failed: number };
  items: OutboxRow[];
}

/**
 * Ops' view of freeze requests on their way to the risk system, and the one change they make: sending again a
 * request the delivery worker gave up on. The worker picks it up at its next poll.
 */
export class RiskOutboxDesk {
  constructor(private readonly deps: { outbox: RiskOutboxStore; references: OutboxReferences; audit: AuditTrail; clock: () => Date }) {}

  /** The newest `limit` messages in `state`, with the backlog counts. */
  async overview(state: OutboxState, limit: number): Promise<OutboxOverview> {
    const [messages, backlog] = await Promise.all([this.deps.outbox.list(state, limit), this.deps.outbox.backlog()]);
    const tickets = await this.deps.references.withTickets(messages.map((m) => m.idempotencyKey));
    const items = messages.map((m) => ({
      id: m.id,
      reference: m.idempotencyKey,
      hasTicket: tickets.has(m.idempotencyKey),
      attempts: m.attempts,
      lastError: m.lastError,
      createdAt: m.createdAt,
      nextAttemptAt: m.nextAttemptAt,
      deliveredAt: m.deliveredAt,
      gaveUpAt: m.gaveUpAt,
    }));
    return { state, backlog, items };
  }

  /** Makes a given-up message due now (attempts start again from 0), and records who did it. */
  async retry(actor: string, id: number): Promise<void> {
    const reference = await this.deps.references.ofMessage(id);
    if (reference === null || !(await this.deps.outbox.retry(id, this.deps.clock()))) throw new ConsoleNotFoundError(`no given-up risk outbox message ${id}`);
    await this.deps.audit.record({ actor, action: 'riskOutbox.retry', target: `riskOutbox:${id}`, detail: { reference } });
  }
}
