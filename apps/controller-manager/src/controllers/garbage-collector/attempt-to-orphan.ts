/**
 * kube's attemptToOrphanWorker: an owner deleted with propagationPolicy Orphan keeps the orphan
 * finalizer until every dependent in the graph no longer references it; then the finalizer
 * goes and the API server deletes the owner.
 */
import type { Result } from '@wheelhouse/client';
import type { CollectorDeps } from './attempt-to-delete.js';
import type { GraphNode } from './graph.js';
import { ORPHAN_FINALIZER, formatIdentity } from './identity.js';
import { getObject, removeFinalizer, removeOwnerReferences, resourceOf } from './operations.js';

/** The attemptToOrphan reconcile of the owner with `uid`; a failed patch throws (the key is retried, rate-limited). */
export async function attemptToOrphan(deps: CollectorDeps, uid: string): Promise<Result> {
  const owner = deps.builder.graph.get(uid);
  if (!owner) return {};
  await Promise.all([...owner.dependents].map((dep) => orphan(deps, dep, uid)));
  deps.log.info({ owner: formatIdentity(owner.identity) }, 'orphaned dependents; removing the orphan finalizer');
  await removeFinalizer(deps.client, deps.resources, owner.identity, ORPHAN_FINALIZER);
  return {};
}

/** Removes the reference to `ownerUid` from the dependent, if it still exists and has it. */
async function orphan(deps: CollectorDeps, dep: GraphNode, ownerUid: string): Promise<void> {
  const def = resourceOf(deps.resources, dep.identity);
  const latest = await getObject(deps.client, def, dep.identity.namespace, dep.identity.name);
  if (!latest || latest.metadata.uid !== dep.identity.uid) return;
  if (!(latest.metadata.ownerReferences ?? []).some((r) => r.uid === ownerUid)) return;
  await removeOwnerReferences(deps.client, def, latest, new Set([ownerUid]));
}
