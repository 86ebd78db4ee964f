/**
 * Per-node backoff for deleting a DaemonSet's failed pods (kube's failedPodsBackoff, a
 * flowcontrol.Backoff from 1 s to 15 min without jitter), so a kubelet that keeps rejecting the
 * pod does not make the controller hot-loop on create and delete.
 */
export class FailedPodsBackoff {
  private readonly entries = new Map<string, { backoff: number; lastUpdate: number }>();

  /** Delays start at `initialMs` and double up to `maxMs`. */
  constructor(
    private readonly initialMs = 1_000,
    private readonly maxMs = 15 * 60_000,
  ) {}

  private expired(now: number, last: number): boolean {
    return now - last > 2 * this.maxMs;
  }

  /** True while `key` is within its current delay since the last {@link next}. */
  isInBackOffSinceUpdate(key: string, now: number): boolean {
    const e = this.entries.get(key);
    return e !== undefined && !this.expired(now, e.lastUpdate) && now - e.lastUpdate < e.backoff;
  }

  /** The current delay of `key` (0 when it has none). */
  get(key: string): number {
    return this.entries.get(key)?.backoff ?? 0;
  }

  /** Starts or doubles the delay of `key`, from `now`. */
  next(key: string, now: number): void {
    const e = this.entries.get(key);
    const backoff = !e || this.expired(now, e.lastUpdate) ? this.initialMs : Math.min(2 * e.backoff, this.maxMs);
    this.entries.set(key, { backoff, lastUpdate: now });
  }
}
