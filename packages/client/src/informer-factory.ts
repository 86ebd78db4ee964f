import type { Logger } from 'pino';
import type { BackoffOptions } from './backoff.js';
import type { Clock } from './clock.js';
import { ClientError } from './errors.js';
import type { IndexFunc } from './indexer.js';
import { Informer } from './informer.js';
import type { ListerWatcher } from './list-watch.js';
import type { KubeObject } from './object.js';

/** Which objects of a resource an informer follows. */
export interface InformerScope {
  /** Only this namespace (default: all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Options of a {@link SharedInformerFactory}. */
export interface SharedInformerFactoryOptions {
  /** Builds the ListerWatcher for a resource (e.g. "pods", "deployments.apps") and scope. */
  listerWatcherFor(resource: string, scope: InformerScope): ListerWatcher<KubeObject>;
  /** Sync informers through streaming lists where the server offers them (default true). */
  useWatchList?: boolean;
  /** Default resync period for informers (default: none). */
  resyncPeriodMs?: number;
  clock?: Clock;
  logger?: Logger;
  backoff?: Omit<BackoffOptions, 'clock'>;
}

function scopeKey(resource: string, scope: InformerScope): string {
  return JSON.stringify([resource, scope.namespace ?? '', scope.labelSelector ?? '', scope.fieldSelector ?? '']);
}

/**
 * client-go's SharedInformerFactory: one informer (one reflector, one cache) per resource and
 * scope per process, however many components ask for it. Request informers, then
 * {@link start}; informers requested later start on the next `start` call.
 */
export class SharedInformerFactory {
  private readonly informers = new Map<
    string,
    { informer: Informer<KubeObject>; indexNames: Set<string>; run?: Promise<void> }
  >();
  private signal: AbortSignal | undefined;

  /** Builds an empty factory. */
  constructor(private readonly options: SharedInformerFactoryOptions) {}

  /**
   * The shared informer for `resource` in `scope`, created on first request with `indexers`.
   * A later request for an index the informer was not created with throws InvalidOption:
   * ask for every index on first use.
   */
  informerFor<T extends KubeObject>(
    resource: string,
    scope: InformerScope = {},
    indexers: Record<string, IndexFunc<T>> = {},
  ): Informer<T> {
    const key = scopeKey(resource, scope);
    const existing = this.informers.get(key);
    if (existing) {
      const missing = Object.keys(indexers).filter((n) => !existing.indexNames.has(n));
      if (missing.length > 0) {
        const problem = `informer for ${resource} exists without index ${missing.join(', ')}`;
        throw new ClientError('InvalidOption', { option: 'indexers', problem });
      }
      return existing.informer as unknown as Informer<T>;
    }
    const informer = this.create<T>(resource, scope, indexers);
    this.informers.set(key, {
      informer: informer as unknown as Informer<KubeObject>,
      indexNames: new Set(Object.keys(indexers)),
    });
    if (this.signal) this.start(this.signal);
    return informer;
  }

  /** Starts every informer not yet running; they stop when `signal` aborts. */
  start(signal: AbortSignal): void {
    this.signal = signal;
    for (const entry of this.informers.values()) entry.run ??= entry.informer.run(signal);
  }

  /** Resolves true once every requested informer has synced, false if `signal` aborts first. */
  async waitForCacheSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((e) => e.informer.waitForSync(signal)));
    return results.every(Boolean);
  }

  /** Resolves once every started informer has stopped (after the start signal aborted). */
  async shutdown(): Promise<void> {
    await Promise.all([...this.informers.values()].map((e) => e.run));
  }

  private create<T extends KubeObject>(
    resource: string,
    scope: InformerScope,
    indexers: Record<string, IndexFunc<T>>,
  ): Informer<T> {
    const o = this.options;
    return new Informer<T>({
      name: resource,
      listerWatcher: o.listerWatcherFor(resource, scope) as unknown as ListerWatcher<T>,
      indexers,
      ...(o.resyncPeriodMs ? { resyncPeriodMs: o.resyncPeriodMs } : {}),
      ...(o.useWatchList !== undefined ? { useWatchList: o.useWatchList } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.backoff ? { backoff: o.backoff } : {}),
    });
  }
}
