/**
 * Kubernetes' two timestamp forms, RFC 3339 in UTC: `metav1.Time` (whole seconds, as in
 * `creationTimestamp`) and `metav1.MicroTime` (six fractional digits, as in a Lease's
 * `renewTime` or an Event's `eventTime`). The one formatter both the API server and the
 * client use.
 */

// The last second formatted: a busy server stamps many objects within one second.
let lastSecond = Number.NaN;
let lastStamp = '';

/** Formats epoch milliseconds as a Kubernetes `Time`: `2006-01-02T15:04:05Z` (the fraction is dropped, not rounded). */
export function formatTime(ms: number): string {
  const second = Math.floor(ms / 1000);
  if (second !== lastSecond) {
    lastSecond = second;
    lastStamp = new Date(second * 1000).toISOString().replace('.000Z', 'Z');
  }
  return lastStamp;
}

/** Formats epoch milliseconds as a Kubernetes `MicroTime`: `2006-01-02T15:04:05.000000Z` (milliseconds, then 000). */
export function formatMicroTime(ms: number): string {
  const iso = new Date(Math.floor(ms)).toISOString();
  return `${iso.slice(0, 23)}000Z`;
}
