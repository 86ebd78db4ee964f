/**
 * kube-controller-manager's "horizontalpodautoscaling" controller wiring. As kube's, every HPA
 * is synced once per --horizontal-pod-autoscaler-sync-period (15s): an added or changed HPA is
 * queued for the next period, not at once, and each sync queues it again, failed or not (no
 * retries in between: a target that cannot be scaled is not polled hot).
 */
import type { ControllerContext, ControllerOptions } from '../../context.js';
import { newController } from '../../context.js';
import { horizontalPodAutoscalerInformer, podInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { ScaleClient } from '../../workload/scale-client.js';
import { HpaSelectors } from './selectors.js';
import { SyncError, syncHpa } from './reconcile.js';
import { syncPeriodMs } from './settings.js';

/** The component name of its Events (kubectl describe's "From"). */
export const HPA_COMPONENT = 'horizontal-pod-autoscaler';

/** Builds the controller. */
export function newHorizontalPodAutoscalerController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const period = syncPeriodMs(options.settings);
  const hpas = horizontalPodAutoscalerInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const log = ctx.logger.child({ controller: 'horizontalpodautoscaling' });
  const deps = {
    client: ctx.client,
    scales: new ScaleClient(ctx.client, ctx.clock),
    hpas: hpas.lister(),
    pods: pods.lister(),
    selectors: new HpaSelectors(),
    recorder: ctx.recorder(HPA_COMPONENT),
    clock: ctx.clock,
    log,
  };
  const controller = newController(ctx, {
    name: 'horizontalpodautoscaling',
    workers: options.workers,
    informers: [pods],
    reconcile: async (key) => {
      try {
        if (!(await syncHpa(deps, key))) return {};
      } catch (err) {
        if (!(err instanceof SyncError)) throw err;
        log.error({ hpa: key, err: err.message }, 'sync failed');
      }
      return { requeueAfter: period };
    },
  });
  const enqueue = (hpa: { metadata: { namespace?: string | undefined; name: string } }): void =>
    controller.enqueueAfter(`${hpa.metadata.namespace ?? ''}/${hpa.metadata.name}`, period);
  controller.watch(hpas, { onAdd: enqueue, onUpdate: (_old, hpa) => enqueue(hpa) });
  return controller;
}
