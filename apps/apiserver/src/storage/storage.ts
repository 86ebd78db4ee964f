/**
 * Objects in the key-value store: keys `/registry/<resource>/<namespace>/<name>` (cluster
 * scoped: `/registry/<resource>/<name>`), JSON values without `resourceVersion` (it is the
 * key's mod_revision, set on every read), writes through Txn compares on mod_revision.
 */
import type { ApiObject } from '@wheelhouse/api';
import { alreadyExists, conflict, expired, notFound, timeout, unavailable, StoreError } from '../errors.js';
import { prefixEnd, type Kv, type KvStore } from './kv.js';
import { clone, jsonEqual } from '../object.js';
import type { ResourceDef } from '../registry/registry.js';

/** Root of every key the apiserver writes. */
export const REGISTRY_PREFIX = '/registry/';

/** The store key of one object: `/registry/<resource>/[<namespace>/]<name>`. */
export function storageKey(r: ResourceDef, namespace: string | undefined, name: string): string {
  return r.namespaced
    ? `${REGISTRY_PREFIX}${r.plural}/${namespace ?? ''}/${name}`
    : `${REGISTRY_PREFIX}${r.plural}/${name}`;
}

/** The key prefix of a resource, or of its objects in one namespace. */
export function resourcePrefix(r: ResourceDef, namespace?: string): string {
  return namespace && r.namespaced ? `${REGISTRY_PREFIX}${r.plural}/${namespace}/` : `${REGISTRY_PREFIX}${r.plural}/`;
}

/** Decodes a stored value; sets `metadata.resourceVersion` from the key's mod_revision. Throws on corrupt data. */
export function decodeObject(kv: Pick<Kv, 'value' | 'modRevision'>): ApiObject {
  const obj = JSON.parse(kv.value.toString()) as ApiObject;
  obj.metadata = { ...obj.metadata, resourceVersion: String(kv.modRevision) };
  return obj;
}

/** Encodes an object for storage, without `resourceVersion`. */
export function encodeObject(obj: ApiObject): Buffer {
  const { resourceVersion: _rv, ...metadata } = obj.metadata;
  return Buffer.from(JSON.stringify({ ...obj, metadata }));
}

/** Maps store failures to API errors (410 for compacted revisions, 503/504 when the store is down). */
export function storeFailure(err: unknown): unknown {
  if (!(err instanceof StoreError)) return err;
  if (err.code === 'Compacted') return expired(`too old resource version: ${err.message}`);
  if (err.code === 'Timeout') return timeout('the store did not answer in time', err);
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

const MAX_UPDATE_ATTEMPTS = 16;

/** CRUD on objects of any resource. Returned objects are fresh: the caller may mutate them. */
export class ObjectStorage {
  constructor(private readonly kv: KvStore) {}

  /** Reads one object; throws 404 NotFound. */
  async get(r: ResourceDef, namespace: string | undefined, name: string): Promise<ApiObject> {
    const res = await guard(this.kv.range({ key: storageKey(r, namespace, name) }));
    const kv = res.kvs[0];
    if (!kv) throw notFound(r, name);
    return decodeObject(kv);
  }

  /** Stores a new object; throws 409 AlreadyExists. Returns it with its resourceVersion. */
  async create(r: ResourceDef, obj: ApiObject): Promise<ApiObject> {
    const key = storageKey(r, obj.metadata.namespace, obj.metadata.name!);
    const res = await guard(this.kv.create(key, encodeObject(obj)));
    if (!res.ok) throw alreadyExists(r, obj.metadata.name!);
    return { ...obj, metadata: { ...obj.metadata, resourceVersion: String(res.revision) } };
  }

  /**
   * Read-modify-write: calls `tryUpdate` with the current object and writes its result
   * if the object did not change meanwhile, retrying with the newer object otherwise.
   * A result equal to the current object is not written (resourceVersion stays).
   */
  async update(r: ResourceDef, namespace: string | undefined, name: string, tryUpdate: TryUpdate): Promise<ApiObject> {
    const key = storageKey(r, namespace, name);
    let current = await this.get(r, namespace, name);
    for (let attempt = 0; attempt < MAX_UPDATE_ATTEMPTS; attempt++) {
      const next = await tryUpdate(clone(current));
      if (jsonEqual(next, current)) return current;
      const rv = Number(current.metadata.resourceVersion);
      const res = await guard(this.kv.update(key, encodeObject(next), rv));
      if (res.ok) return { ...next, metadata: { ...next.metadata, resourceVersion: String(res.revision) } };
      if (!res.current) throw notFound(r, name);
      current = decodeObject(res.current);
    }
    throw conflict(r, name);
  }

  /** Deletes an object if its resourceVersion is still `expectedRv`; throws 404 or 409. Returns the deleted object. */
  async delete(r: ResourceDef, current: ApiObject): Promise<ApiObject> {
    const { namespace, name } = current.metadata;
    const res = await guard(this.kv.delete(storageKey(r, namespace, name!), Number(current.metadata.resourceVersion)));
    if (res.ok) return current;
    if (!res.current) throw notFound(r, name!);
    throw conflict(r, name!);
  }

  /** Deletes a key if its mod_revision is still `expected`; false if it changed or is gone. */
  async deleteKey(key: string, expected: number): Promise<boolean> {
    return (await guard(this.kv.delete(key, expected))).ok;
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
