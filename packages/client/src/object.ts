import type { DeepReadonly } from '@wheelhouse/machinery';

export type { DeepReadonly } from '@wheelhouse/machinery';
export { deepFreeze } from '@wheelhouse/machinery';

/** The metadata fields the client machinery reads. */
export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  labels?: Record<string, string>;
  [key: string]: unknown;
}

/** Any Kubernetes object: the cache and informers need only its metadata. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata: ObjectMeta;
}

/** client-go's MetaNamespaceKeyFunc: "namespace/name", or "name" for cluster-scoped objects. */
export function objectKey(obj: KubeObject): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** Splits a key made by {@link objectKey} into namespace ('' for cluster-scoped) and name. */
export function splitKey(key: string): { namespace: string; name: string } {
  const i = key.indexOf('/');
  return i < 0 ? { namespace: '', name: key } : { namespace: key.slice(0, i), name: key.slice(i + 1) };
}

/** A predicate that matches objects carrying every one of `labels` (a matchLabels selector). */
export function matchLabels(labels: Record<string, string>): (obj: DeepReadonly<KubeObject>) => boolean {
  const wanted = Object.entries(labels);
  return (obj) => wanted.every(([k, v]) => obj.metadata.labels?.[k] === v);
}
