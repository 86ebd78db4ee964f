/**
 * Namespaces' hooks, as kube-apiserver's namespace storage. The system namespaces exist from
 * the start and some cannot be deleted. The first DELETE of another one only marks it
 * (deletionTimestamp, phase Terminating; admission then refuses new content); its content
 * stays, and so does the namespace while spec.finalizers (["kubernetes"] from create) is not
 * empty: the namespace controller deletes the content and then removes its finalizer through
 * the finalize subresource, which only changes spec.finalizers. The namespace is removed when
 * an update leaves it with neither spec.finalizers nor metadata.finalizers, or by a later
 * DELETE once spec.finalizers is empty.
 */
import type { ApiObject, DeleteOptions } from '@wheelhouse/api';
import { deepClone, formatTime } from '@wheelhouse/machinery';
import { ApiError } from '../../errors.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../gc-finalizers.js';
import { pathGet } from '../../object.js';
import type { ObjectStorage } from '../../storage/storage.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { checkPreconditions } from '../preconditions.js';
import { namespaceDef } from '../registry.js';
import { checkResourceVersion } from '../strategy.js';

/** Namespaces that exist from the start. */
const SYSTEM_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];
const UNDELETABLE = new Set(['default', 'kube-system', 'kube-public']);

/** True if the namespace is being deleted. */
export function isTerminating(ns: ApiObject): boolean {
  return Boolean(ns.metadata.deletionTimestamp) || pathGet(ns, 'status.phase') === 'Terminating';
}

function specFinalizers(ns: ApiObject): unknown[] {
  const f = (ns.spec as { finalizers?: unknown } | undefined)?.finalizers;
  return Array.isArray(f) ? f : [];
}

/** Whether the delete wants the finalizer `f` (orphan or foregroundDeletion) on the namespace: options first, else as it is. */
function wants(f: string, opts: DeleteOptions, has: boolean): boolean {
  if (opts.orphanDependents !== undefined)
    return f === ORPHAN_FINALIZER ? opts.orphanDependents : !opts.orphanDependents;
  if (opts.propagationPolicy !== undefined)
    return opts.propagationPolicy === (f === ORPHAN_FINALIZER ? 'Orphan' : 'Foreground');
  return has;
}

/** The first DELETE: deletionTimestamp, phase Terminating, and the garbage collector's finalizers as the options ask. */
function markTerminating(ns: ApiObject, opts: DeleteOptions, now: number): ApiObject {
  ns.metadata.deletionTimestamp ??= formatTime(now);
  ns.status = { ...(ns.status as object | undefined), phase: 'Terminating' };
  const current = ns.metadata.finalizers ?? [];
  let next = [...current];
  for (const f of [ORPHAN_FINALIZER, FOREGROUND_FINALIZER]) {
    next = next.filter((x) => x !== f);
    if (wants(f, opts, current.includes(f))) next.push(f);
  }
  if (next.length !== current.length || next.some((f) => !current.includes(f))) ns.metadata.finalizers = next;
  return ns;
}

/**
 * DELETE of a namespace: refuses the system namespaces (403), checks the preconditions (409);
 * the first one marks the namespace Terminating and answers it; later ones answer it
 * unchanged while spec.finalizers remain, else leave the generic deletion to go ahead.
 */
async function deleteNamespace(
  storage: ObjectStorage,
  name: string,
  opts: DeleteOptions,
  now: number,
): Promise<ApiObject | undefined> {
  if (UNDELETABLE.has(name))
    throw new ApiError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, {
      name,
      kind: 'namespaces',
    });
  const ns = await storage.get(namespaceDef(), undefined, name);
  checkPreconditions(namespaceDef(), ns, opts.preconditions);
  if (!ns.metadata.deletionTimestamp) {
    // Guarded by the uid read above, as kube adds a uid precondition to the update.
    const uid = ns.metadata.uid;
    return storage.update(namespaceDef(), undefined, name, (current) => {
      checkPreconditions(namespaceDef(), current, { ...opts.preconditions, ...(uid ? { uid } : {}) });
      return markTerminating(current, opts, now);
    });
  }
  return specFinalizers(ns).length > 0 ? ns : undefined;
}

/** namespaces/{name}/finalize: only spec.finalizers changes. */
function finalizeNamespace(next: ApiObject, current: ApiObject): ApiObject {
  checkResourceVersion(namespaceDef(), next, current);
  const out = deepClone(current);
  out.spec = { ...(out.spec as object | undefined), finalizers: specFinalizers(next) };
  return out;
}

/** The hooks of core/v1 namespaces: their own delete, the finalize subresource and the system namespaces. */
export function namespaceHooks(deps: HookDeps): KindHooks {
  return {
    delete: (_namespace, name, opts) => deleteNamespace(deps.storage, name, opts, deps.now()),
    shouldDeleteDuringUpdate: (ns) => specFinalizers(ns).length === 0,
    updateSubresource: { finalize: finalizeNamespace },
    initialObjects: () =>
      SYSTEM_NAMESPACES.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } })),
    keptBy: 'system-namespaces',
  };
}
