/**
 * The collector's API calls on any resource (kube's operations.go and patch.go): get, delete
 * with preconditions, and JSON merge patches of ownerReferences and finalizers that carry the
 * resourceVersion they were computed from (a Conflict means: look again, through the queue).
 */
import { type RestClient, isConflict, isNotFound } from '@wheelhouse/client';
import { UnknownKind } from './errors.js';
import type { OwnerRef } from './graph.js';
import type { ObjectIdentity } from './identity.js';
import { type AnyServed, type GcResource, type GcResources, clientOf } from './resources.js';

/** kube's DeletionPropagation. */
export type Propagation = 'Background' | 'Foreground' | 'Orphan';

/** The resource of `id`'s apiVersion and kind; throws {@link UnknownKind}. */
export function resourceOf(resources: GcResources, id: Pick<ObjectIdentity, 'apiVersion' | 'kind'>): GcResource {
  const def = resources.resourceFor(id.apiVersion, id.kind);
  if (!def) throw new UnknownKind(id.apiVersion, id.kind);
  return def;
}

/** The client scoped as `id` is: its namespace for a namespaced resource, none otherwise. */
function scoped(client: RestClient, def: GcResource, namespace: string) {
  const rc = clientOf(client, def);
  return def.scope === 'Namespaced' ? rc.namespace(namespace) : rc;
}

/** The object named `name` in `namespace` (ignored for cluster-scoped kinds), or undefined when there is none. */
export async function getObject(
  client: RestClient,
  def: GcResource,
  namespace: string,
  name: string,
): Promise<AnyServed | undefined> {
  // A namespaced kind named without a namespace (from a cluster-scoped object) cannot exist.
  if (def.scope === 'Namespaced' && namespace === '') return undefined;
  try {
    return await scoped(client, def, namespace).get(name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/**
 * Deletes `latest` with `policy`, on condition that its uid and resourceVersion are still
 * those; when only the resourceVersion moved and the ownerReferences are the same, deletes on
 * the uid alone (kube does the same). Resolves false when the object is gone.
 */
export async function deleteObject(
  client: RestClient,
  def: GcResource,
  latest: AnyServed,
  policy: Propagation,
): Promise<boolean> {
  const { name, namespace = '', uid, resourceVersion } = latest.metadata;
  const rc = scoped(client, def, namespace);
  const attempt = async (preconditions: { uid: string; resourceVersion?: string }): Promise<boolean> => {
    try {
      await rc.delete(name, { propagationPolicy: policy, preconditions });
      return true;
    } catch (err) {
      if (isNotFound(err)) return false;
      throw err;
    }
  };
  try {
    return await attempt({ uid, resourceVersion });
  } catch (err) {
    if (!isConflict(err)) throw err;
    const live = await getObject(client, def, namespace, name);
    if (!live || live.metadata.uid !== uid) return false;
    if (JSON.stringify(live.metadata.ownerReferences ?? []) !== JSON.stringify(latest.metadata.ownerReferences ?? []))
      throw err;
    return attempt({ uid });
  }
}

/** Merge-patches `latest`'s metadata with `fields`, conditioned on its resourceVersion; resolves false when it is gone. */
async function patchMetadata(
  client: RestClient,
  def: GcResource,
  latest: AnyServed,
  fields: Record<string, unknown>,
): Promise<boolean> {
  const { name, namespace = '', resourceVersion } = latest.metadata;
  try {
    await scoped(client, def, namespace).patch(name, { metadata: { resourceVersion, ...fields } }, { type: 'merge' });
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    throw err;
  }
}

/** Removes the references to `ownerUids` from `latest` (kube's deleteOwnerRefJSONMergePatch). */
export function removeOwnerReferences(
  client: RestClient,
  def: GcResource,
  latest: AnyServed,
  ownerUids: ReadonlySet<string>,
): Promise<boolean> {
  const kept = (latest.metadata.ownerReferences ?? []).filter((r) => !ownerUids.has(r.uid ?? ''));
  return patchMetadata(client, def, latest, { ownerReferences: kept.length > 0 ? kept : null });
}

/** Sets blockOwnerDeletion=false on every reference of `latest` (kube's unblockOwnerReferences patch). */
export function unblockOwnerReferences(client: RestClient, def: GcResource, latest: AnyServed): Promise<boolean> {
  const refs = (latest.metadata.ownerReferences ?? []).map((r: OwnerRef) => ({ ...r, blockOwnerDeletion: false }));
  return patchMetadata(client, def, latest, { ownerReferences: refs });
}

/** Removes `finalizer` from the object `id` names, if it still has it (kube's removeFinalizer). */
export async function removeFinalizer(
  client: RestClient,
  resources: GcResources,
  id: ObjectIdentity,
  finalizer: string,
): Promise<void> {
  const def = resourceOf(resources, id);
  const latest = await getObject(client, def, id.namespace, id.name);
  if (!latest || latest.metadata.uid !== id.uid) return;
  const finalizers = latest.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return;
  const kept = finalizers.filter((f) => f !== finalizer);
  await patchMetadata(client, def, latest, { finalizers: kept.length > 0 ? kept : null });
}
