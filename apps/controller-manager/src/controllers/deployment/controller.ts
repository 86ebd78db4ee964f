/**
 * The Deployment controller's wiring (kube's DeploymentController): Deployment events enqueue
 * it; ReplicaSet events enqueue the controlling Deployment (or, for an orphan, every
 * Deployment selecting it); a deleted pod of a Recreate Deployment enqueues it, so the new
 * ReplicaSet starts once the old pods are gone.
 */
import type { Deployment, Pod, ReplicaSet } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventHandler,
  type Served,
  controllerOf,
  enqueueObject,
  objectKey,
  type Controller,
} from '@wheelhouse/client';
import { labelSelectorFromStructured } from '@wheelhouse/machinery';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { deploymentInformer, podInformer, replicaSetInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { ownersSelecting, resolveControllerRef } from '../../workload/owner-routing.js';
import type { CachedPod } from '../../workload/pod-status.js';
import { type DeploymentSyncDeps, syncDeployment } from './reconcile.js';

type CachedRS = DeepReadonly<Served<ReplicaSet>>;

/** The apps/v1 Deployment controller ("deployment"). */
export function newDeploymentController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const deployments = deploymentInformer(ctx.informers);
  const replicaSets = replicaSetInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const deps: DeploymentSyncDeps = {
    client: ctx.client,
    deployments: deployments.lister(),
    replicaSets: replicaSets.lister(),
    pods: pods.lister(),
    recorder: ctx.recorder('deployment-controller'),
    clock: ctx.clock,
    log: ctx.logger.child({ controller: 'deployment' }),
  };
  const controller = newController(ctx, {
    name: 'deployment',
    reconcile: (key) => syncDeployment(deps, key),
    workers: options.workers,
  });
  controller.watch(deployments, enqueueObject(controller));
  controller.watch(replicaSets, replicaSetHandler(deps, controller));
  controller.watch(pods, podHandler(deps, controller));
  return controller;
}

/** The Deployment a controller reference names, if it still has that uid. */
function resolve(
  deps: DeploymentSyncDeps,
  obj: DeepReadonly<Served<{ metadata?: unknown }>>,
): DeepReadonly<Served<Deployment>> | undefined {
  return resolveControllerRef(obj, 'Deployment', deps.deployments);
}

function selecting(deps: DeploymentSyncDeps, rs: CachedRS): DeepReadonly<Served<Deployment>>[] {
  return ownersSelecting(rs, deps.deployments, (d) => labelSelectorFromStructured(d.spec?.selector));
}

function replicaSetHandler(deps: DeploymentSyncDeps, c: Controller): EventHandler<Served<ReplicaSet>> {
  const toOwner = (rs: CachedRS): void => {
    const d = resolve(deps, rs);
    if (d) c.enqueue(objectKey(d));
  };
  const orphan = (rs: CachedRS): void => selecting(deps, rs).forEach((d) => c.enqueue(objectKey(d)));
  return {
    onAdd: (rs) => {
      if (rs.metadata.deletionTimestamp || controllerOf(rs)) return toOwner(rs);
      orphan(rs);
    },
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const [oldRef, curRef] = [controllerOf(old), controllerOf(cur)];
      const refChanged = JSON.stringify(oldRef) !== JSON.stringify(curRef);
      if (refChanged && oldRef) toOwner(old);
      if (curRef) return toOwner(cur);
      const labelsChanged = JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(cur.metadata.labels ?? {});
      if (labelsChanged || refChanged) orphan(cur);
    },
    onDelete: toOwner,
  };
}

function podHandler(deps: DeploymentSyncDeps, c: Controller): EventHandler<Served<Pod>> {
  return {
    onDelete: (pod: CachedPod) => {
      const rsRef = controllerOf(pod);
      if (!rsRef || rsRef.kind !== 'ReplicaSet') return;
      const rs = deps.replicaSets.get(rsRef.name ?? '', pod.metadata.namespace);
      if (!rs || rs.metadata.uid !== rsRef.uid) return;
      const d = resolve(deps, rs);
      if (d?.spec?.strategy?.type === 'Recreate') c.enqueue(objectKey(d));
    },
  };
}
