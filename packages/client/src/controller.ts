import type { Logger } from 'pino';
import { DEFAULT_CACHE_SYNC_TIMEOUT_MS, waitForCachesWithin } from './cache-sync.js';
import { type Clock, realClock } from './clock.js';
import { ClientError, isTerminalError } from './errors.js';
import type { EventHandler, HandlerRegistration, Informer, Syncable } from './informer.js';
import { defaultLogger } from './logger.js';
import { type Predicate, withPredicates } from './predicates.js';
import type { RateLimiter } from './rate-limit.js';
import { WorkQueue } from './workqueue.js';
import type { WorkQueueMetricsProvider } from './workqueue-metrics.js';
import type { HasMetadata } from './object.js';

/**
 * What a reconcile asks of the runner: `requeueAfter` (ms > 0) re-adds the key after that
 * delay; `requeue: true` re-adds it rate-limited; nothing (or `{}`) means done.
 */
export interface Result {
  requeueAfter?: number;
  requeue?: boolean;
}

/**
 * Brings the world in line with the desired state of `key`, re-reading everything it needs
 * (from listers) and ignoring which event woke it. A thrown error requeues the key with
 * rate-limited backoff; a {@link TerminalError} is logged and not retried. `signal` aborts when
 * the controller stops. When the object is gone, return `{}`: that ends the key.
 */
export type Reconciler<K> = (key: K, signal: AbortSignal) => Promise<Result | void>;

/** Options of a {@link Controller}. */
export interface ControllerOptions<K> {
  /** Names the controller in logs. */
  name: string;
  /** The reconcile function; retries belong to the runner, never to it. */
  reconcile: Reconciler<K>;
  /** Number of concurrent workers (default 1). One key is never reconciled by two at once. */
  workers?: number;
  /** Default: the real clock. */
  clock?: Clock;
  /** Default: client-go's default controller rate limiter. */
  rateLimiter?: RateLimiter<K>;
  /** Default: pino at info level; a child per controller is made from it. */
  logger?: Logger;
  /**
   * Caches to wait for before the first reconcile besides those given to {@link Controller.watch}
   * (informers the reconcile reads through listers only).
   */
  informers?: Syncable[];
  /** How long {@link Controller.run} waits for its caches before failing (default 120 000 ms). */
  cacheSyncTimeoutMs?: number;
  /** Reports the queue's metrics under the controller's name (e.g. a Manager's `workQueueMetrics`). */
  metricsProvider?: WorkQueueMetricsProvider;
  /** Whether a Manager runs it only while leading (default true, as controller-runtime). */
  needsLeader?: boolean;
}

/**
 * A controller runner (controller-runtime's): event handlers {@link enqueue} keys, N workers
 * take keys from a {@link WorkQueue} and reconcile them under the reconcile contract.
 */
export class Controller<K extends NonNullable<unknown> = string> {
  /** Names the controller in logs, metrics and manager errors. */
  readonly name: string;
  /** Whether a Manager runs it only while leading. */
  readonly needsLeader: boolean;
  /** The controller's queue; handlers add keys to it. */
  readonly queue: WorkQueue<K>;
  private readonly reconcile: Reconciler<K>;
  private readonly workers: number;
  private readonly clock: Clock;
  private readonly cacheSyncTimeoutMs: number;
  private readonly caches: Syncable[];
  private readonly registrations: HandlerRegistration[] = [];
  private readonly log: Logger;
  private running = false;

  /** Validates options at once; throws InvalidOption for a bad worker count or cache sync timeout. */
  constructor(options: ControllerOptions<K>) {
    const workers = options.workers ?? 1;
    if (!Number.isInteger(workers) || workers < 1) {
      throw new ClientError('InvalidOption', { option: 'workers', problem: 'must be an integer >= 1' });
    }
    const timeout = options.cacheSyncTimeoutMs ?? DEFAULT_CACHE_SYNC_TIMEOUT_MS;
    if (!(timeout > 0))
      throw new ClientError('InvalidOption', { option: 'cacheSyncTimeoutMs', problem: 'must be > 0' });
    this.name = options.name;
    this.needsLeader = options.needsLeader ?? true;
    this.workers = workers;
    this.reconcile = options.reconcile;
    this.clock = options.clock ?? realClock;
    this.cacheSyncTimeoutMs = timeout;
    this.caches = [...(options.informers ?? [])];
    this.queue = new WorkQueue<K>({
      clock: this.clock,
      ...(options.rateLimiter ? { rateLimiter: options.rateLimiter } : {}),
      ...(options.metricsProvider ? { name: options.name, metricsProvider: options.metricsProvider } : {}),
    });
    this.log = (options.logger ?? defaultLogger('controller')).child({ controller: options.name });
  }

