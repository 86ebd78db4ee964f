/**
 * The pod GC's wiring: one key, "gc", reconciled once the pod and node caches have synced and
 * again every gcCheckPeriod after each pass ends (kube's wait.Until), on the context's clock.
 */
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { nodeInformer, podInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { gcPass } from './gc.js';
import { podGcMetrics } from './metrics.js';
import { NodeQuarantine } from './quarantine.js';
import { GC_CHECK_PERIOD_MS, QUARANTINE_MS, thresholdOf } from './settings.js';

/** kube-controller-manager's name of the controller (the alias --controllers has always taken). */
export const POD_GC_CONTROLLER = 'podgc';

/** kube-controller-manager's pod garbage collector ("podgc"). */
export function newPodGcController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const pods = podInformer(ctx.informers);
  const nodes = nodeInformer(ctx.informers);
  const deps = {
    client: ctx.client,
    pods: pods.lister(),
    nodes: nodes.lister(),
    now: () => ctx.clock.now(),
    logger: ctx.logger.child({ controller: POD_GC_CONTROLLER }),
    metrics: podGcMetrics(ctx.metrics),
    threshold: thresholdOf(options.settings),
    quarantine: new NodeQuarantine(QUARANTINE_MS),
  };
  const controller = newController(ctx, {
    name: POD_GC_CONTROLLER,
    workers: options.workers,
    informers: [pods, nodes],
    reconcile: async () => {
      await gcPass(deps);
      return { requeueAfter: GC_CHECK_PERIOD_MS };
    },
  });
  controller.enqueue('gc');
  return controller;
}
