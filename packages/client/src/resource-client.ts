import type { IncomingMessage } from 'node:http';
import type { AnyResourceDefinition, Binding, Eviction, Scale, Status } from '@wheelhouse/api';
import { ClientError } from './errors.js';
import type { HttpMethod, RestClient, RestRequest, WatchTransport } from './rest-client.js';
import type { Served, ServedList } from './resource-types.js';
import { type WatchEvent, parseWatchStream } from './watch.js';

/** Which objects a list, watch or deleteCollection covers, and at which version. */
export interface ListQuery {
  labelSelector?: string;
  fieldSelector?: string;
  /** Page size; follow `metadata.continue` for the next page. */
  limit?: number;
  continue?: string;
  /** '' (default) reads the latest state; "0" any cached state; N a state not older than N (or exactly N, see resourceVersionMatch). */
  resourceVersion?: string;
  resourceVersionMatch?: 'Exact' | 'NotOlderThan';
  signal?: AbortSignal;
}

/** Options of a watch. */
export interface WatchQuery {
  labelSelector?: string;
  fieldSelector?: string;
  /** Events after this version; unset or "0" first sends the current state as ADDED events. */
  resourceVersion?: string;
  resourceVersionMatch?: 'NotOlderThan' | 'Exact';
  allowWatchBookmarks?: boolean;
  /** The server ends the watch after this many seconds. */
  timeoutSeconds?: number;
  /** Streaming list: current state as ADDED events, then a bookmark annotated k8s.io/initial-events-end. */
  sendInitialEvents?: boolean;
  /** Aborting it ends the watch (the stream then throws the abort reason). */
  signal?: AbortSignal;
  /** HTTP (JSON lines) or WebSocket; default: the RestClient's `watchTransport`. */
  transport?: WatchTransport;
}

/** Options of a write. */
export interface WriteOptions {
  /** Overrides the client's scope and the object's own namespace. */
  namespace?: string;
  /** Who owns the fields written (managedFields); default: the server names it after the User-Agent. */
  fieldManager?: string;
  /** Validate and answer without storing. */
  dryRun?: boolean;
  signal?: AbortSignal;
}

/** The four patch formats. */
export type PatchType = 'json' | 'merge' | 'strategic' | 'apply';

/** The Accept of a metadata-only answer (client-go's metadata client), the whole object as the fallback. */
const METADATA_ACCEPT = 'application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json';

