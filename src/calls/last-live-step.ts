/**
 * The step a call was at when its final status callback ended it, kept beside the ended snapshot.
 *
 * Twilio sends a Gather's action and the `completed` status callback within milliseconds when a caller hangs
 * up right after typing, and across instances they are applied in either order. When the status wins, the
 * caller's input (or the Enqueue action of their last queue visit) is still owed to the call record: it is
 * applied to this live snapshot and the call is ended again, once. After that the field is gone, so a replay
 * finds nothing to apply.
 */
export interface LastLiveStep {
  step: number;
  queueStep: number | null;
  /** The persisted flow snapshot at that step. */
  snapshot: unknown;
}

/** A stored snapshot with the last live step beside it (only on a call ended by its status callback). */
type WithLastLive = { lastLive?: LastLiveStep };

/** The stored snapshot with the last live step added. */
export function withLastLive(persisted: unknown, lastLive: LastLiveStep): unknown {
  return { ...(persisted as object), lastLive };
}

/** The flow's own snapshot, without what this module keeps beside it. */
export function flowSnapshotOf(stored: unknown): unknown {
  if (!stored || typeof stored !== 'object' || !('lastLive' in stored)) return stored;
  const { lastLive: _kept, ...flow } = stored as WithLastLive & Record<string, unknown>;
  return flow;
}

/** The last live step of an ended call, when its final input may still arrive. */
export function lastLiveOf(stored: unknown): LastLiveStep | null {
  return (stored as WithLastLive | null)?.lastLive ?? null;
}
