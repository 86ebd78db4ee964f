/**
 * Watches served straight from the store, for resources the watch cache does not hold
 * (Events), as kube-apiserver's etcd3 watcher serves them: one store watch per client
 * watch on the resource's (namespace's) prefix, with previous values so that objects
 * entering or leaving the selectors translate as they do from the cache.
 */
import type { ApiObject } from '@wheelhouse/api';
import type { ResourceDef } from '../registry/registry.js';
import { decodeObject, servedForm } from '../storage/storage.js';
import type { KvEvent, KvStore } from '../storage/kv.js';
import { makeEvent, type CacheEvent } from './watch-cache.js';

/** What a store-served watch needs from the store. */
export type StoreWatchSource = Pick<KvStore, 'watch'>;

function served(r: ResourceDef, kv: KvEvent['kv']): ApiObject {
  return servedForm(r, decodeObject(kv));
}

/**
 * One store change as a watch event of `r`: ADDED for a key's creation (its create and mod
 * revisions agree, as etcd3's watcher decides), MODIFIED for a later put, DELETED with the
 * last object at the deletion's revision. A deletion whose previous value is gone (compacted)
 * cannot be shown and is skipped.
 */
export function storeEvent(r: ResourceDef, e: KvEvent): CacheEvent | undefined {
  const rv = e.kv.modRevision;
  if (e.type === 'delete') {
    if (!e.prev) return undefined;
    const prev = served(r, e.prev);
    const last = { ...prev, metadata: { ...prev.metadata, resourceVersion: String(rv) } };
    return makeEvent('DELETED', e.kv.key, last, prev, rv, 0);
  }
  const prev = e.prev && served(r, e.prev);
  const type = e.kv.createRevision === rv ? 'ADDED' : 'MODIFIED';
  return makeEvent(type, e.kv.key, served(r, e.kv), prev, rv, 0);
}
