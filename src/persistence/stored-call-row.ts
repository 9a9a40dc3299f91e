import type { StoredCall } from '../calls/call-store.port';

/** The columns of `Call` the hot path reads, as either SQL path returns them (SQLite integers may be bigint). */
export type StoredCallRow = { callSid: string; role: string; fromNumber: string; step: number | bigint; queueStep: number | bigint | null; snapshot: string };

export function storedCallFrom(row: StoredCallRow): StoredCall {
  return {
    callSid: row.callSid,
    role: row.role === 'agent' ? 'agent' : 'caller',
    fromNumber: row.fromNumber,
    step: Number(row.step),
    queueStep: row.queueStep === null ? null : Number(row.queueStep),
    snapshot: JSON.parse(row.snapshot) as unknown,
  };
}
