/**
 * kube's RateLimitedTimedQueue (nodelifecycle/scheduler): a set of node names ordered by when
 * each is due, taken from at most `qps` a second (token bucket, burst 1) on the injected clock.
 * A name added stays known after it is processed (not added again) until it is removed.
 */
import { type Clock, type TimerHandle, TokenBucket } from '@wheelhouse/client';

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

/** What a pass waits for a token at qps 0 while values are in flight: until one of them ends. */
const NO_TOKEN_WAIT_MS = 60_000;

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

  /** How long until a token is there (ms); a long wait at qps 0. */
  nextTokenMs(): number {
    if (!this.bucket) return NO_TOKEN_WAIT_MS;
    const wait = this.bucket.reserve();
    this.bucket.cancelReservation();
    return Math.max(1, wait);
  }
}

/** A rate-limited queue of node names, due soonest first. */
export class RateLimitedTimedQueue {
  private queue: TimedValue[] = [];
  private readonly known = new Set<string>();
  /** Values taken by a running `try` whose `fn` has not finished, by value. */
  private readonly inFlight = new Map<string, TimedValue>();
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
    this.inFlight.delete(value);
    return true;
  }

  /**
   * Processes due values in order while the limiter gives tokens (one per value looked at), up
   * to `concurrency` at once: a value `fn` is done with leaves the queue but stays known; one
   * it is not done with is due again `retryAfterMs` (+1) later. With `concurrency` 1 (kube's
   * Try) `fn` runs for one value at a time and the pass ends at the first token refused; with
   * more, a refused token is waited for while some `fn` still runs, so values go out at the
   * limiter's rate rather than one per round trip.
   */
  async try(fn: (value: TimedValue) => Promise<TryResult>, concurrency = 1): Promise<void> {
    const running = new Set<Promise<void>>();
    for (let head = this.queue[0]; head; head = this.queue[0]) {
      if (!this.limiter.tryAccept()) {
        if (running.size === 0) break;
        await this.firstOf(running, this.limiter.nextTokenMs());
        continue;
      }
      const now = this.clock.now();
      if (now < head.processAt) break;
      this.queue.shift();
      this.inFlight.set(head.value, head);
      const run = this.runOne(fn, head, now).finally(() => running.delete(run));
      running.add(run);
      if (running.size >= concurrency) await Promise.race(running);
    }
    await Promise.all(running);
  }

  private async runOne(fn: (value: TimedValue) => Promise<TryResult>, head: TimedValue, now: number): Promise<void> {
    let result: TryResult;
    try {
      result = await fn(head);
    } catch {
      result = { done: false };
    }
    // The value may have been removed (or removed and added again) while fn ran.
    if (this.inFlight.get(head.value) !== head) return;
    this.inFlight.delete(head.value);
    if (!result.done) this.insert({ ...head, processAt: now + (result.retryAfterMs ?? 0) + 1 });
  }

  /** Resolves when one of `running` settles or after `ms` on the clock, whichever is first. */
  private async firstOf(running: Set<Promise<void>>, ms: number): Promise<void> {
    let timer: TimerHandle | undefined;
    const elapsed = new Promise<void>((resolve) => (timer = this.clock.setTimeout(resolve, ms)));
    try {
      await Promise.race([...running, elapsed]);
    } finally {
      this.clock.clearTimeout(timer!);
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
