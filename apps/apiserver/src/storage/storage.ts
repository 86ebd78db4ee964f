/**
 * Objects in the key-value store: keys `/registry/<resource>/<namespace>/<name>` (cluster
 * scoped: `/registry/<resource>/<name>`; custom resources `/registry/<group>/<resource>/...`),
 * JSON values in the stored version (a definition served from another version's stored
 * form is converted on every read and write here), values without `resourceVersion` (it is the
 * key's mod_revision, set on every read), writes through Txn compares on mod_revision.
 */
import { deepClone, spreadWith } from '@wheelhouse/machinery';
import type { ApiObject } from '@wheelhouse/api';
import {
  alreadyExists,
  conflict,
  entityTooLarge,
  expired,
  notFound,
  timeout,
  unavailable,
  StoreError,
  type ApiError,
} from '../errors.js';
import { prefixEnd, type Kv, type KvStore } from './kv.js';
import { jsonBoundPassed, jsonEqual, type JsonBounds } from '../object.js';
import { conversionOf, type ResourceDef } from '../registry/registry.js';
import type { LeaseManager } from './lease-manager.js';
import { WriteQueue } from './write-queue.js';

/** Root of every key the apiserver writes. */
export const REGISTRY_PREFIX = '/registry/';

/** The store key of one object: `/registry/<storageResource>/[<namespace>/]<name>`. */
export function storageKey(r: ResourceDef, namespace: string | undefined, name: string): string {
  return r.namespaced
    ? `${REGISTRY_PREFIX}${r.storageResource}/${namespace ?? ''}/${name}`
    : `${REGISTRY_PREFIX}${r.storageResource}/${name}`;
}

/** The key prefix of a resource, or of its objects in one namespace. */
export function resourcePrefix(r: ResourceDef, namespace?: string): string {
  return namespace && r.namespaced
    ? `${REGISTRY_PREFIX}${r.storageResource}/${namespace}/`
    : `${REGISTRY_PREFIX}${r.storageResource}/`;
}

/** A stored object as `r` serves it (converted from the stored version when `r` is served from another one). */
export function servedForm(r: ResourceDef, stored: ApiObject): ApiObject {
  const conv = conversionOf(r);
  return conv ? (conv.fromStorage(stored) as ApiObject) : stored;
}

/** An object of `r`'s version in its stored form. */
export function storedForm(r: ResourceDef, obj: ApiObject): ApiObject {
  const conv = conversionOf(r);
  return conv ? (conv.toStorage(obj) as ApiObject) : obj;
}

/**
 * `{ ...metadata, resourceVersion }` (spreadWith: a key a literal adds after a spread takes a
 * slow path in Node 20's V8, and every read and written object gets its resourceVersion so).
 */
function withResourceVersion(metadata: ApiObject['metadata'], revision: number): ApiObject['metadata'] {
  return spreadWith(metadata ?? {}, { resourceVersion: String(revision) });
}

/** Decodes a stored value; sets `metadata.resourceVersion` from the key's mod_revision. Throws on corrupt data. */
export function decodeObject(kv: Pick<Kv, 'value' | 'modRevision'>): ApiObject {
  const obj = JSON.parse(kv.value.toString()) as ApiObject;
  obj.metadata = withResourceVersion(obj.metadata, kv.modRevision);
  return obj;
}

/** etcd's default --max-request-bytes: the largest write the store accepts. */
export const DEFAULT_STORE_MAX_REQUEST_BYTES = 1.5 * 1024 * 1024;

/** kube-apiserver's MaxRequestBodyBytes, the limit its 413 names. */
const KUBE_REQUEST_LIMIT_BYTES = 3 * 1024 * 1024;

/** What a write adds to the object's bytes: the key thrice (compare, put, read back) and framing. */
const TXN_OVERHEAD_BYTES = 64;

/**
 * 413 for an object the store would refuse as too large (etcd's "request is too large"),
 * worded as the request-size 413 kubectl knows.
 */
function objectTooLarge(cause?: unknown): ApiError {
  return entityTooLarge(KUBE_REQUEST_LIMIT_BYTES, cause);
}

/** Encodes an object for storage, without `resourceVersion`. Throws 413 if it cannot be serialized at all. */
export function encodeObject(obj: ApiObject): Buffer {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  try {
    return Buffer.from(JSON.stringify({ ...obj, metadata }));
  } catch (err) {
    // Longer than a JavaScript string can be.
    if (err instanceof RangeError) throw objectTooLarge(err);
    throw err;
  }
}

/** Maps store failures to API errors (410 for compacted revisions, 413 for oversized writes, 503/504 when the store is down). */
export function storeFailure(err: unknown): unknown {
  if (!(err instanceof StoreError)) return err;
  if (err.code === 'Compacted') return expired(`too old resource version: ${err.message}`);
  if (err.code === 'Timeout') return timeout('the store did not answer in time', err);
  if (err.code === 'TooLarge') return objectTooLarge(err);
  return unavailable('the store is unavailable', err);
}

