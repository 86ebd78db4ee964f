/**
 * The pvc-protection controller (kube's pvcprotection): a claim being deleted keeps its
 * `kubernetes.io/pvc-protection` finalizer while a pod that has not finished uses it (a
 * persistentVolumeClaim volume naming it, or the ephemeral volume `<pod>-<volume>`), checked
 * in the cache and then against the API server; once none does, the finalizer goes and the
 * deletion completes. Pod deletions and completions queue the claims they used.
 */
import { podClaimNames, type Pod, type PersistentVolumeClaim } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventHandler,
  type Result,
  type Served,
  isNotFound,
  mutableCopy,
  objectKey,
  splitKey,
} from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { persistentVolumeClaimInformer, podInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';

/** The finalizer this controller removes. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';

type PodLike = DeepReadonly<Pod>;

const finished = (pod: PodLike): boolean => pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';

/** True when a pod of `pods` that has not finished uses the claim. */
export function claimInUse(pods: readonly PodLike[], claim: string): boolean {
  return pods.some((p) => !finished(p) && podClaimNames(p).includes(claim));
}

/** kube-controller-manager's "pvc-protection" controller. */
export function newPvcProtectionController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const claims = persistentVolumeClaimInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const claimLister = claims.lister();
  const podLister = pods.lister();
  const log = ctx.logger.child({ controller: 'pvc-protection' });
  const sync = async (key: string): Promise<Result> => {
    const { namespace, name } = splitKey(key);
    const claim = claimLister.get(name, namespace);
    if (!claim?.metadata.deletionTimestamp || !claim.metadata.finalizers?.includes(PVC_PROTECTION_FINALIZER)) return {};
    if (claimInUse(podLister.list({ namespace }), name)) return {};
    const live = await ctx.client.resource('pods', namespace).list();
    if (claimInUse(live.items, name)) return {};
    const next = mutableCopy(claim) as Served<PersistentVolumeClaim>;
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== PVC_PROTECTION_FINALIZER);
    try {
      await ctx.client.resource('persistentvolumeclaims').update(next);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    log.info({ claim: key }, 'removed pvc-protection finalizer');
    return {};
  };
  const controller = newController(ctx, { name: 'pvc-protection', workers: options.workers, reconcile: sync });
  controller.watch(claims, {
    onAdd: (c) => controller.enqueue(objectKey(c)),
    onUpdate: (_o, c) => controller.enqueue(objectKey(c)),
  });
  const podHandler: EventHandler<Served<Pod>> = {
    onUpdate: (_o, pod) => {
      if (finished(pod) || pod.metadata.deletionTimestamp)
        for (const c of podClaimNames(pod)) controller.enqueue(`${pod.metadata.namespace ?? ''}/${c}`);
    },
    onDelete: (pod) => {
      for (const c of podClaimNames(pod)) controller.enqueue(`${pod.metadata.namespace ?? ''}/${c}`);
    },
  };
  controller.watch(pods, podHandler);
  return controller;
}
