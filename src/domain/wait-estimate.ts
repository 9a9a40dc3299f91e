const MIN_SAMPLES = 3;

/**
 * An honest estimate of the minutes left to wait, from how long recently answered callers of this queue
 * waited (their median) minus what this caller has waited already. Null when there is too little history
 * or the caller has already waited longer than usual: better to promise nothing than the wrong thing.
 */
export function estimateWaitMinutes(recentWaitsSeconds: number[], waitedSeconds: number): number | null {
  if (recentWaitsSeconds.length < MIN_SAMPLES) return null;
  const sorted = [...recentWaitsSeconds].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const left = median - waitedSeconds;
  if (left <= 0) return null;
  return Math.max(1, Math.ceil(left / 60));
}
