import { isNotFound } from './api-errors.js';
import type { CoreEvent, EventPatch, EventSink } from './event-types.js';
import type { InformerScope } from './informer-factory.js';
import type { Lease, LeaseStore } from './lease.js';
import type { ListerWatcher, ListOptions, ListPage, WatchOptions } from './list-watch.js';
import type { KubeObject } from './object.js';
import type { RestClient } from './rest-client.js';
import type { ResourceClient } from './resource-client.js';
import type { AnyObject, ResourceName, ResourceTypes, Served } from './resource-types.js';
import type { WatchEvent } from './watch.js';

/**
 * A {@link ListerWatcher} over the REST client: lists and watches `resource` within `scope`
 * (namespace, label and field selectors), for a Reflector or Informer. List and watch reject
 * with the server's typed ApiErrors (ExpiredError for a compacted version or continue token).
 */
export function restListerWatcher<R extends ResourceName>(
  client: RestClient,
  resource: R,
  scope: InformerScope = {},
): ListerWatcher<Served<ResourceTypes[R]>> {
  return listerWatcherOver(client.resource(resource, scope.namespace), scope);
}

/**
 * The `listerWatcherFor` a {@link SharedInformerFactory} needs, over the REST client; it takes
 * resource names as kubectl does (`pods`, `deployments.apps`).
 */
export function restListerWatcherFactory(
  client: RestClient,
): (resource: string, scope: InformerScope) => ListerWatcher<KubeObject> {
  return (resource, scope) =>
    listerWatcherOver(client.resourceByName(resource, scope.namespace), scope) as unknown as ListerWatcher<KubeObject>;
}

function listerWatcherOver<T>(rc: ResourceClient<T>, scope: InformerScope): ListerWatcher<Served<T>> {
  const selectors = {
    ...(scope.labelSelector ? { labelSelector: scope.labelSelector } : {}),
    ...(scope.fieldSelector ? { fieldSelector: scope.fieldSelector } : {}),
  };
  return {
    async list(o: ListOptions): Promise<ListPage<Served<T>>> {
      const page = await rc.list({ ...selectors, ...o });
      const next = page.metadata.continue;
      return { items: page.items, resourceVersion: page.metadata.resourceVersion, ...(next ? { continue: next } : {}) };
    },
    watch(o: WatchOptions): Promise<AsyncIterable<WatchEvent<Served<T>>>> {
      return rc.watch({ ...selectors, ...o });
    },
  };
}

/** A {@link LeaseStore} over coordination.k8s.io/v1 leases, for a LeaderElector. */
export class RestLeaseStore implements LeaseStore {
  private readonly leases: ResourceClient<AnyObject>;

  /** Writes with `fieldManager` when given. */
  constructor(
    client: RestClient,
    private readonly fieldManager?: string,
  ) {
    this.leases = client.resourceByName('leases.coordination.k8s.io');
  }

  /** Resolves undefined for a lease that does not exist; other errors reject. */
  async get(namespace: string, name: string, signal?: AbortSignal): Promise<Lease | undefined> {
    try {
      return (await this.leases.get(name, { namespace, ...(signal ? { signal } : {}) })) as unknown as Lease;
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Rejects with AlreadyExists if the lease exists. */
  async create(lease: Lease, signal?: AbortSignal): Promise<Lease> {
    return (await this.leases.create(
      lease as unknown as AnyObject,
      this.writeOptions(lease, signal),
    )) as unknown as Lease;
  }

  /** Rejects with Conflict unless `lease.metadata.resourceVersion` is current. */
  async update(lease: Lease, signal?: AbortSignal): Promise<Lease> {
    return (await this.leases.update(
      lease as unknown as AnyObject,
      this.writeOptions(lease, signal),
    )) as unknown as Lease;
  }

  private writeOptions(
    lease: Lease,
    signal: AbortSignal | undefined,
  ): { namespace: string; fieldManager?: string; signal?: AbortSignal } {
    return {
      namespace: lease.metadata.namespace,
      ...(this.fieldManager ? { fieldManager: this.fieldManager } : {}),
      ...(signal ? { signal } : {}),
    };
  }
}

/** An {@link EventSink} over core/v1 events, for an EventRecorder: create, and strategic merge patches of repeats. */
export class RestEventSink implements EventSink {
  private readonly events: ResourceClient<AnyObject>;

  /** Builds a sink writing through `client`. */
  constructor(client: RestClient) {
    this.events = client.resourceByName('events');
  }

  /** POSTs the Event; rejects with the server's ApiError. */
  async create(namespace: string, event: CoreEvent): Promise<CoreEvent> {
    return (await this.events.create(event as unknown as AnyObject, { namespace })) as unknown as CoreEvent;
  }

  /** Strategic-merge-patches count, lastTimestamp and message; NotFound when the Event is gone. */
  async patch(namespace: string, name: string, patch: EventPatch): Promise<CoreEvent> {
    return (await this.events.patch(name, patch, { namespace, type: 'strategic' })) as unknown as CoreEvent;
  }
}
