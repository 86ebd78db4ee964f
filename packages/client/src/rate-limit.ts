import { type Clock, realClock, sleep } from './clock.js';
import { ClientError } from './errors.js';

/**
 * Decides how long an item must wait before it is retried (client-go's workqueue
 * RateLimiter). `when` records a failure and returns the delay in milliseconds; `forget`
 * clears the item's history once it succeeded.
 */
export interface RateLimiter<T> {
  /** Records one more failure of `item` and returns how long to wait (ms) before retrying it. */
  when(item: T): number;
  /** Stops tracking `item`: its next failure starts from the base delay again. */
  forget(item: T): void;
  /** How many failures of `item` are on record. */
  numRequeues(item: T): number;
}

/** Throws a {@link ClientError} unless `value` is a finite number > 0 (or >= 0 when `zeroOk`). */
function requirePositive(option: string, value: number, zeroOk = false): void {
  if (!Number.isFinite(value) || value < 0 || (!zeroOk && value === 0)) {
    throw new ClientError('InvalidOption', { option, problem: `must be a finite number > ${zeroOk ? '= ' : ''}0` });
  }
}

/**
 * Per-item exponential backoff: base * 2^failures, capped at max (client-go's
 * ItemExponentialFailureRateLimiter; defaults 5 ms and 1000 s).
 */
export class ItemExponentialRateLimiter<T> implements RateLimiter<T> {
  private readonly failures = new Map<T, number>();
  private readonly baseMs: number;
  private readonly maxMs: number;

  /** Throws InvalidOption unless 0 < baseMs <= maxMs. */
  constructor(baseMs = 5, maxMs = 1_000_000) {
    requirePositive('baseMs', baseMs);
    requirePositive('maxMs', maxMs);
    if (maxMs < baseMs) throw new ClientError('InvalidOption', { option: 'maxMs', problem: 'must be >= baseMs' });
    this.baseMs = baseMs;
    this.maxMs = maxMs;
  }

  /** Returns base * 2^(previous failures), capped at max, and counts this failure. */
  when(item: T): number {
    const n = this.failures.get(item) ?? 0;
    this.failures.set(item, n + 1);
    return Math.min(this.maxMs, this.baseMs * 2 ** n);
  }

  /** Clears the failure count of `item`. */
  forget(item: T): void {
    this.failures.delete(item);
  }

  /** The failure count of `item`. */
  numRequeues(item: T): number {
    return this.failures.get(item) ?? 0;
  }
}

/**
 * A token bucket on a {@link Clock}: `burst` tokens, refilled at `qps` per second. Taking a
 * token may drive the balance negative, which is a reservation: the returned delay is when
 * that token will exist (golang.org/x/time/rate's Reserve).
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  /** Starts full. Throws InvalidOption unless qps > 0 and burst >= 1. */
  constructor(
    readonly qps: number,
    readonly burst: number,
    private readonly clock: Clock = realClock,
  ) {
    requirePositive('qps', qps);
    if (!Number.isFinite(burst) || burst < 1) {
      throw new ClientError('InvalidOption', { option: 'burst', problem: 'must be a finite number >= 1' });
    }
    this.tokens = burst;
    this.last = clock.now();
  }

  /** Takes one token now and returns the wait in ms until it is really available (0 if at once). */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : Math.ceil((-this.tokens / this.qps) * 1000);
  }

  /** Takes one token only if one is available now. */
  tryTake(): boolean {
    this.refill();
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }

  /** Gives back a token taken by {@link reserve} that will not be used. */
  cancelReservation(): void {
    this.tokens = Math.min(this.burst, this.tokens + 1);
  }

  private refill(): void {
    const now = this.clock.now();
    const elapsed = Math.max(0, now - this.last);
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.burst, this.tokens + (elapsed / 1000) * this.qps);
  }
}

/**
 * An overall limit shared by all items: each `when` takes a token from a bucket of `burst`
 * refilled at `qps` (client-go's BucketRateLimiter; defaults 10 qps, burst 100). It keeps no
 * per-item state, so `forget` does nothing and `numRequeues` is always 0.
 */
export class BucketRateLimiter<T> implements RateLimiter<T> {
  private readonly bucket: TokenBucket;

  /** Throws InvalidOption unless qps > 0 and burst >= 1. */
  constructor(qps = 10, burst = 100, clock: Clock = realClock) {
    this.bucket = new TokenBucket(qps, burst, clock);
  }

  /** The delay (ms) until the next token: 0 while the burst lasts, then 1/qps apart. */
  when(_item: T): number {
    return this.bucket.reserve();
  }

  /** No-op: the bucket keeps no per-item state. */
  forget(_item: T): void {}

  /** Always 0. */
  numRequeues(_item: T): number {
    return 0;
  }
}

/** The largest delay of several limiters (client-go's MaxOfRateLimiter); every limiter records each call. */
export class MaxOfRateLimiter<T> implements RateLimiter<T> {
  private readonly limiters: readonly RateLimiter<T>[];

  /** Needs at least one limiter. */
  constructor(...limiters: RateLimiter<T>[]) {
    if (limiters.length === 0)
      throw new ClientError('InvalidOption', { option: 'limiters', problem: 'needs at least one' });
    this.limiters = limiters;
  }

  /** Asks every limiter and returns the longest delay. */
  when(item: T): number {
    return this.limiters.reduce((max, l) => Math.max(max, l.when(item)), 0);
  }

  /** Forgets `item` in every limiter. */
  forget(item: T): void {
    for (const l of this.limiters) l.forget(item);
  }

  /** The largest count any limiter reports. */
  numRequeues(item: T): number {
    return this.limiters.reduce((max, l) => Math.max(max, l.numRequeues(item)), 0);
  }
}

/**
 * client-go's DefaultControllerRateLimiter: the max of per-item exponential backoff (5 ms to
 * 1000 s) and an overall bucket of 10 qps with burst 100.
 */
export function defaultControllerRateLimiter<T>(clock: Clock = realClock): RateLimiter<T> {
  return new MaxOfRateLimiter<T>(
    new ItemExponentialRateLimiter<T>(5, 1_000_000),
    new BucketRateLimiter<T>(10, 100, clock),
  );
}

/**
 * The REST client's client-side throttle (client-go's flowcontrol token bucket): at most
 * `burst` requests at once, then `qps` per second. Waiters are served in call order.
 */
export class RequestRateLimiter {
  private readonly bucket: TokenBucket;

  /** Defaults are client-go's: 5 qps, burst 10. Throws InvalidOption on bad values. */
  constructor(
    qps = 5,
    burst = 10,
    private readonly clock: Clock = realClock,
  ) {
    this.bucket = new TokenBucket(qps, burst, clock);
  }

  /** Takes a token if one is free now, without waiting. */
  tryAccept(): boolean {
    return this.bucket.tryTake();
  }

  /**
   * Waits for a token. Rejects with the signal's reason if `signal` aborts first; the token
   * reserved for this call is then given back.
   */
  async accept(signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    const delay = this.bucket.reserve();
    if (delay === 0) return;
    try {
      await sleep(this.clock, delay, signal);
    } catch (err) {
      this.bucket.cancelReservation();
      throw err;
    }
  }
}
