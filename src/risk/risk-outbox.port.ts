/** A freeze request waiting for (or past) delivery to the risk system. */
export interface OutboxMessage {
  id: number;
  idempotencyKey: string;
  payload: string;
  attempts: number;
  createdAt: Date;
  nextAttemptAt: Date;
  lastError: string | null;
  deliveredAt: Date | null;
  gaveUpAt: Date | null;
}

export type OutboxState = 'pending' | 'delivered' | 'failed';

/** Persistence of the risk outbox; claims are atomic so several instances never send one message at once. */
export interface RiskOutboxStore {
  /** Claims up to `limit` messages that are due, for `claimMs`. */
  claimDue(now: Date, limit: number, claimMs: number): Promise<OutboxMessage[]>;
  markDelivered(id: number, at: Date): Promise<void>;
  markFailed(id: number, failure: { attempts: number; nextAttemptAt: Date; error: string; gaveUp: boolean; at: Date }): Promise<void>;
  list(state: OutboxState, limit: number): Promise<OutboxMessage[]>;
  /** Makes a message that was given up on due again; false when there is no such failed message. */
  retry(id: number, now: Date): Promise<boolean>;
  /** Messages not yet delivered (pending and given up). */
  backlog(): Promise<{ pending: number; failed: number }>;
}
