/** Freeze requests for one wallet number, or from one caller, counted over this window. */
export const FREEZE_FLAG_WINDOW_MS = 3_600_000;
/** More than this many in the window get the new request flagged for the agent (and the risk system). */
const FREEZE_FLAG_LIMIT = 3;

/**
 * Why a new freeze request is flagged (repeated requests, a sign of abuse or of a caller in distress), or null.
 * `recent`: freeze requests of the last hour for the same wallet number or from the same caller.
 */
export function freezeFlag(
  request: { mobileNumber: string | null; callerNumber: string },
  recent: Array<{ mobileNumber: string | null; callerNumber: string }>,
): string | null {
  const sameNumber = request.mobileNumber ? recent.filter((r) => r.mobileNumber === request.mobileNumber).length : 0;
  const sameCaller = recent.filter((r) => r.callerNumber === request.callerNumber).length;
  if (sameNumber >= FREEZE_FLAG_LIMIT) return `${sameNumber + 1} freeze requests for this wallet number within an hour`;
  if (sameCaller >= FREEZE_FLAG_LIMIT) return `${sameCaller + 1} freeze requests from this caller within an hour`;
  return null;
}