const PATCH_CONTENT_TYPES: Readonly<Record<PatchType, string>> = {
  json: 'application/json-patch+json',
  merge: 'application/merge-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** The subresources a patch may name: status, scale, and pods' ephemeralcontainers (kubectl debug's). */
type PatchedSubresource = 'status' | 'scale' | 'ephemeralcontainers';

/** Options of a patch. `apply` needs a fieldManager; `force` takes over conflicting fields. */
export interface PatchOptions extends WriteOptions {
  type: PatchType;
  force?: boolean;
}

/** Options of a delete (meta/v1 DeleteOptions). */
export interface DeleteCallOptions {
  namespace?: string;
  gracePeriodSeconds?: number;
  propagationPolicy?: 'Background' | 'Foreground' | 'Orphan';
  /** The delete fails with Conflict unless the object still has this uid / resourceVersion. */
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
  signal?: AbortSignal;
}

type Meta = { metadata?: { name?: string | undefined; namespace?: string | undefined } | undefined };

function query(params: Record<string, string | number | boolean | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}

function deleteBody(o: DeleteCallOptions): Record<string, unknown> {
  return {
    kind: 'DeleteOptions',
    apiVersion: 'v1',
    ...(o.gracePeriodSeconds !== undefined ? { gracePeriodSeconds: o.gracePeriodSeconds } : {}),
    ...(o.propagationPolicy ? { propagationPolicy: o.propagationPolicy } : {}),
    ...(o.preconditions ? { preconditions: o.preconditions } : {}),
    ...(o.dryRun ? { dryRun: ['All'] } : {}),
  };
}

/** The events of a watch response; once `signal` aborted, the stream throws its reason (not the reset it causes). */
async function* watchEvents<T>(res: IncomingMessage, signal?: AbortSignal): AsyncGenerator<WatchEvent<T>> {
  try {
    yield* parseWatchStream<T>(res);
  } catch (err) {
    throw signal?.aborted ? signal.reason : err;
  } finally {
    res.destroy();
  }
  if (signal?.aborted) throw signal.reason;
}

/**
 * What a client needs to know of a resource to address it: a registry entry has it, and so has
 * a custom resource's entry in the server's discovery documents.
 */
export type ResourceAddress = Pick<
  AnyResourceDefinition,
  'group' | 'version' | 'kind' | 'resource' | 'scope' | 'subresources'
>;

/**
 * The typed client of one resource, across all namespaces or scoped to one. Object verbs of a
 * namespaced resource take the namespace from the call's options, else the scope, else the
 * object (writes), else the RestClient's default namespace. Every verb rejects with the typed
 * ApiError the server answers; results are fresh objects the caller may change.
 */
export class ResourceClient<T> {
  /** Built by {@link RestClient.resource} (or {@link RestClient.resourceAt} for a discovered resource). */
  constructor(
    private readonly rest: RestClient,
    /** Where the resource is served: its registry entry, or what discovery says of a custom resource. */
    readonly definition: ResourceAddress,
    /** The namespace the client is scoped to (undefined: all namespaces). */
    readonly scope?: string,
  ) {}

  /** The same resource scoped to `namespace`. */
  namespace(namespace: string): ResourceClient<T> {
    return new ResourceClient<T>(this.rest, this.definition, namespace);
  }

  /** GET one object. */
  get(name: string, options: { namespace?: string; signal?: AbortSignal } = {}): Promise<Served<T>> {
    return this.call('GET', this.path(this.nsFor(options.namespace), name), options.signal);
  }

  /** One page (or all, without `limit`) of the objects in scope. */
  list(options: ListQuery = {}): Promise<ServedList<T>> {
    const q = query({
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      limit: options.limit,
      continue: options.continue,
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
    });
    return this.call('GET', this.path(this.scope) + q, options.signal);
  }

  /** POST a new object; its namespace as described on the class. */
  create(obj: T, options: WriteOptions = {}): Promise<Served<T>> {
    return this.write('POST', obj, undefined, false, options);
  }

  /** PUT an object; stale `metadata.resourceVersion` rejects with Conflict. */
  update(obj: T, options: WriteOptions = {}): Promise<Served<T>> {
    return this.write('PUT', obj, undefined, true, options);
  }

  /** PUT the status subresource. Throws InvalidOption for a resource without one. */
  updateStatus(obj: T, options: WriteOptions = {}): Promise<Served<T>> {
    this.requireSubresource('status');
    return this.write('PUT', obj, 'status', true, options);
  }

  /**
   * PATCH an object (or its `status`, `scale` or a pod's `ephemeralcontainers` with
   * `subresource`) in one of the four formats;
   * `patch` is sent as JSON. Apply needs `fieldManager`, and conflicts (409) unless `force`.
   */
  patch(
    name: string,
    patch: unknown,
    options: PatchOptions & { subresource?: PatchedSubresource },
  ): Promise<Served<T>> {
    return this.rest.request(this.patchRequest(name, patch, options));
  }

  /**
   * {@link patch}, answered with the object's metadata alone (a PartialObjectMetadata, as
   * client-go's metadata client asks for it; a server without that form sends the object):
   * for a writer that needs only the new resourceVersion back, not the whole object.
   */
  patchForMetadata(
    name: string,
    patch: unknown,
    options: PatchOptions & { subresource?: PatchedSubresource },
  ): Promise<Pick<Served<T>, 'metadata'>> {
    return this.rest.request({ ...this.patchRequest(name, patch, options), accept: METADATA_ACCEPT });
  }

  private patchRequest(
    name: string,
    patch: unknown,
    options: PatchOptions & { subresource?: PatchedSubresource },
  ): RestRequest {
    if (options.type === 'apply' && !options.fieldManager) {
      throw new ClientError('InvalidOption', { option: 'fieldManager', problem: 'is required for apply patches' });
    }
    if (options.type !== 'apply' && options.force)
      throw new ClientError('InvalidOption', { option: 'force', problem: 'applies only to apply patches' });
    if (options.subresource) this.requireSubresource(options.subresource);
    const q = query({
      fieldManager: options.fieldManager,
      force: options.force,
      dryRun: options.dryRun ? 'All' : undefined,
    });
    const path = this.path(this.nsFor(options.namespace), name, options.subresource) + q;
    return { method: 'PATCH', path, body: patch, contentType: PATCH_CONTENT_TYPES[options.type], ...signalOf(options) };
  }

  /** DELETE one object; resolves the object (when deletion is graceful or pending finalizers) or a Success Status. */
  delete(name: string, options: DeleteCallOptions = {}): Promise<Served<T> | Status> {
    const path = this.path(this.nsFor(options.namespace), name);
    return this.rest.request({ method: 'DELETE', path, body: deleteBody(options), ...signalOf(options) });
  }

  /** DELETE every object matching the selectors in the scoped namespace (required for namespaced resources). */
  deleteCollection(options: DeleteCallOptions & Omit<ListQuery, 'signal'> = {}): Promise<ServedList<T> | Status> {
    if (this.namespaced && !(options.namespace ?? this.scope)) {
      throw new ClientError('InvalidOption', {
        option: 'namespace',
        problem: `deleteCollection of ${this.definition.resource} needs a namespace`,
      });
    }
    const q = query({
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      resourceVersion: options.resourceVersion,
    });
    const path = this.path(options.namespace ?? this.scope) + q;
    return this.rest.request({ method: 'DELETE', path, body: deleteBody(options), ...signalOf(options) });
  }

  /**
   * Opens a watch and resolves its parsed event stream once the server accepted it (a refusal
   * rejects with its ApiError). The stream throws the ApiError of an ERROR event (e.g.
   * ExpiredError for a compacted version) and transport errors; breaking out closes it.
   * `transport` picks a chunked HTTP response or a WebSocket; both behave the same.
   */
  async watch(options: WatchQuery = {}): Promise<AsyncGenerator<WatchEvent<Served<T>>>> {
    const q = query({
      watch: 1,
      labelSelector: options.labelSelector,
      fieldSelector: options.fieldSelector,
      resourceVersion: options.resourceVersion,
      resourceVersionMatch: options.resourceVersionMatch,
      allowWatchBookmarks: options.allowWatchBookmarks,
      timeoutSeconds: options.timeoutSeconds,
      sendInitialEvents: options.sendInitialEvents,
    });
    const path = this.path(this.scope) + q;
    if ((options.transport ?? this.rest.watchTransport) === 'websocket')
      return this.rest.watchSocket<Served<T>>({ path, ...signalOf(options) });
    const res = await this.rest.stream({ method: 'GET', path, ...signalOf(options) });
    return watchEvents<Served<T>>(res, options.signal);
  }

  /** POST pods/{name}/binding: assigns the pod to `binding.target`; 409 if it is already bound. */
  bind(binding: Binding, options: WriteOptions = {}): Promise<Status> {
    this.requireSubresource('binding');
    const name = binding.metadata?.name ?? '';
    const ns = options.namespace ?? binding.metadata?.namespace ?? this.scope ?? this.rest.namespace;
    const body = { apiVersion: 'v1', kind: 'Binding', ...binding };
    return this.rest.request({
      method: 'POST',
      path: this.path(ns, name, 'binding') + writeQuery(options),
      body,
      ...signalOf(options),
    });
  }

  /** POST pods/{name}/eviction; rejects with TooManyRequests while a PodDisruptionBudget forbids it. */
  evict(name: string, options: WriteOptions & { deleteOptions?: Eviction['deleteOptions'] } = {}): Promise<Status> {
    this.requireSubresource('eviction');
    const ns = this.nsFor(options.namespace);
    const body = {
      apiVersion: 'policy/v1',
      kind: 'Eviction',
      metadata: { name, namespace: ns },
      ...(options.deleteOptions ? { deleteOptions: options.deleteOptions } : {}),
    };
    return this.rest.request({
      method: 'POST',
      path: this.path(ns, name, 'eviction') + writeQuery(options),
      body,
      ...signalOf(options),
    });
  }

  /** GET {name}/scale (autoscaling/v1 Scale). */
  getScale(name: string, options: { namespace?: string; signal?: AbortSignal } = {}): Promise<Scale> {
    this.requireSubresource('scale');
    return this.call('GET', this.path(this.nsFor(options.namespace), name, 'scale'), options.signal);
  }

  /** PUT {name}/scale: sets spec.replicas (a stale resourceVersion in the Scale conflicts). */
  updateScale(name: string, scale: Scale, options: WriteOptions = {}): Promise<Scale> {
    this.requireSubresource('scale');
    const body = { apiVersion: 'autoscaling/v1', kind: 'Scale', ...scale };
    const path =
      this.path(this.nsFor(options.namespace ?? scale.metadata?.namespace), name, 'scale') + writeQuery(options);
    return this.rest.request({ method: 'PUT', path, body, ...signalOf(options) });
  }

  private get namespaced(): boolean {
    return this.definition.scope === 'Namespaced';
  }

  private write(
    method: HttpMethod,
    obj: T,
    sub: string | undefined,
    named: boolean,
    options: WriteOptions,
  ): Promise<Served<T>> {
    const meta = (obj as Meta).metadata;
    const ns = this.nsFor(options.namespace ?? this.scope ?? meta?.namespace);
    const name = named ? (meta?.name ?? '') : undefined;
    if (named && !name)
      throw new ClientError('InvalidOption', { option: 'metadata.name', problem: `${method} needs the object's name` });
    const d = this.definition;
    const body = { apiVersion: d.group === '' ? d.version : `${d.group}/${d.version}`, kind: d.kind, ...obj };
    return this.rest.request({
      method,
      path: this.path(ns, name, sub) + writeQuery(options),
      body,
      ...signalOf(options),
    });
  }

  private call<R>(method: HttpMethod, path: string, signal: AbortSignal | undefined): Promise<R> {
    return this.rest.request<R>({ method, path, ...(signal ? { signal } : {}) });
  }

  /** The namespace of an object verb: explicit, else the scope, else the client's default ('' for cluster-scoped). */
  private nsFor(explicit: string | undefined): string {
    if (!this.namespaced) return '';
    return explicit || this.scope || this.rest.namespace;
  }

  private path(namespace: string | undefined, name?: string, sub?: string): string {
    const d = this.definition;
    const root = d.group === '' ? `/api/${d.version}` : `/apis/${d.group}/${d.version}`;
    const ns = this.namespaced && namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
    const tail = (name !== undefined ? `/${encodeURIComponent(name)}` : '') + (sub ? `/${sub}` : '');
    return `${root}${ns}/${d.resource}${tail}`;
  }

  private requireSubresource(name: string): void {
    if (!this.definition.subresources.some((s) => s.name === name)) {
      throw new ClientError('InvalidOption', {
        option: 'subresource',
        problem: `${this.definition.resource} has no ${name} subresource`,
      });
    }
  }
}

function signalOf(o: { signal?: AbortSignal | undefined }): { signal?: AbortSignal } {
  return o.signal ? { signal: o.signal } : {};
}

function writeQuery(o: WriteOptions): string {
  return query({ fieldManager: o.fieldManager, dryRun: o.dryRun ? 'All' : undefined });
}
