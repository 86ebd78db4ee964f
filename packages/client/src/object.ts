import type { ApiObject } from '@wheelhouse/api';
import { deepClone, type DeepReadonly } from '@wheelhouse/machinery';

export type { DeepReadonly } from '@wheelhouse/machinery';
export { deepFreeze } from '@wheelhouse/machinery';

/**
 * What the cache machinery needs of an object: its metadata (`Pick<ApiObject, 'metadata'>`).
 * Every ApiObject and every served kind (`Served<Pod>`) has it; unlike ApiObject it also holds
 * for a kind picked by a type parameter (`Served<ResourceTypes[R]>`).
 */
export type HasMetadata = Pick<ApiObject, 'metadata'>;

/** client-go's MetaNamespaceKeyFunc: "namespace/name", or "name" for cluster-scoped objects. */
export function objectKey(obj: DeepReadonly<HasMetadata>): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** `T` with every `readonly` removed, deeply: the type of a {@link mutableCopy}. */
export type DeepMutable<T> =
  T extends ReadonlyArray<infer E>
    ? DeepMutable<E>[]
    : T extends object
      ? { -readonly [K in keyof T]: DeepMutable<T[K]> }
      : T;

/**
 * A deep, mutable copy of a cached (frozen) object: what a reconcile changes and then writes
 * back (see {@link patchIfChanged}). Objects from listers must never be changed in place.
 */
export function mutableCopy<T>(obj: T): DeepMutable<T> {
  // The clone is fresh and unfrozen; only the type still says readonly.
  return deepClone(obj) as DeepMutable<T>;
}

/** Splits a key made by {@link objectKey} into namespace ('' for cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** A predicate that matches objects carrying every one of `labels` (a matchLabels selector). */
export function matchLabels(labels: Record<string, string>): (obj: DeepReadonly<HasMetadata>) => boolean {
  const wanted = Object.entries(labels);
  return (obj) => wanted.every(([k, v]) => obj.metadata.labels?.[k] === v);
}
