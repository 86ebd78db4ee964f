/**
 * The pv-protection controller (kube's pvprotection): a volume being deleted keeps its
 * `kubernetes.io/pv-protection` finalizer while it is Bound to a claim; once it is not, the
 * finalizer goes and the deletion completes.
 */
import type { PersistentVolume } from '@wheelhouse/api';
import { type Result, type Served, isNotFound, mutableCopy } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { persistentVolumeInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';

/** The finalizer this controller removes. */
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** kube-controller-manager's "pv-protection" controller. */
export function newPvProtectionController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const volumes = persistentVolumeInformer(ctx.informers);
  const lister = volumes.lister();
  const log = ctx.logger.child({ controller: 'pv-protection' });
  const sync = async (name: string): Promise<Result> => {
    const pv = lister.get(name);
    if (!pv?.metadata.deletionTimestamp || !pv.metadata.finalizers?.includes(PV_PROTECTION_FINALIZER)) return {};
    if (pv.status?.phase === 'Bound') return {};
    const next = mutableCopy(pv) as Served<PersistentVolume>;
    next.metadata.finalizers = (next.metadata.finalizers ?? []).filter((f) => f !== PV_PROTECTION_FINALIZER);
    try {
      await ctx.client.resource('persistentvolumes').update(next);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    log.info({ volume: name }, 'removed pv-protection finalizer');
    return {};
  };
  const controller = newController(ctx, { name: 'pv-protection', workers: options.workers, reconcile: sync });
  controller.watch(volumes, {
    onAdd: (pv) => controller.enqueue(pv.metadata.name),
    onUpdate: (_o, pv) => controller.enqueue(pv.metadata.name),
  });
  return controller;
}
