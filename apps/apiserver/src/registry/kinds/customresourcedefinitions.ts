/**
 * DELETE of a CustomResourceDefinition, as apiextensions-apiserver's CRD storage: the first
 * one marks it (deletionTimestamp, the `customresourcecleanup.apiextensions.k8s.io`
 * finalizer, condition Terminating=True InstanceDeletionPending) and answers it; the CRD
 * controller (src/crd/) then deletes its custom resources and removes the finalizer. Later
 * DELETEs answer it unchanged while the finalizer remains.
 */
import type { ApiObject, CustomResourceDefinitionCondition, DeleteOptions } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';
import { CRD_CLEANUP_FINALIZER, CRD_GROUP, CRD_PLURAL, type Crd } from '../../crd/types.js';
import type { ObjectStorage } from '../../storage/storage.js';
import type { HookDeps, KindHooks } from '../hooks.js';
import { checkPreconditions } from '../preconditions.js';
import { resourceDef } from '../registry.js';

/** Sets (replacing one of the same type) a condition on a CRD's status; keeps lastTransitionTime if the status did not move. */
export function setCondition(crd: Crd, c: CustomResourceDefinitionCondition): void {
  const status = (crd.status ??= {});
  const conditions = (status.conditions ??= []);
  const i = conditions.findIndex((x) => x.type === c.type);
  const old = i < 0 ? undefined : conditions[i];
  const next = {
    ...c,
    lastTransitionTime: old && old.status === c.status ? old.lastTransitionTime : c.lastTransitionTime,
  };
  if (i < 0) conditions.push(next);
  else conditions[i] = next;
}

async function deleteCrd(storage: ObjectStorage, name: string, opts: DeleteOptions, now: number) {
  const def = resourceDef(CRD_GROUP, CRD_PLURAL);
  const crd = await storage.get(def, undefined, name);
  checkPreconditions(def, crd, opts.preconditions);
  if (crd.metadata.deletionTimestamp) return crd;
  const uid = crd.metadata.uid;
  return storage.update(def, undefined, name, (current) => {
    checkPreconditions(def, current, { ...opts.preconditions, ...(uid ? { uid } : {}) });
    const next = current as Crd;
    next.metadata.deletionTimestamp = formatTime(now);
    next.metadata.deletionGracePeriodSeconds = 0;
    const finalizers = (next.metadata.finalizers ??= []);
    if (!finalizers.includes(CRD_CLEANUP_FINALIZER)) finalizers.push(CRD_CLEANUP_FINALIZER);
    setCondition(next, {
      type: 'Terminating',
      status: 'True',
      reason: 'InstanceDeletionPending',
      message: 'CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon',
      lastTransitionTime: formatTime(now),
    });
    return next as ApiObject;
  });
}

/** The hooks of apiextensions.k8s.io/v1 customresourcedefinitions: their own delete. */
export function crdHooks(deps: HookDeps): KindHooks {
  return { delete: (_namespace, name, opts) => deleteCrd(deps.storage, name, opts, deps.now()) };
}
