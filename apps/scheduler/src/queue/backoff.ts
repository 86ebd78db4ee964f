/** Per-pod exponential backoff (PriorityQueue.calculateBackoffDuration): initial * 2^(attempts-1), capped. */

/** The backoff after `attempts` scheduling attempts: 0 before any, then initial, doubling up to max. */
export function backoffDuration(attempts: number, initialMs: number, maxMs: number): number {
  if (attempts === 0) return 0;
  let d = initialMs;
  for (let i = 1; i < attempts; i++) {
    if (d > maxMs - d) return maxMs;
    d += d;
  }
  return d;
}
