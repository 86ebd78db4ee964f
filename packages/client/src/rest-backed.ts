import type { Event, Lease } from '@wheelhouse/api';
import { isNotFound } from './api-errors.js';
import type { EventPatch, EventSink } from './event-types.js';
import type { InformerScope } from './informer-factory.js';
import type { LeaseStore } from './leader-election.js';
import type { ListerWatcher, ListOptions, ListPage, WatchOptions } from './list-watch.js';
import type { RestClient } from './rest-client.js';
import type { ResourceClient } from './resource-client.js';
import type { ResourceName, ResourceTypes, Served } from './resource-types.js';
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

/** Builds the ListerWatcher of a resource and scope (what a {@link SharedInformerFactory} needs). */
export type ListerWatcherFactory = <R extends ResourceName>(
  resource: R,
  scope: InformerScope,
) => ListerWatcher<Served<ResourceTypes[R]>>;

/** The `listerWatcherFor` a {@link SharedInformerFactory} needs, over the REST client. */
export function restListerWatcherFactory(client: RestClient): ListerWatcherFactory {
  return (resource, scope) => restListerWatcher(client, resource, scope);
}

/** The ListerWatcher of a resource client and scope (an informer of a resource the registry may not know). */
export function listerWatcherOver<T>(rc: ResourceClient<T>, scope: InformerScope = {}): ListerWatcher<Served<T>> {
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

/**
 * A {@link LeaseStore} over coordination.k8s.io/v1 leases, for a LeaderElector: through the
 * client's connections, with a client-side throttle of its own and the user agent
 * `<component's>/leader-election`, as kube's leader-election client.
 */
export class RestLeaseStore implements LeaseStore {
  private readonly leases: ResourceClient<Lease>;

  /** Writes with `fieldManager` when given. */
  constructor(
    client: RestClient,
    private readonly fieldManager?: string,
  ) {
    // Its own throttle, as kube builds leader election a client of its own: renewals must not
    // queue behind the component's requests (a controller manager creating thousands of pods
    // at --kube-api-qps 20 lost its lease that way and exited).
    this.leases = client.withOwnThrottle('leader-election').resource('leases');
  }

  /** Resolves undefined for a lease that does not exist; other errors reject. */
  async get(namespace: string, name: string, signal?: AbortSignal): Promise<Served<Lease> | undefined> {
    try {
      return await this.leases.get(name, { namespace, ...(signal ? { signal } : {}) });
    } catch (err) {
      if (isNotFound(err)) return undefined;
      throw err;
    }
  }

  /** Rejects with AlreadyExists if the lease exists. */
  create(lease: Lease, signal?: AbortSignal): Promise<Served<Lease>> {
    return this.leases.create(lease, this.writeOptions(lease, signal));
  }

  /** Rejects with Conflict unless `lease.metadata.resourceVersion` is current. */
  update(lease: Lease, signal?: AbortSignal): Promise<Served<Lease>> {
    return this.leases.update(lease, this.writeOptions(lease, signal));
  }

  private writeOptions(
    lease: Lease,
    signal: AbortSignal | undefined,
  ): { namespace?: string; fieldManager?: string; signal?: AbortSignal } {
    const namespace = lease.metadata?.namespace;
    return {
      ...(namespace ? { namespace } : {}),
      ...(this.fieldManager ? { fieldManager: this.fieldManager } : {}),
      ...(signal ? { signal } : {}),
    };
  }
}

/** An {@link EventSink} over core/v1 events, for an EventRecorder: create, and strategic merge patches of repeats. */
export class RestEventSink implements EventSink {
  private readonly events: ResourceClient<Event>;

  /** Builds a sink writing through `client`. */
  constructor(client: RestClient) {
    this.events = client.resource('events');
  }

  /** POSTs the Event; rejects with the server's ApiError. */
  create(namespace: string, event: Event): Promise<Served<Event>> {
    return this.events.create(event, { namespace });
  }

  /** Strategic-merge-patches count, lastTimestamp and message; NotFound when the Event is gone. */
  patch(namespace: string, name: string, patch: EventPatch): Promise<Served<Event>> {
    return this.events.patch(name, patch, { namespace, type: 'strategic' });
  }
}