async function guard<T>(p: Promise<T>): Promise<T> {
  try {
    return await p;
  } catch (err) {
    throw storeFailure(err);
  }
}

/** Result of a page read from the store. */
export interface StorePage {
  kvs: Kv[];
  revision: number;
  more: boolean;
  count: number;
}

/** Decides the next object from the current one; may throw an ApiError to abort the update. */
export type TryUpdate = (current: ApiObject) => ApiObject | Promise<ApiObject>;

/** How an update's TryUpdate treats the object it is given. */
export interface UpdateOptions {
  /**
   * True when `tryUpdate` only reads `current` and returns an object that shares none of it:
   * it then gets the current object itself (the watch cache's is frozen) instead of a deep
   * copy, one copy of the object less per write. False by default: it gets a copy it may change.
   */
  readsCurrentOnly?: boolean;
}

/**
 * Conflicts with writers outside this process an update outlasts before giving up (504);
 * kube-apiserver retries until the request's deadline.
 */
const MAX_UPDATE_ATTEMPTS = 1000;

/** Options of ObjectStorage. */
export interface ObjectStorageOptions {
  /** The store's largest write (etcd --max-request-bytes); bigger objects get 413 without being sent. */
  maxRequestBytes?: number;
  /**
   * Seconds an object of `r` lives after its last write, or undefined for no TTL (kube's
   * registry TTLFunc: Events live --event-ttl). Needs a store with leases.
   */
  ttlSeconds?(r: ResourceDef): number | undefined;
  /** Hands out the leases of objects with a TTL (required with `ttlSeconds`). */
  leases?: LeaseManager;
  /**
   * The object of `key` as the watch cache last saw it (in `r`'s version), or undefined: an
   * update starts from it instead of reading the store, as kube's Cacher.GuaranteedUpdate
   * passes its cached object down (a stale one costs one failed compare, then the store's).
   */
  latest?(r: ResourceDef, key: string): ApiObject | undefined;
}

/**
 * CRUD on objects of any resource. Returned objects are fresh: the caller may mutate them.
 * Writes bigger than the store accepts are refused with 413 before anything is sent.
 */
export class ObjectStorage {
  private readonly maxRequestBytes: number;
  /** Only the size counts here: the depth and values of a body are bounded when it is decoded. */
  private readonly bounds: JsonBounds;
  private readonly writes = new WriteQueue();

  constructor(
    private readonly kv: KvStore,
    private readonly opts: ObjectStorageOptions = {},
  ) {
    this.maxRequestBytes = opts.maxRequestBytes ?? DEFAULT_STORE_MAX_REQUEST_BYTES;
    this.bounds = { bytes: this.maxRequestBytes, depth: Infinity, values: Infinity };
  }

  /**
   * The lease a write of an object of `r` attaches, when its kind has a TTL; undefined (not a
   * promise) otherwise, so the write path of every other kind awaits nothing more.
   */
  private leaseOf(r: ResourceDef): Promise<string> | undefined {
    const ttl = this.opts.ttlSeconds?.(r);
    if (ttl === undefined || !this.opts.leases) return undefined;
    return guard(this.opts.leases.leaseFor(ttl));
  }

  /**
   * The stored bytes of `obj` under `key`; 413 if the store would refuse them. A walk that
   * stops at the limit comes first, so an object sharing one large string many times is
   * refused without being serialized.
   */
  private encode(key: string, obj: ApiObject): Buffer {
    if (jsonBoundPassed(obj, this.bounds)) throw objectTooLarge();
    const value = encodeObject(obj);
    if (value.length + 3 * Buffer.byteLength(key) + TXN_OVERHEAD_BYTES > this.maxRequestBytes) throw objectTooLarge();
    return value;
  }

  /** Reads one object; throws 404 NotFound. */
  async get(r: ResourceDef, namespace: string | undefined, name: string): Promise<ApiObject> {
    const res = await guard(this.kv.range({ key: storageKey(r, namespace, name) }));
    const kv = res.kvs[0];
    if (!kv) throw notFound(r, name);
    return servedForm(r, decodeObject(kv));
  }

  /**
   * The object as the watch cache last saw it (frozen: the caller reads it, and copies it to
   * keep or change it), else as the store has it: `fresh` says which. A cached object may be
   * stale, so a caller that would refuse on it reads the store (`get`) and decides again, as
   * an update does.
   */
  async current(
    r: ResourceDef,
    namespace: string | undefined,
    name: string,
  ): Promise<{ obj: ApiObject; fresh: boolean }> {
    const cached = this.opts.latest?.(r, storageKey(r, namespace, name));
    if (cached) return { obj: cached, fresh: false };
    return { obj: await this.get(r, namespace, name), fresh: true };
  }

