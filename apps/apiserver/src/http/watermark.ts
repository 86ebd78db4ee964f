/**
 * The high-water mark of a count over one-second windows, as kube-apiserver reports its
 * inflight and inqueue gauges ("Maximal number ... in last second"): the largest value seen in
 * the most recently completed window.
 */
export class Watermark {
  private windowStart: number;
  private current = 0;
  private windowMax = 0;
  private lastMax = 0;

  /** Windows of `windowMs` on the clock `now` (ms). */
  constructor(
    private readonly now: () => number = Date.now,
    private readonly windowMs = 1000,
  ) {
    this.windowStart = now();
  }

  /** Records the count's new value. */
  set(value: number): void {
    this.roll();
    this.current = value;
    if (value > this.windowMax) this.windowMax = value;
  }

  /** The largest value of the last completed window. */
  read(): number {
    this.roll();
    return this.lastMax;
  }

  private roll(): void {
    const now = this.now();
    if (now - this.windowStart < this.windowMs) return;
    // A window with no change after the completed one held the current value throughout.
    this.lastMax = now - this.windowStart < 2 * this.windowMs ? this.windowMax : this.current;
    this.windowStart = now - ((now - this.windowStart) % this.windowMs);
    this.windowMax = this.current;
  }
}
