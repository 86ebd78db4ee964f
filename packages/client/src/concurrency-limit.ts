/**
 * At most `limit` pieces of async work at once, the rest waiting in order: the shape of a
 * fixed pool of workers (client-go's workers, kube's ParallelizeUntil) where the work arrives
 * as promises rather than from a queue.
 */
export class ConcurrencyLimit {
  private running = 0;
  /** Resumes each waiter: with true when a freed slot passes to it, false when refused by close. */
  private readonly waiting: Array<(slot: boolean) => void> = [];
  /** Set by {@link close}: the one error every later run is refused with. */
  private closed: Error | undefined;

  /** Throws a RangeError unless `limit` is a positive integer. */
  constructor(readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1)
      throw new RangeError(`concurrency limit must be a positive integer, got ${limit}`);
  }

  /** Pieces of work under way now. */
  get inFlight(): number {
    return this.running;
  }

  /** Pieces of work waiting for a slot. */
  get queued(): number {
    return this.waiting.length;
  }

  /** Runs `work` once a slot is free and settles as it does; a rejection frees the slot too. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.closed) throw this.closed;
    if (this.running < this.limit) this.running++;
    else {
      // A freed slot passes straight to the next waiter, so `running` stays counted for it.
      const slot = await new Promise<boolean>((resolve) => this.waiting.push(resolve));
      if (!slot) throw this.closed!;
    }
    try {
      return await work();
    } finally {
      const next = this.closed ? undefined : this.waiting.shift();
      if (next) next(true);
      else this.running--;
    }
  }

  /**
   * Refuses work from now on with `error`: what waits for a slot at once, later runs as they
   * come. Work under way finishes.
   */
  close(error: Error): void {
    this.closed ??= error;
    for (const resume of this.waiting.splice(0)) resume(false);
  }
}
