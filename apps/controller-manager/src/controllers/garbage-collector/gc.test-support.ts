/** Objects the garbage collector tests build: owners, dependents and their references. */
import type { ConfigMap, OwnerReference, Pod, ReplicaSet } from '@wheelhouse/api';
import { type RestClient, type Served, isNotFound } from '@wheelhouse/client';

/** A reference to `owner` (apps/v1 ReplicaSet unless said otherwise). */
export function refTo(
  owner: { metadata: { name: string; uid: string } },
  extra: Partial<OwnerReference> = {},
): OwnerReference {
  return { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: owner.metadata.name, uid: owner.metadata.uid, ...extra };
}

/** Creates a ReplicaSet of 0 replicas (no ReplicaSet controller runs in these tests). */
export function createReplicaSet(client: RestClient, ns: string, name: string): Promise<Served<ReplicaSet>> {
  return client.resource('replicasets', ns).create({
    metadata: { name },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  });
}

/** Creates an unscheduled pod owned through `refs` (deleting it needs no kubelet), with `finalizers`. */
export function createPod(
  client: RestClient,
  ns: string,
  name: string,
  refs: OwnerReference[],
  finalizers: string[] = [],
): Promise<Served<Pod>> {
  return client.resource('pods', ns).create({
    metadata: { name, ownerReferences: refs, ...(finalizers.length ? { finalizers } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }] },
  });
}

/** Creates a ConfigMap owned through `refs`. */
export function createConfigMap(
  client: RestClient,
  ns: string,
  name: string,
  refs: OwnerReference[] = [],
): Promise<Served<ConfigMap>> {
  return client.resource('configmaps', ns).create({
    metadata: { name, ...(refs.length ? { ownerReferences: refs } : {}) },
  });
}

/** The names of the pods of `ns`, sorted. */
export async function podNames(client: RestClient, ns: string): Promise<string[]> {
  return (await client.resource('pods', ns).list()).items.map((p) => p.metadata.name).sort();
}

/** Whether the object `get` reads exists (false on NotFound). */
export async function exists(get: () => Promise<unknown>): Promise<boolean> {
  try {
    await get();
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}
