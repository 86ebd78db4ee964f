/**
 * The replica controller's wiring (kube's ReplicaSetController): owner events enqueue the
 * owner; pod events enqueue the pod's controlling owner (or, for an orphan, every owner whose
 * selector matches it) and count the creations and deletions the owner expects.
 */
import type { Pod } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventHandler,
  type Served,
  controllerOf,
  objectKey,
  type Controller,
} from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { podInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { PodControl } from '../../workload/pod-control.js';
import { type CachedPod, isPodReady, podKey } from '../../workload/pod-status.js';
import { ownersSelecting, resolveControllerRef } from '../../workload/owner-routing.js';
import { OwnedPodTally } from '../../workload/owned-pod-tally.js';
import { UidTrackingExpectations } from '../../workload/uid-expectations.js';
import { type ReplicaOwnerKind, replicaSetKind } from './kind.js';
import { type ReplicaSyncDeps, syncReplicas } from './reconcile.js';

type Owner<T> = DeepReadonly<Served<T>>;

/** Builds the controller for `kind` (ReplicaSets, or ReplicationControllers through their adapter). */
export function newReplicaController<T>(
  ctx: ControllerContext,
  kind: ReplicaOwnerKind<T>,
  options: ControllerOptions,
): Runnable {
  const log = ctx.logger.child({ controller: kind.name });
  const pods = podInformer(ctx.informers);
  const deps: ReplicaSyncDeps<T> = {
    kind,
    client: ctx.client,
    pods: pods.lister(),
    podControl: new PodControl(ctx.client, ctx.recorder(kind.component)),
    expectations: new UidTrackingExpectations(ctx.clock),
    tally: new OwnedPodTally(),
    clock: ctx.clock,
    log,
  };
  const controller = newController(ctx, {
    name: kind.queueName,
    reconcile: (key) => syncReplicas(deps, key),
    workers: options.workers,
  });
  controller.watch(pods, deps.tally.handler());
  controller.watch(kind.informer, ownerHandler(deps, controller));
  controller.watch(pods, podHandler(deps, controller));
  return controller;
}

/** The apps/v1 ReplicaSet controller ("replicaset"). */
export function newReplicaSetController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  return newReplicaController(ctx, replicaSetKind(ctx), options);
}

function ownerHandler<T>(deps: ReplicaSyncDeps<T>, c: Controller): EventHandler<Served<T>> {
  const deleted = (obj: Owner<T>): void => {
    const key = objectKey(obj);
    deps.expectations.deleteExpectations(key);
    c.enqueue(key);
  };
  return {
    onAdd: (obj) => c.enqueue(objectKey(obj)),
    onUpdate: (old, cur) => {
      if (old.metadata.uid !== cur.metadata.uid) deleted(old);
      c.enqueue(objectKey(cur));
    },
    onDelete: deleted,
  };
}

/** The owner a controller reference names, if it is of this kind and still has that uid. */
function resolveOwner<T>(deps: ReplicaSyncDeps<T>, pod: CachedPod): Owner<T> | undefined {
  return resolveControllerRef(pod, deps.kind.kind, deps.kind.informer.lister());
}

/** Owners in the pod's namespace whose selector matches it (candidates to adopt an orphan). */
function adopters<T>(deps: ReplicaSyncDeps<T>, pod: CachedPod): Owner<T>[] {
  return ownersSelecting(pod, deps.kind.informer.lister(), (o) => deps.kind.view(o).selector());
}

function sameLabels(a: CachedPod, b: CachedPod): boolean {
  return JSON.stringify(a.metadata.labels ?? {}) === JSON.stringify(b.metadata.labels ?? {});
}

function podHandler<T>(deps: ReplicaSyncDeps<T>, c: Controller): EventHandler<Served<Pod>> {
  const enqueueAll = (pod: CachedPod): void => adopters(deps, pod).forEach((o) => c.enqueue(objectKey(o)));
  const deleted = (pod: CachedPod): void => {
    const owner = resolveOwner(deps, pod);
    if (!owner) return;
    const key = objectKey(owner);
    deps.expectations.deletionObserved(key, podKey(pod));
    c.enqueue(key);
  };
  return {
    onAdd: (pod) => {
      if (pod.metadata.deletionTimestamp) return deleted(pod);
      if (controllerOf(pod)) {
        const owner = resolveOwner(deps, pod);
        if (!owner) return;
        deps.expectations.creationObserved(objectKey(owner));
        return c.enqueue(objectKey(owner));
      }
      enqueueAll(pod);
    },
    onUpdate: (old, cur) => {
      if (old.metadata.resourceVersion === cur.metadata.resourceVersion) return;
      const labelsChanged = !sameLabels(old, cur);
      if (cur.metadata.deletionTimestamp) {
        deleted(cur);
        if (labelsChanged) deleted(old);
        return;
      }
      const [oldRef, curRef] = [controllerOf(old), controllerOf(cur)];
      const refChanged = JSON.stringify(oldRef) !== JSON.stringify(curRef);
      if (refChanged && oldRef) {
        const previous = resolveOwner(deps, old);
        if (previous) c.enqueue(objectKey(previous));
      }
      if (curRef) {
        const owner = resolveOwner(deps, cur);
        if (!owner) return;
        c.enqueue(objectKey(owner));
        const minReady = deps.kind.view(owner).minReadySeconds;
        // Once ready for minReadySeconds the pod is available: look again then (plus a second of skew).
        if (!isPodReady(old) && isPodReady(cur) && minReady > 0)
          c.queue.addAfter(objectKey(owner), minReady * 1000 + 1000);
        return;
      }
      if (labelsChanged || refChanged) enqueueAll(cur);
    },
    onDelete: deleted,
  };
}
