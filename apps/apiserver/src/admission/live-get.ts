/** The read admission plugins make of another object: the watch cache's copy, else the store's. */
import type { ApiObject } from '@wheelhouse/api';
import { ApiError } from '../errors.js';
import type { ResourceDef } from '../registry/registry.js';
import { storageKey, type ObjectStorage } from '../storage/storage.js';
import type { WatchCache } from '../watch/watch-cache.js';

/**
 * The object `name` of `def` (in `namespace`, for a namespaced kind) as the watch cache has it
 * (frozen: copy it to change it), else as the store has it: a cache that lags behind a
 * just-created object must not refuse a request, so kube's plugins fall back to a live
 * lookup too. Undefined when neither has it; other store errors are thrown.
 */
export async function cachedOrStored(
  cache: WatchCache,
  storage: ObjectStorage,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
): Promise<ApiObject | undefined> {
  const cached = cache.get(def, storageKey(def, namespace, name));
  if (cached) return cached;
  try {
    return await storage.get(def, namespace, name);
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'NotFound') return undefined;
    throw err;
  }
}
