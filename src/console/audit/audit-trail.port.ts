/** One change made in the console (or a callback number revealed): who, what, on what, and details without secrets. */
export interface AuditRecord {
  /** The ops user's username. */
  actor: string;
  /** e.g. `ticket.assign`, `notice.create`, `agent.resetPin`, `closure.set`. */
  action: string;
  /** e.g. `ticket:12345678`, `notice:3`, `agent:1001`, `calendar:2026-10-01`. */
  target: string;
  detail?: Record<string, unknown>;
}

export interface AuditEntryView extends AuditRecord {
  id: number;
  at: string;
}

/** The audit log as ops read it. */
export interface AuditTrail {
  record(entry: AuditRecord): Promise<void>;
  /** Newest first. */
  list(page: number, pageSize: number): Promise<{ items: AuditEntryView[]; total: number }>;
}
