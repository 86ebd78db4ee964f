import { type JsonObject, createMergePatch, isJsonObject } from '@wheelhouse/machinery';
import type { DeepReadonly } from './object.js';
import type { ResourceClient } from './resource-client.js';
import type { Served } from './resource-types.js';

/** Options of {@link patchIfChanged}. */
export interface PatchIfChangedOptions {
  /** Patch the `status` subresource (where status changes of kinds with one must go). */
  subresource?: 'status';
  /**
   * Include the cached `metadata.resourceVersion`, so the patch fails with a Conflict if the
   * object changed since it was cached (controller-runtime's MergeFromWithOptimisticLock).
   */
  optimisticLock?: boolean;
  fieldManager?: string;
  signal?: AbortSignal;
}

/** `value` as plain JSON: what the server would receive (undefined fields dropped). */
function json(value: unknown): JsonObject {
  return JSON.parse(JSON.stringify(value));
}

/**
 * Writes the difference between `cached` (an object from an informer's cache, never mutated)
 * and `modified` (a changed copy) as a JSON merge patch of the object (or its `status` with
 * `subresource: 'status'`), named and namespaced as `cached`; resolves what the server stored.
 * Sends nothing and resolves undefined when the two do not differ, so a reconcile that finds
 * nothing to change costs no request (kwok's status writer). Rejects with the server's ApiError.
 */
export async function patchIfChanged<T>(
  client: ResourceClient<T>,
  cached: DeepReadonly<Served<T>>,
  modified: T | DeepReadonly<T>,
  options: PatchIfChangedOptions = {},
): Promise<Served<T> | undefined> {
  const patch = createMergePatch(json(cached), json(modified));
  if (Object.keys(patch).length === 0) return undefined;
  const { name, namespace, resourceVersion } = cached.metadata;
  if (options.optimisticLock)
    patch.metadata = { ...(isJsonObject(patch.metadata) ? patch.metadata : {}), resourceVersion };
  return client.patch(name, patch, {
    type: 'merge',
    ...(namespace ? { namespace } : {}),
    ...(options.subresource ? { subresource: options.subresource } : {}),
    ...(options.fieldManager ? { fieldManager: options.fieldManager } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
}
