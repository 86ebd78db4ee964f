/**
 * kube-controller-manager's "clusterrole-aggregation" controller wiring: any change to any
 * ClusterRole enqueues every ClusterRole that has an aggregationRule (kube's enqueue). kube runs
 * it with five workers and no flag.
 */
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { clusterRoleInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { syncClusterRole } from './reconcile.js';

/** Builds the controller. */
export function newClusterRoleAggregationController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const clusterRoles = clusterRoleInformer(ctx.informers);
  const lister = clusterRoles.lister();
  const controller = newController(ctx, {
    name: 'clusterrole-aggregation',
    reconcile: (name) => syncClusterRole({ client: ctx.client, clusterRoles: lister }, name),
    workers: options.workers,
  });
  const enqueueAggregating = (): void => {
    for (const role of lister.list({ selector: (r) => r.aggregationRule !== undefined }))
      controller.enqueue(role.metadata.name);
  };
  controller.watch(clusterRoles, {
    onAdd: enqueueAggregating,
    onUpdate: enqueueAggregating,
    onDelete: enqueueAggregating,
  });
  return controller;
}
