import type { ObjectWithMetadata, OwnerReference } from '@wheelhouse/api';
import type { EventHandler } from './informer.js';
import { type DeepReadonly, objectKey } from './object.js';

/** Where handlers put keys: a {@link Controller}, or anything else with `enqueue`. */
export interface Enqueuer {
  enqueue(key: string): void;
}

/**
 * Enqueues the key ("namespace/name", see {@link objectKey}) of every object added, updated or
 * deleted (controller-runtime's EnqueueRequestForObject). Combine with predicates through
 * {@link withPredicates}.
 */
export function enqueueObject<T extends ObjectWithMetadata>(queue: Enqueuer): EventHandler<T> {
  const add = (obj: DeepReadonly<T>): void => queue.enqueue(objectKey(obj));
  return { onAdd: add, onUpdate: (_old, obj) => add(obj), onDelete: add };
}

/** The kind of owner {@link enqueueOwner} follows; only the group of `apiVersion` is compared, as Kubernetes does. */
export interface OwnerKind {
  /** e.g. "apps/v1", or "v1" for the core group. */
  apiVersion: string;
  kind: string;
  /** The owner kind is cluster-scoped, so its key is its bare name (default false: it lives in its dependents' namespace). */
  clusterScoped?: boolean;
}

function groupOf(apiVersion: string | undefined): string {
  const slash = (apiVersion ?? '').indexOf('/');
  return slash < 0 ? '' : apiVersion!.slice(0, slash);
}

/** The owner reference with `controller: true`, if any (metav1.GetControllerOf). */
export function controllerOf(obj: DeepReadonly<ObjectWithMetadata>): DeepReadonly<OwnerReference> | undefined {
  return obj.metadata.ownerReferences?.find((r) => r.controller === true);
}

/**
 * Enqueues the key of the object's controlling owner (its owner reference with
 * `controller: true`) when that owner is of `owner`'s group and kind; objects without one are
 * ignored (controller-runtime's EnqueueRequestForOwner with OnlyControllerOwner). On an update
 * the owners of both the old and the new object are enqueued, so a controller that lost a
 * dependent hears of it too.
 */
export function enqueueOwner<T extends ObjectWithMetadata>(queue: Enqueuer, owner: OwnerKind): EventHandler<T> {
  const group = groupOf(owner.apiVersion);
  const ownerKey = (obj: DeepReadonly<T>): string | undefined => {
    const ref = controllerOf(obj);
    if (!ref?.name || ref.kind !== owner.kind || groupOf(ref.apiVersion) !== group) return undefined;
    const ns = owner.clusterScoped ? '' : (obj.metadata.namespace ?? '');
    return ns ? `${ns}/${ref.name}` : ref.name;
  };
  const add = (obj: DeepReadonly<T>): void => {
    const key = ownerKey(obj);
    if (key !== undefined) queue.enqueue(key);
  };
  return {
    onAdd: add,
    onUpdate: (oldObj, newObj) => {
      const before = ownerKey(oldObj);
      const after = ownerKey(newObj);
      if (before !== undefined && before !== after) queue.enqueue(before);
      if (after !== undefined) queue.enqueue(after);
    },
    onDelete: add,
  };
}
