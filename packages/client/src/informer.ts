import type { Logger } from 'pino';
import type { BackoffOptions } from './backoff.js';
import { type Clock, type TimerHandle, realClock } from './clock.js';
import { ClientError } from './errors.js';
import { type IndexFunc, Indexer, type Lister, listerFor } from './indexer.js';
import type { ListerWatcher } from './list-watch.js';
import { defaultLogger } from './logger.js';
import type { ObjectWithMetadata } from '@wheelhouse/api';
import { type DeepReadonly, deepFreeze, objectKey } from './object.js';
import { Reflector, type ReflectorStore } from './reflector.js';

/**
 * Callbacks for cache changes. They run synchronously, in order, and should only enqueue keys
 * (STYLE.md); objects are frozen. `onDelete`'s `finalStateUnknown` is true when the deletion
 * was noticed by a relist, so `obj` is the last state seen, not the final one.
 */
export interface EventHandler<T> {
  onAdd?(obj: DeepReadonly<T>, isInInitialList: boolean): void;
  onUpdate?(oldObj: DeepReadonly<T>, newObj: DeepReadonly<T>): void;
  onDelete?(obj: DeepReadonly<T>, finalStateUnknown: boolean): void;
}

/** What waiting for a cache needs of an informer, whatever its object type. */
export interface Syncable {
  /** Names the cache in logs and sync-timeout errors. */
  readonly name: string;
  hasSynced(): boolean;
  /** Resolves true once synced, or false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean>;
}

/** A registered handler; `remove` stops its notifications. */
export interface HandlerRegistration {
  remove(): void;
}

/** Options of an {@link Informer}. */
export interface InformerOptions<T> {
  /** Names the informer in logs (e.g. "pods"). */
  name: string;
  listerWatcher: ListerWatcher<T>;
  /** Secondary indexes besides the built-in namespace one (e.g. by spec.nodeName, by owner uid). */
  indexers?: Record<string, IndexFunc<T>>;
  /** Every this many ms, onUpdate(obj, obj) is called for every cached object (0 or omitted: never). */
  resyncPeriodMs?: number;
  pageSize?: number;
  minWatchTimeoutSeconds?: number;
  /** Sync through a streaming list where the server offers it (default true; see {@link ReflectorOptions.useWatchList}). */
  useWatchList?: boolean;
  /**
   * Applied to every object the reflector delivers (lists, watch events, deletions) before it
   * enters the cache or reaches a handler, e.g. {@link stripManagedFields} (client-go's
   * TransformFunc). It gets an object nobody else holds, may change it in place, and returns
   * what to cache; it must keep the namespace, name and resourceVersion. A throw is logged and
   * the object cached untransformed.
   */
  transform?: (obj: T) => T;
  backoff?: Omit<BackoffOptions, 'clock'>;
  clock?: Clock;
  logger?: Logger;
  random?: () => number;
}

/**
 * client-go's shared index informer: a {@link Reflector} keeps an {@link Indexer} in step with
 * the API and tells handlers what changed. Read the cache through {@link lister}; wait for
 * {@link hasSynced} (or {@link waitForCacheSync}) before trusting it. On a relist, objects whose
 * resourceVersion is unchanged produce no notification.
 */
export class Informer<T extends ObjectWithMetadata> implements Syncable {
  private readonly indexer: Indexer<T>;
  private readonly reflector: Reflector<T>;
  private readonly handlers = new Set<EventHandler<T>>();
  private readonly syncWaiters: (() => void)[] = [];
  private readonly clock: Clock;
  private readonly log: Logger;
  private synced = false;
  private started = false;

  /** Throws InvalidOption for a clashing index name or a negative resync period. */
  constructor(private readonly options: InformerOptions<T>) {
    if ((options.resyncPeriodMs ?? 0) < 0)
      throw new ClientError('InvalidOption', { option: 'resyncPeriodMs', problem: 'must be >= 0' });
    this.indexer = new Indexer<T>(options.indexers ?? {});
    this.clock = options.clock ?? realClock;
    this.log = (options.logger ?? defaultLogger('informer')).child({ informer: options.name });
    const t = (obj: T): T => this.transformed(obj);
    const store: ReflectorStore<T> = {
      replace: (items) => this.replace(options.transform ? items.map(t) : items),
      add: (obj) => this.upsert(t(obj), false),
      update: (obj) => this.upsert(t(obj), false),
      delete: (obj) => this.remove(t(obj)),
    };
    this.reflector = new Reflector<T>({ ...options, store, clock: this.clock, logger: this.log });
  }

  /** The name given in the options (e.g. "pods"), as logs and sync-timeout errors show it. */
  get name(): string {
    return this.options.name;
  }

