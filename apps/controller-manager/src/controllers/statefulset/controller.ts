/**
 * The StatefulSet controller's wiring (kube's StatefulSetController): StatefulSet events
 * enqueue it; pod events enqueue the controlling set (orphans: every set selecting them), and
 * a pod becoming ready wakes its set again after minReadySeconds.
 */
import type { Pod, StatefulSet } from '@wheelhouse/api';
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
import {
  controllerRevisionInformer,
  persistentVolumeClaimInformer,
  podInformer,
  statefulSetInformer,
} from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { type CachedPod, isPodReady } from '../../workload/pod-status.js';
import { ownersSelecting, resolveControllerRef } from '../../workload/owner-routing.js';
import { StatefulClaimControl } from './claims.js';
import { StatefulPodControl } from './pod-control.js';
import { type StatefulSetDeps, syncStatefulSet } from './reconcile.js';

type CachedSet = DeepReadonly<Served<StatefulSet>>;

/** The apps/v1 StatefulSet controller ("statefulset"). */
export function newStatefulSetController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const sets = statefulSetInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const revisions = controllerRevisionInformer(ctx.informers);
  const claims = persistentVolumeClaimInformer(ctx.informers);
  const recorder = ctx.recorder('statefulset-controller');
  const claimControl = new StatefulClaimControl(ctx.client, claims.lister(), recorder);
  const deps: StatefulSetDeps = {
    client: ctx.client,
    statefulSets: sets.lister(),
    pods: pods.lister(),
    revisions: revisions.lister(),
    podControl: new StatefulPodControl(ctx.client, recorder, claimControl),
    claimControl,
    recorder,
    clock: ctx.clock,
    log: ctx.logger.child({ controller: 'statefulset' }),
  };
  const controller = newController(ctx, {
    name: 'statefulset',
    reconcile: (key) => syncStatefulSet(deps, key),
    workers: options.workers,
    informers: [revisions, claims],
  });
  controller.watch(sets, enqueueObject(controller));
  controller.watch(pods, podHandler(deps, controller));
  return controller;
}

function resolve(deps: StatefulSetDeps, pod: CachedPod): CachedSet | undefined {
  return resolveControllerRef(pod, 'StatefulSet', deps.statefulSets);
}

function podHandler(deps: StatefulSetDeps, c: Controller): EventHandler<Served<Pod>> {
  const toOwner = (pod: CachedPod): CachedSet | undefined => {
    const set = resolve(deps, pod);
    if (set) c.enqueue(objectKey(set));
    return set;
  };
  const orphan = (pod: CachedPod): void => {
    for (const set of ownersSelecting(pod, deps.statefulSets, (s) => labelSelectorFromStructured(s.spec?.selector)))
      c.enqueue(objectKey(set));
  };
  return {
    onAdd: (pod) => (controllerOf(pod) ? void toOwner(pod) : orphan(pod)),
    onUpdate: (old, pod) => {
      if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
      const refChanged = JSON.stringify(controllerOf(old)) !== JSON.stringify(controllerOf(pod));
      if (refChanged && controllerOf(old)) toOwner(old);
      if (controllerOf(pod)) {
        const set = toOwner(pod);
        const minReady = set?.spec?.minReadySeconds ?? 0;
        if (set && minReady > 0 && !isPodReady(old) && isPodReady(pod))
          c.queue.addAfter(objectKey(set), minReady * 1000);
        return;
      }
      if (refChanged || JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {}))
        orphan(pod);
    },
    onDelete: (pod) => void toOwner(pod),
  };
}
