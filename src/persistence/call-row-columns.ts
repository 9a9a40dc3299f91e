import type { CallColumns, StepWrite } from '../calls/call-store.port';
import type { StoredCallRow } from './stored-call-row';

/**
 * The one declaration of which columns of `Call` a step writes, and how each value is taken from the step.
 * The SQL of both databases (Prisma's statements and SQLite's prepared ones) is built from these lists, so a
 * new column is one entry here; `tests/persistence/call-row-columns.test.ts` fails when the model has a column
 * none of these lists names.
 */
export interface StepColumn {
  column: string;
  /** Timestamps are bound as each database wants them (ISO text on SQLite, a timestamp on PostgreSQL). */
  timestamp: boolean;
  of(w: StepWrite): unknown;
}

/** The columns recomputed from the flow on every step: one entry per `CallColumns` field, nothing else. */
const DERIVED: Record<keyof CallColumns, 'value' | 'timestamp'> = {
  state: 'value',
  language: 'value',
  branch: 'value',
  outcome: 'value',
  queueName: 'value',
  enqueuedAt: 'timestamp',
  queueLeftAt: 'timestamp',
  queueWaitSeconds: 'value',
  queueResult: 'value',
  ticketReference: 'value',
  twilioStatus: 'value',
  endedAt: 'timestamp',
  durationSeconds: 'value',
  agentId: 'value',
  agentName: 'value',
  agentCallSid: 'value',
  answeredAt: 'timestamp',
  csatScore: 'value',
};

/** What every step sets on its call row, in this order. */
export const STEP_COLUMNS: readonly StepColumn[] = [
  ...(Object.keys(DERIVED) as Array<keyof CallColumns>).map((column) => ({
    column,
    timestamp: DERIVED[column] === 'timestamp',
    of: (w: StepWrite) => w.columns[column],
  })),
  { column: 'step', timestamp: false, of: (w) => w.step },
  { column: 'queueStep', timestamp: false, of: (w) => w.queueStep },
  { column: 'snapshot', timestamp: false, of: (w) => JSON.stringify(w.snapshot) },
  { column: 'updatedAt', timestamp: true, of: (w) => w.at },
];

/** What the first step of a call adds to those. */
export const NEW_CALL_COLUMNS: readonly StepColumn[] = [
  { column: 'callSid', timestamp: false, of: (w) => w.callSid },
  { column: 'role', timestamp: false, of: (w) => w.newCall!.role },
  { column: 'fromNumber', timestamp: false, of: (w) => w.newCall!.fromNumber },
  { column: 'toNumber', timestamp: false, of: (w) => w.newCall!.toNumber },
  { column: 'startedAt', timestamp: true, of: (w) => w.newCall!.startedAt },
];

/** Columns no step writes: retention's mark, and the outage replay's (written with Prisma's ORM calls). */
export const NOT_WRITTEN_BY_STEPS = ['anonymisedAt', 'degraded'] as const;

/** The columns the hot path reads to restore a call: one entry per `StoredCallRow` field. */
const READ: Record<keyof StoredCallRow, true> = { callSid: true, role: true, fromNumber: true, step: true, queueStep: true, snapshot: true };

/** `"callSid", "role", …`: the read's select list, for either SQL path. */
export const STORED_CALL_COLUMNS = (Object.keys(READ) as Array<keyof StoredCallRow>).map(quoted).join(', ');

export function quoted(column: string): string {
  return `"${column}"`;
}
