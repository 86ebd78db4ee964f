import { type Clock, type TimerHandle, realClock } from './clock.js';
import { ClientError } from './errors.js';
import { Fifo } from './fifo.js';
import { type RateLimiter, defaultControllerRateLimiter } from './rate-limit.js';
import type { QueueMetrics, WorkQueueMetricsProvider } from './workqueue-metrics.js';

/** Options of a {@link WorkQueue}. */
export interface WorkQueueOptions<T> {
  /** Drives delayed and rate-limited adds. Default: the real clock. */
  clock?: Clock;
  /** Decides the delay of {@link WorkQueue.addRateLimited}. Default: {@link defaultControllerRateLimiter}. */
  rateLimiter?: RateLimiter<T>;
  /** Names the queue in metrics (client-go's queue name); required with `metricsProvider`. */
  name?: string;
  /** Where the queue reports depth, adds, waits, work time and retries (default: nowhere). */
  metricsProvider?: WorkQueueMetricsProvider;
}

/** A pending delayed add of one item. */
interface Delayed {
  readonly readyAt: number;
  readonly timer: TimerHandle;
}

/**
 * client-go's rate-limiting work queue. Items are compared with `===` (use string keys).
 * - Duplicates collapse: an item added several times before it is handed out is handed out once.
 * - An item is never handed out twice at once: added again while being processed, it is handed
 *   out again only after {@link done}.
 * - {@link addAfter} delays an add (several delays of one item keep the earliest);
 *   {@link addRateLimited} delays by the rate limiter.
 * - After {@link shutDown} or {@link shutDownWithDrain}, adds are ignored.
 */
export class WorkQueue<T extends NonNullable<unknown> = string> {
  private readonly queue = new Fifo<T>();
  private readonly dirty = new Set<T>();
  private readonly processing = new Set<T>();
  private readonly delayed = new Map<T, Delayed>();
  private readonly waiters: ((item: T | undefined) => void)[] = [];
  private readonly drainWaiters: (() => void)[] = [];
  private readonly clock: Clock;
  private readonly limiter: RateLimiter<T>;
  private readonly metrics: QueueMetrics<T> | undefined;
  private shuttingDown = false;
  private draining = false;

  /** Creates an empty, running queue; throws InvalidOption for a metrics provider without a name. */
  constructor(options: WorkQueueOptions<T> = {}) {
    this.clock = options.clock ?? realClock;
    this.limiter = options.rateLimiter ?? defaultControllerRateLimiter<T>(this.clock);
    if (options.metricsProvider && !options.name)
      throw new ClientError('InvalidOption', { option: 'name', problem: 'a queue with metrics needs a name' });
    this.metrics = options.name ? options.metricsProvider?.queueMetrics<T>(options.name, this.clock) : undefined;
  }

  /** Marks `item` as needing processing. Ignored after shutdown. */
  add(item: T): void {
    if (this.shuttingDown || this.dirty.has(item)) return;
    this.dirty.add(item);
    this.metrics?.added(item);
    if (this.processing.has(item)) return;
    this.queue.push(item);
    this.dispatch();
  }

  /** Number of items waiting to be handed out (not counting delayed or in-process ones). */
  len(): number {
    return this.queue.length;
  }

  /**
   * Resolves with the next item, waiting while the queue is empty. Resolves `undefined` once the
   * queue is shut down; while draining, a getter waits as long as items are being processed,
   * since a re-added one comes back when it is done. The caller must call {@link done} with
   * the item when finished with it, and must not wait in `get` while holding an undone item.
   */
  get(): Promise<T | undefined> {
    const item = this.take();
    const mayGetMore = !this.shuttingDown || (this.draining && this.processing.size > 0);
    if (item !== undefined || !mayGetMore) return Promise.resolve(item);
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  /** Marks `item` as processed; if it was added meanwhile it is queued again. */
  done(item: T): void {
    if (!this.processing.delete(item)) return;
    this.metrics?.done(item);
    if (this.dirty.has(item)) {
      this.queue.push(item);
      this.dispatch();
    }
    this.checkDrained();
  }

  /** Adds `item` after `ms` on the queue's clock (at once if `ms` <= 0). */
  addAfter(item: T, ms: number): void {
    if (this.shuttingDown) return;
    this.metrics?.retried();
    if (ms <= 0) return this.add(item);
    const readyAt = this.clock.now() + ms;
    const existing = this.delayed.get(item);
    if (existing && existing.readyAt <= readyAt) return;
    if (existing) this.clock.clearTimeout(existing.timer);
    const timer = this.clock.setTimeout(() => this.fireDelayed(item), ms);
    this.delayed.set(item, { readyAt, timer });
  }

  /** Adds `item` after the delay its rate limiter gives (counting one more failure). */
  addRateLimited(item: T): void {
    if (this.shuttingDown) return;
    this.addAfter(item, this.limiter.when(item));
  }

  /** Clears `item`'s failure history in the rate limiter (call after it succeeded). */
  forget(item: T): void {
    this.limiter.forget(item);
  }

  /** How many times `item` was rate-limited since it was last forgotten. */
  numRequeues(item: T): number {
    return this.limiter.numRequeues(item);
  }

  /** True once {@link shutDown} or {@link shutDownWithDrain} was called. */
  isShuttingDown(): boolean {
    return this.shuttingDown;
  }

  /**
   * Stops at once: queued and delayed items are dropped, waiting and later `get` calls resolve
   * `undefined`. Items already handed out may still be passed to {@link done}.
   */
  shutDown(): void {
    this.stopAdding();
    this.draining = false;
    this.queue.clear();
    if (this.metrics) for (const item of this.dirty) this.metrics.dropped(item);
    this.dirty.clear();
    this.wakeAllWaiters();
    this.checkDrained();
  }

  /**
   * Stops accepting adds, keeps handing out the items already queued, and resolves once every
   * handed-out item is done and nothing is left (client-go's ShutDownWithDrain). Delayed adds
   * not yet due are dropped. A later {@link shutDown} stops handing out at once and the drain
   * then resolves as soon as the items in process are done.
   */
  shutDownWithDrain(): Promise<void> {
    this.stopAdding();
    this.draining = true;
    const drained = new Promise<void>((resolve) => this.drainWaiters.push(resolve));
    this.checkDrained();
    return drained;
  }

  private stopAdding(): void {
    this.shuttingDown = true;
    for (const d of this.delayed.values()) this.clock.clearTimeout(d.timer);
    this.delayed.clear();
  }

  private fireDelayed(item: T): void {
    this.delayed.delete(item);
    this.add(item);
  }

  /** Takes the head for processing, or undefined when empty. */
  private take(): T | undefined {
    const item = this.queue.shift();
    if (item === undefined) return undefined;
    this.processing.add(item);
    this.dirty.delete(item);
    this.metrics?.taken(item);
    return item;
  }

  private dispatch(): void {
    while (this.waiters.length > 0 && this.queue.length > 0) {
      const waiter = this.waiters.shift();
      waiter?.(this.take());
    }
  }

  private wakeAllWaiters(): void {
    for (const w of this.waiters.splice(0)) w(undefined);
  }

  private checkDrained(): void {
    if (!this.shuttingDown || this.queue.length > 0 || this.processing.size > 0) return;
    this.wakeAllWaiters();
    for (const r of this.drainWaiters.splice(0)) r();
  }
}
