import type { ObjectWithMetadata } from '@wheelhouse/api';
import type { Logger } from 'pino';
import type { BackoffOptions } from './backoff.js';
import type { Clock } from './clock.js';
import { ClientError } from './errors.js';
import type { IndexFunc } from './indexer.js';
import { Informer, type Syncable } from './informer.js';
import type { ListerWatcherFactory } from './rest-backed.js';
import {
  type QualifiedResourceName,
  type ResourceName,
  type ResourceOf,
  type ResourceTypes,
  type Served,
  resourceOf,
} from './resource-types.js';

/** Which objects of a resource an informer follows. */
export interface InformerScope {
  /** Only this namespace (default: all). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

/** Options of a {@link SharedInformerFactory}. */
export interface SharedInformerFactoryOptions {
  /** Builds the ListerWatcher for a resource (e.g. "pods") and scope; usually {@link restListerWatcherFactory}. */
  listerWatcherFor: ListerWatcherFactory;
  /** Sync informers through streaming lists where the server offers them (default true). */
  useWatchList?: boolean;
  /** Default resync period for informers (default: none). */
  resyncPeriodMs?: number;
  /**
   * Applied to every object before it enters any of the factory's caches (see
   * {@link InformerOptions.transform}), e.g. {@link stripManagedFields}.
   */
  transform?: <T extends ObjectWithMetadata>(obj: T) => T;
  clock?: Clock;
  logger?: Logger;
  backoff?: Omit<BackoffOptions, 'clock'>;
}

/** The informer of resource `R`: its objects as the server returns them. */
export type InformerFor<R extends ResourceName> = Informer<Served<ResourceTypes[R]>>;

/** The indexers of an informer of resource `R`. */
export type IndexersFor<R extends ResourceName> = Record<string, IndexFunc<Served<ResourceTypes[R]>>>;

interface Entry {
  informer: Syncable & { run(signal: AbortSignal): Promise<void> };
  indexNames: Set<string>;
  run?: Promise<void>;
}

/** How an informer of `resource` in `scope` is named in logs and errors: "pods", or "pods{fieldSelector=...}". */
function informerName(resource: string, scope: InformerScope): string {
  const parts = Object.entries(scope)
    .filter(([, v]) => v)
    .map(([k, v]) => `${k}=${String(v)}`);
  return parts.length === 0 ? resource : `${resource}{${parts.join(',')}}`;
}

function scopeKey(resource: string, scope: InformerScope): string {
  return JSON.stringify([resource, scope.namespace ?? '', scope.labelSelector ?? '', scope.fieldSelector ?? '']);
}

/**
 * client-go's SharedInformerFactory: one informer (one reflector, one cache) per resource and
 * scope per process, however many components ask for it. Request informers, then
 * {@link start}; informers requested later start on the next `start` call (or at once if it
 * was called).
 */
export class SharedInformerFactory {
  private readonly informers = new Map<string, Entry>();
  private signal: AbortSignal | undefined;

  /** Builds an empty factory. */
  constructor(private readonly options: SharedInformerFactoryOptions) {}

  /**
   * The shared informer for `name` (`'pods'`, or qualified as kubectl takes it:
   * `'leases.coordination.k8s.io'`), typed by the resource, in `scope`; created on first
   * request with `indexers`. A later request for an index the informer was not created with
   * throws InvalidOption: ask for every index on first use.
   */
  informerFor<N extends QualifiedResourceName>(
    name: N,
    scope: InformerScope = {},
    indexers: IndexersFor<ResourceOf<N>> = {},
  ): InformerFor<ResourceOf<N>> {
    const resource = resourceOf(name);
    const key = scopeKey(resource, scope);
    const existing = this.informers.get(key);
    if (existing) {
      const missing = Object.keys(indexers).filter((n) => !existing.indexNames.has(n));
      if (missing.length > 0) {
        const problem = `informer for ${resource} exists without index ${missing.join(', ')}`;
        throw new ClientError('InvalidOption', { option: 'indexers', problem });
      }
      // The key names the resource, so the entry holds an informer of its objects.
      return existing.informer as InformerFor<ResourceOf<N>>;
    }
    const informer = this.create(resource, scope, indexers);
    this.informers.set(key, { informer, indexNames: new Set(Object.keys(indexers)) });
    if (this.signal) this.start(this.signal);
    return informer;
  }

  /** Every informer requested so far. */
  list(): Syncable[] {
    return [...this.informers.values()].map((e) => e.informer);
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

  private create<R extends ResourceName>(resource: R, scope: InformerScope, indexers: IndexersFor<R>): InformerFor<R> {
    const o = this.options;
    return new Informer<Served<ResourceTypes[R]>>({
      name: informerName(resource, scope),
      listerWatcher: o.listerWatcherFor(resource, scope),
      indexers,
      ...(o.transform ? { transform: o.transform } : {}),
      ...(o.resyncPeriodMs ? { resyncPeriodMs: o.resyncPeriodMs } : {}),
      ...(o.useWatchList !== undefined ? { useWatchList: o.useWatchList } : {}),
      ...(o.clock ? { clock: o.clock } : {}),
      ...(o.logger ? { logger: o.logger } : {}),
      ...(o.backoff ? { backoff: o.backoff } : {}),
    });
  }
}