  /** Read access to the cache. */
  lister(): Lister<T> {
    return listerFor(this.indexer);
  }

  /** True once the first list has been stored and announced to handlers. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** The resourceVersion the cache is current to. */
  lastSyncResourceVersion(): string {
    return this.reflector.lastSyncResourceVersion();
  }

  /** Adds a handler; if the cache already holds objects, it first gets onAdd for each. */
  addEventHandler(handler: EventHandler<T>): HandlerRegistration {
    this.handlers.add(handler);
    for (const obj of this.indexer.list()) this.call('onAdd', () => handler.onAdd?.(obj, !this.synced));
    return { remove: () => void this.handlers.delete(handler) };
  }

  /** Runs the reflector (and resync) until `signal` aborts. An informer runs once. */
  async run(signal: AbortSignal): Promise<void> {
    if (this.started) throw new ClientError('InvalidOption', { option: 'run', problem: 'informer already started' });
    this.started = true;
    const stopResync = this.startResync(signal);
    try {
      await this.reflector.run(signal);
    } finally {
      stopResync();
    }
  }

  /** Resolves true once synced, or false if `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const onAbort = (): void => resolve(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.syncWaiters.push(() => {
        signal?.removeEventListener('abort', onAbort);
        resolve(true);
      });
    });
  }

  /** The complete state after a (re)list: announces what was added, changed and removed. */
  private replace(items: T[]): void {
    const fresh = new Map(items.map((o) => [objectKey(o), o]));
    const gone = this.indexer.listKeys().filter((k) => !fresh.has(k));
    for (const key of gone) this.notifyDelete(this.indexer.remove(key)!, true);
    for (const obj of fresh.values()) this.upsert(obj, !this.synced);
    if (!this.synced) this.markSynced();
  }

  private remove(obj: T): void {
    const old = this.indexer.remove(objectKey(obj));
    if (old) this.notifyDelete(deepFreeze(obj), false);
  }

  private upsert(obj: T, initial: boolean): void {
    const old = this.indexer.getByKey(objectKey(obj));
    if (old && old.metadata.resourceVersion === obj.metadata.resourceVersion && old.metadata.resourceVersion) return;
    this.indexer.upsert(obj);
    const now = obj as DeepReadonly<T>;
    for (const h of this.handlers) {
      if (old) this.call('onUpdate', () => h.onUpdate?.(old, now));
      else this.call('onAdd', () => h.onAdd?.(now, initial));
    }
  }

  private notifyDelete(obj: DeepReadonly<T>, unknown: boolean): void {
    for (const h of this.handlers) this.call('onDelete', () => h.onDelete?.(obj, unknown));
  }

  private markSynced(): void {
    this.synced = true;
    this.log.info({ objects: this.indexer.listKeys().length }, 'cache synced');
    for (const w of this.syncWaiters.splice(0)) w();
  }

  private transformed(obj: T): T {
    const transform = this.options.transform;
    if (!transform) return obj;
    try {
      return transform(obj);
    } catch (err) {
      this.log.error({ err, key: objectKey(obj) }, 'transform failed; caching the object as received');
      return obj;
    }
  }

  /** Runs one handler callback; exceptions are logged, never allowed to stop the informer. */
  private call(callback: string, fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err, callback }, 'event handler failed');
    }
  }

  private startResync(signal: AbortSignal): () => void {
    const period = this.options.resyncPeriodMs ?? 0;
    if (period <= 0) return () => undefined;
    let timer: TimerHandle | undefined;
    const tick = (): void => {
      if (signal.aborted) return;
      if (this.synced) this.resync();
      timer = this.clock.setTimeout(tick, period);
    };
    timer = this.clock.setTimeout(tick, period);
    return () => timer && this.clock.clearTimeout(timer);
  }

  private resync(): void {
    for (const obj of this.indexer.list()) {
      for (const h of this.handlers) this.call('onUpdate', () => h.onUpdate?.(obj, obj));
    }
  }
}

/**
 * A transform for {@link InformerOptions.transform} that drops `metadata.managedFields`, which
 * controllers never read and which can be most of an object's size (client-go's
 * TransformStripManagedFields).
 */
export function stripManagedFields<T extends ObjectWithMetadata>(obj: T): T {
  if (obj.metadata.managedFields !== undefined) delete obj.metadata.managedFields;
  return obj;
}

/** Resolves true once every informer has synced, false if `signal` aborts first (client-go's WaitForCacheSync). */
export async function waitForCacheSync(
  signal: AbortSignal | undefined,
  ...informers: { waitForSync(signal?: AbortSignal): Promise<boolean> }[]
): Promise<boolean> {
  const results = await Promise.all(informers.map((i) => i.waitForSync(signal)));
  return results.every(Boolean);
}