  /** Stores a new object; throws 409 AlreadyExists. Returns it with its resourceVersion. */
  async create(r: ResourceDef, obj: ApiObject): Promise<ApiObject> {
    const key = storageKey(r, obj.metadata.namespace, obj.metadata.name!);
    const stored = storedForm(r, obj);
    const value = this.encode(key, stored);
    const leasing = this.leaseOf(r);
    const res = await guard(this.kv.create(key, value, leasing && (await leasing)));
    if (!res.ok) throw alreadyExists(r, obj.metadata.name!);
    return servedForm(r, { ...stored, metadata: withResourceVersion(stored.metadata, res.revision) });
  }

  /**
   * Read-modify-write, as kube-apiserver's GuaranteedUpdate: calls `tryUpdate` with the
   * current object and writes its result if the object did not change meanwhile; when it
   * did, calls `tryUpdate` again with the newer object (so a 409 comes only from
   * `tryUpdate` itself, e.g. a stale resourceVersion precondition). Updates of one object
   * run one at a time in this process. A result equal to the current object is not
   * written (resourceVersion stays). Throws 404, 413 (too large to store) or `tryUpdate`'s error.
   */
  update(
    r: ResourceDef,
    namespace: string | undefined,
    name: string,
    tryUpdate: TryUpdate,
    opts: UpdateOptions = {},
  ): Promise<ApiObject> {
    const key = storageKey(r, namespace, name);
    return this.writes.run(key, () => this.guaranteedUpdate(r, namespace, name, key, tryUpdate, opts));
  }

  private async guaranteedUpdate(
    r: ResourceDef,
    namespace: string | undefined,
    name: string,
    key: string,
    tryUpdate: TryUpdate,
    opts: UpdateOptions,
  ): Promise<ApiObject> {
    // `fresh`: whether `current` was read from the store (else it is the watch cache's, maybe stale).
    let { obj: current, fresh } = await this.current(r, namespace, name);
    const refresh = async (): Promise<void> => {
      current = await this.get(r, namespace, name);
      fresh = true;
    };
    for (let attempt = 1; ; attempt++) {
      let next: ApiObject;
      try {
        next = await tryUpdate(opts.readsCurrentOnly ? current : deepClone(current));
      } catch (err) {
        // A precondition may have failed on a stale cached object: decide on the store's (kube's origStateIsCurrent).
        if (fresh) throw err;
        await refresh();
        continue;
      }
      if (jsonEqual(next, current)) {
        if (fresh) return current;
        await refresh();
        continue;
      }
      const rv = Number(current.metadata.resourceVersion);
      const stored = storedForm(r, next);
      const value = this.encode(key, stored);
      const leasing = this.leaseOf(r);
      const res = await guard(this.kv.update(key, value, rv, leasing && (await leasing)));
      if (res.ok) return servedForm(r, { ...stored, metadata: withResourceVersion(stored.metadata, res.revision) });
      if (!res.current) throw notFound(r, name);
      if (attempt >= MAX_UPDATE_ATTEMPTS)
        throw timeout(`the update of ${r.plural} "${name}" kept conflicting with other writers; try again`);
      current = servedForm(r, decodeObject(res.current));
      fresh = true;
    }
  }

  /** Deletes an object if its resourceVersion is still `expectedRv`; throws 404 or 409. Returns the deleted object. */
  async delete(r: ResourceDef, current: ApiObject): Promise<ApiObject> {
    const { namespace, name } = current.metadata;
    const res = await guard(this.kv.delete(storageKey(r, namespace, name!), Number(current.metadata.resourceVersion)));
    if (res.ok) return current;
    if (!res.current) throw notFound(r, name!);
    throw conflict(r, name!);
  }

  /**
   * Reads up to `limit` keys of a resource (in `namespace`, or all) starting at `startKey`,
   * at `revision` (0 = latest). The range never leaves the resource's (namespace's) prefix:
   * a `startKey` outside it is a bug upstream and rejects without reading.
   */
  async page(
    r: ResourceDef,
    namespace: string | undefined,
    opts: { revision: number; limit: number; startKey?: string },
  ): Promise<StorePage> {
    const prefix = resourcePrefix(r, namespace);
    const end = prefixEnd(prefix);
    const key = opts.startKey ?? prefix;
    if (!(key >= prefix && key < end)) throw new Error(`list start key ${JSON.stringify(key)} is outside ${prefix}`);
    return guard(this.kv.range({ key, end, revision: opts.revision, limit: opts.limit }));
  }

  /** The store's current revision. */
  currentRevision(): Promise<number> {
    return guard(this.kv.currentRevision());
  }
}
