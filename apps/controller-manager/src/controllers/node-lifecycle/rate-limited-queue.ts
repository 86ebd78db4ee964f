/**
 * kube's RateLimitedTimedQueue (nodelifecycle/scheduler): a set of node names ordered by when
 * each is due, taken from at most `qps` a second (token bucket, burst 1) on the injected clock.
 * A name added stays known after it is processed (not added again) until it is removed.
 */
import { type Clock, TokenBucket } from '@wheelhouse/client';

/** A queued node. */
export interface TimedValue {
  value: string;
  /** The node's uid when it was added. */
  uid: string;
  addedAt: number;
  processAt: number;
}

/** What an action says: done, or try again after `retryAfterMs`. */
export interface TryResult {
  done: boolean;
  retryAfterMs?: number;
}

/** The burst of every eviction limiter (kube's EvictionRateLimiterBurst). */
const BURST = 1;

/** Takes tokens at `qps` a second; never gives one at qps 0 (kube's fake never limiter). */
class Limiter {
  private readonly bucket: TokenBucket | undefined;

  constructor(
    readonly qps: number,
    clock: Clock,
  ) {
    this.bucket = qps > 0 ? new TokenBucket(qps, BURST, clock) : undefined;
  }

  tryAccept(): boolean {
    return this.bucket?.tryTake() ?? false;
  }
}

/** A rate-limited queue of node names, due soonest first. */
export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  private readonly known = new Set<string>();
  private limiter: Limiter;

  /** Starts with a full bucket of `qps` (0: nothing is ever taken). */
  constructor(
    private readonly clock: Clock,
    qps: number,
  ) {
    this.limiter = new Limiter(qps, clock);
  }

  /** The current rate (taints per second). */
  get qps(): number {
    return this.limiter.qps;
  }

  /** Names waiting to be processed. */
  get length(): number {
    return this.queue.length;
  }

  /** Queues `value` due now unless it is known (queued, or processed and not removed since); true when added. */
  add(value: string, uid: string): boolean {
    if (this.known.has(value)) return false;
    const now = this.clock.now();
    this.known.add(value);
    this.insert({ value, uid, addedAt: now, processAt: now });
    return true;
  }

  /** Forgets `value` (dequeued, and may be added again); true when it was known. */
  remove(value: string): boolean {
    if (!this.known.delete(value)) return false;
    this.queue = this.queue.filter((v) => v.value !== value);
    return true;
  }

  /**
   * Processes due values in order while the limiter gives tokens (one per value looked at):
   * a value `fn` is done with leaves the queue but stays known; one it is not done with is due
   * again `retryAfterMs` (+1) later. `fn` runs for one value at a time.
   */
  async try(fn: (value: TimedValue) => Promise<TryResult>): Promise<void> {
    for (let head = this.queue[0]; head; head = this.queue[0]) {
      if (!this.limiter.tryAccept()) return;
      const now = this.clock.now();
      if (now < head.processAt) return;
      const result = await fn(head);
      // The value may have been removed (or re-added) while fn ran.
      if (!this.queue.includes(head)) continue;
      this.queue = this.queue.filter((v) => v !== head);
      if (!result.done) this.insert({ ...head, processAt: now + (result.retryAfterMs ?? 0) + 1 });
    }
  }

  /**
   * Changes the rate (kube's SwapLimiter): nothing when it is the same; a positive rate gets a
   * new bucket, emptied when the old one had no token to give.
   */
  swapLimiter(qps: number): void {
    if (this.limiter.qps === qps) return;
    const next = new Limiter(qps, this.clock);
    if (qps > 0 && !this.limiter.tryAccept()) next.tryAccept();
    this.limiter = next;
  }

  private insert(v: TimedValue): void {
    const i = this.queue.findIndex((q) => q.processAt > v.processAt);
    if (i < 0) this.queue.push(v);
    else this.queue.splice(i, 0, v);
  }
}
