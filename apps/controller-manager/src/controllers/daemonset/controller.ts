/**
 * The DaemonSet controller's wiring (kube's DaemonSetsController): DaemonSet, revision and pod
 * events enqueue the owning DaemonSet (orphans: those selecting them) and count expected pod
 * creations and deletions; node events enqueue the DaemonSets whose placement the change
 * affects (heartbeat-only updates are ignored).
 */
import type { ControllerRevision, Node, Pod } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventHandler,
  type Served,
  controllerOf,
  objectKey,
  type Controller,
} from '@wheelhouse/client';
import { labelSelectorFromStructured } from '@wheelhouse/machinery';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { controllerRevisionInformer, daemonSetInformer, nodeInformer, podInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { canonicalJson } from '../../workload/template-hash.js';
import { PodControl } from '../../workload/pod-control.js';
import { type CachedPod, isPodReady, podKey } from '../../workload/pod-status.js';
import { ownersSelecting, resolveControllerRef } from '../../workload/owner-routing.js';
import { UidTrackingExpectations } from '../../workload/uid-expectations.js';
import { type CachedDaemonSet, type CachedNode, nodeShouldRunDaemonPod } from './daemon-pod.js';
import type { DaemonSetDeps } from './deps.js';
import { FailedPodsBackoff } from './failed-pods-backoff.js';
import { syncDaemonSet } from './reconcile.js';

type Owned = DeepReadonly<Served<{ metadata?: unknown }>>;

/** The apps/v1 DaemonSet controller ("daemonset"). */
export function newDaemonSetController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const daemonSets = daemonSetInformer(ctx.informers);
  const nodes = nodeInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const revisions = controllerRevisionInformer(ctx.informers);
  const recorder = ctx.recorder('daemonset-controller');
  const deps: DaemonSetDeps = {
    client: ctx.client,
    daemonSets: daemonSets.lister(),
    nodes: nodes.lister(),
    pods: pods.lister(),
    revisions: revisions.lister(),
    podControl: new PodControl(ctx.client, recorder),
    expectations: new UidTrackingExpectations(ctx.clock),
    recorder,
    failedPodsBackoff: new FailedPodsBackoff(),
    clock: ctx.clock,
    log: ctx.logger.child({ controller: 'daemonset' }),
    enqueueAfter: (key, ms) => controller.queue.addAfter(key, ms),
  };
  const controller: Controller = newController(ctx, {
    name: 'daemonset',
    reconcile: (key) => syncDaemonSet(deps, key),
    workers: options.workers,
  });
  const c = controller;
  c.watch(daemonSets, {
    onAdd: (ds) => c.enqueue(objectKey(ds)),
    onUpdate: (_old, ds) => c.enqueue(objectKey(ds)),
    onDelete: (ds) => {
      deps.expectations.deleteExpectations(objectKey(ds));
      c.enqueue(objectKey(ds));
    },
  });
  c.watch(revisions, ownedHandler<ControllerRevision>(deps, c));
  c.watch(pods, podHandler(deps, c));
  c.watch(nodes, nodeHandler(deps, c));
  return c;
}

function resolve(deps: DaemonSetDeps, obj: Owned): CachedDaemonSet | undefined {
  return resolveControllerRef(obj, 'DaemonSet', deps.daemonSets);
}

function selecting(deps: DaemonSetDeps, obj: Owned): CachedDaemonSet[] {
  return ownersSelecting(obj, deps.daemonSets, (ds) => labelSelectorFromStructured(ds.spec?.selector));
}

/** Owner-or-orphan routing shared by revisions and pods. */
function ownedHandler<T>(deps: DaemonSetDeps, c: Controller): EventHandler<Served<T>> {
  const toOwner = (obj: Owned): void => {
    const ds = resolve(deps, obj);
    if (ds) c.enqueue(objectKey(ds));
  };
  const orphan = (obj: Owned): void => selecting(deps, obj).forEach((ds) => c.enqueue(objectKey(ds)));
  return {
    onAdd: (obj) => (controllerOf(obj as Owned) ? toOwner(obj as Owned) : orphan(obj as Owned)),
    onUpdate: (oldObj, obj) => {
      const [o, n] = [oldObj as Owned, obj as Owned];
      if (o.metadata.resourceVersion === n.metadata.resourceVersion) return;
      const refChanged = JSON.stringify(controllerOf(o)) !== JSON.stringify(controllerOf(n));
      if (refChanged && controllerOf(o)) toOwner(o);
      if (controllerOf(n)) return toOwner(n);
      if (refChanged || JSON.stringify(o.metadata.labels ?? {}) !== JSON.stringify(n.metadata.labels ?? {})) orphan(n);
    },
    onDelete: (obj) => toOwner(obj as Owned),
  };
}

function podHandler(deps: DaemonSetDeps, c: Controller): EventHandler<Served<Pod>> {
  const routing = ownedHandler<Pod>(deps, c);
  const deleted = (pod: CachedPod): void => {
    const ds = resolve(deps, pod);
    if (!ds) return;
    deps.expectations.deletionObserved(objectKey(ds), podKey(pod));
    c.enqueue(objectKey(ds));
  };
  return {
    onAdd: (pod) => {
      if (pod.metadata.deletionTimestamp) return deleted(pod);
      const ds = resolve(deps, pod);
      if (ds) deps.expectations.creationObserved(objectKey(ds));
      routing.onAdd!(pod, false);
    },
    onUpdate: (old, pod) => {
      if (pod.metadata.deletionTimestamp) return deleted(pod);
      routing.onUpdate!(old, pod);
      const ds = resolve(deps, pod);
      const minReady = ds?.spec?.minReadySeconds ?? 0;
      if (ds && minReady > 0 && !isPodReady(old) && isPodReady(pod))
        c.queue.addAfter(objectKey(ds), minReady * 1000 + 1000);
    },
    onDelete: deleted,
  };
}

/** True when only heartbeats changed: same spec, labels and condition statuses (kube's shouldIgnoreNodeUpdate). */
function onlyHeartbeat(old: CachedNode, cur: CachedNode): boolean {
  const strip = (n: CachedNode) => ({
    ...n,
    metadata: { ...n.metadata, resourceVersion: '', managedFields: undefined },
    status: { ...n.status, conditions: (n.status?.conditions ?? []).map((x) => ({ type: x.type, status: x.status })) },
  });
  return canonicalJson(strip(old)) === canonicalJson(strip(cur));
}

function nodeHandler(deps: DaemonSetDeps, c: Controller): EventHandler<Served<Node>> {
  const all = (): CachedDaemonSet[] => deps.daemonSets.list();
  return {
    onAdd: (node) => all().forEach((ds) => nodeShouldRunDaemonPod(node, ds).shouldRun && c.enqueue(objectKey(ds))),
    onUpdate: (old, node) => {
      if (onlyHeartbeat(old, node)) return;
      for (const ds of all()) {
        const [a, b] = [nodeShouldRunDaemonPod(old, ds), nodeShouldRunDaemonPod(node, ds)];
        if (a.shouldRun !== b.shouldRun || a.shouldContinueRunning !== b.shouldContinueRunning)
          c.enqueue(objectKey(ds));
      }
    },
    onDelete: () => all().forEach((ds) => c.enqueue(objectKey(ds))),
  };
}