  /**
   * Feeds `informer`'s events, filtered by `predicates`, to `handler` (usually
   * {@link enqueueObject} or {@link enqueueOwner} on this controller), and makes {@link run}
   * wait for the informer's cache. The handler is removed when the run ends.
   */
  watch<T extends HasMetadata>(informer: Informer<T>, handler: EventHandler<T>, ...predicates: Predicate<T>[]): void {
    this.caches.push(informer);
    this.registrations.push(informer.addEventHandler(withPredicates(handler, ...predicates)));
  }

  /** Adds `key` to the queue (collapsing with a pending add of the same key). */
  enqueue(key: K): void {
    this.queue.add(key);
  }

  /** Adds `key` after `ms` (client-go's AddAfter: of several pending delays of one key, the earliest holds). */
  enqueueAfter(key: K, ms: number): void {
    this.queue.addAfter(key, ms);
  }

  /**
   * Waits for the caches of watched informers (and `informers`) to sync, then runs the workers
   * until `signal` aborts; then shuts the queue down (pending keys are dropped), aborts the
   * signal given to reconciles and resolves once every in-flight reconcile has finished. Keys
   * enqueued meanwhile wait in the queue. Rejects with a CacheSyncTimeout ClientError naming
   * the caches that did not sync in time. A controller runs once.
   */
  async run(signal: AbortSignal): Promise<void> {
    if (this.running) throw new ClientError('InvalidOption', { option: 'run', problem: 'controller already started' });
    this.running = true;
    const stop = (): void => this.queue.shutDown();
    if (signal.aborted) stop();
    signal.addEventListener('abort', stop, { once: true });
    try {
      if (!(await this.waitForCaches(signal))) return;
      this.log.info({ workers: this.workers }, 'starting workers');
      const workers = Array.from({ length: this.workers }, () => this.worker(signal));
      await Promise.all(workers);
      this.log.info({}, 'all workers finished');
    } finally {
      signal.removeEventListener('abort', stop);
      this.queue.shutDown();
      for (const r of this.registrations.splice(0)) r.remove();
    }
  }

  private async waitForCaches(signal: AbortSignal): Promise<boolean> {
    if (this.caches.length === 0) return true;
    this.log.info({ caches: this.caches.map((c) => c.name) }, 'waiting for caches to sync');
    return waitForCachesWithin(this.caches, { clock: this.clock, timeoutMs: this.cacheSyncTimeoutMs, signal });
  }

  private async worker(signal: AbortSignal): Promise<void> {
    for (let key = await this.queue.get(); key !== undefined; key = await this.queue.get()) {
      try {
        await this.processKey(key, signal);
      } finally {
        this.queue.done(key);
      }
    }
  }

  private async processKey(key: K, signal: AbortSignal): Promise<void> {
    let result: Result | void;
    try {
      result = await this.reconcile(key, signal);
    } catch (err) {
      return this.handleError(key, err);
    }
    this.handleResult(key, result ?? {});
  }

  private handleResult(key: K, result: Result): void {
    if (result.requeueAfter !== undefined && result.requeueAfter > 0) {
      this.queue.forget(key);
      this.queue.addAfter(key, result.requeueAfter);
    } else if (result.requeue) {
      this.queue.addRateLimited(key);
    } else {
      this.queue.forget(key);
    }
  }

  private handleError(key: K, err: unknown): void {
    if (isTerminalError(err)) {
      this.log.error({ key, err }, 'reconcile failed permanently');
      this.queue.forget(key);
      return;
    }
    this.log.error({ key, err, requeues: this.queue.numRequeues(key) }, 'reconcile failed; requeueing');
    this.queue.addRateLimited(key);
  }
}
