/**
 * Keeping one daemon pod on each eligible node (kube's DaemonSetsController manage,
 * podsShouldBeOnNode and syncNodes): create pods for nodes that should run one, delete pods
 * on nodes that should not, failed pods (with a per-node backoff) and extra pods.
 */
import { OWNER_UID_INDEX, isNotFound, objectKey } from '@wheelhouse/client';
import { ORPHAN_INDEX } from '../../informers.js';
import { claimObjects, claimant } from '../../workload/controller-ref.js';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../workload/history.js';
import { controllerRef, isNamespaceTerminating, podFromTemplate, podNamePrefix } from '../../workload/pod-control.js';
import { type CachedPod, isPodAvailable, isPodReady, podKey, timeOf } from '../../workload/pod-status.js';
import { slowStartBatch } from '../../workload/slow-start.js';
import { matchesLabels, labelSelectorFromStructured } from '@wheelhouse/machinery';
import {
  type CachedDaemonSet,
  type CachedNode,
  daemonPodTemplate,
  nodeShouldRunDaemonPod,
  pinToNode,
  targetNodeName,
} from './daemon-pod.js';
import { DAEMONSET_BURST_REPLICAS, type DaemonSetDeps } from './deps.js';

/** The subject of a DaemonSet's events. */
export const subjectOf = (ds: CachedDaemonSet) => ({ apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: ds.metadata });

/** Scheduled pods first, then oldest first, ties by name (kube's podByCreationTimestampAndPhase). */
export function byCreationAndPhase(a: CachedPod, b: CachedPod): number {
  const [sa, sb] = [Boolean(a.spec?.nodeName), Boolean(b.spec?.nodeName)];
  if (sa !== sb) return sa ? -1 : 1;
  const d = (timeOf(a.metadata.creationTimestamp) ?? 0) - (timeOf(b.metadata.creationTimestamp) ?? 0);
  return d !== 0 ? d : a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}

/** True when surge is configured (kube's AllowsSurge). */
export function allowsSurge(ds: CachedDaemonSet): boolean {
  return surgeCount(ds, 1) > 0;
}

/** maxSurge as a count of `total` (0 unless RollingUpdate), rounded up. */
export function surgeCount(ds: CachedDaemonSet, total: number): number {
  const ru = ds.spec?.updateStrategy;
  if ((ru?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !ru?.rollingUpdate) return 0;
  return scaled(ru.rollingUpdate.maxSurge ?? 0, total);
}

/** maxUnavailable as a count of `total` (0 unless RollingUpdate; default 1), rounded up. */
export function unavailableCount(ds: CachedDaemonSet, total: number): number {
  const ru = ds.spec?.updateStrategy;
  if ((ru?.type ?? 'RollingUpdate') !== 'RollingUpdate' || !ru?.rollingUpdate) return 0;
  return scaled(ru.rollingUpdate.maxUnavailable ?? 1, total);
}

function scaled(v: number | string, total: number): number {
  if (typeof v === 'number') return v;
  const m = /^(\d+)%$/.exec(v);
  return m ? Math.ceil((Number(m[1]) * total) / 100) : 0;
}

/**
 * The DaemonSet's pods (claimed: adopted orphans, released non-matching ones) by the node they
 * run on or are pinned to; deleted pods that also finished are left out.
 */
export async function nodesToDaemonPods(deps: DaemonSetDeps, ds: CachedDaemonSet): Promise<Map<string, CachedPod[]>> {
  const candidates = [
    ...deps.pods.byIndex(OWNER_UID_INDEX, ds.metadata.uid),
    ...deps.pods.byIndex(ORPHAN_INDEX, ds.metadata.namespace ?? ''),
  ];
  const selector = labelSelectorFromStructured(ds.spec?.selector);
  const who = claimant(ds, controllerRef(ds, 'apps/v1', 'DaemonSet'), deps.client.resource('daemonsets'));
  const { claimed, error } = await claimObjects(
    who,
    candidates,
    (p) => matchesLabels(selector, p.metadata.labels),
    deps.client.resource('pods'),
  );
  if (error !== undefined) throw error;
  const map = new Map<string, CachedPod[]>();
  for (const pod of claimed) {
    const phase = pod.status?.phase;
    if (pod.metadata.deletionTimestamp && (phase === 'Succeeded' || phase === 'Failed')) continue;
    const node = targetNodeName(pod);
    if (node === undefined) continue;
    map.set(node, [...(map.get(node) ?? []), pod]);
  }
  return map;
}

/** What one node needs: a pod created on it, and pods deleted from it. */
interface NodePlan {
  create: boolean;
  remove: CachedPod[];
}

/** kube's podsShouldBeOnNode. */
function podsShouldBeOnNode(
  deps: DaemonSetDeps,
  node: CachedNode,
  nodeToPods: Map<string, CachedPod[]>,
  ds: CachedDaemonSet,
  hash: string,
): NodePlan {
  const { shouldRun, shouldContinueRunning } = nodeShouldRunDaemonPod(node, ds);
  const pods = nodeToPods.get(node.metadata.name);
  if (shouldRun && !pods) return { create: true, remove: [] };
  if (!shouldContinueRunning)
    return { create: false, remove: (pods ?? []).filter((p) => !p.metadata.deletionTimestamp) };
  const remove: CachedPod[] = [];
  const running: CachedPod[] = [];
  for (const pod of pods ?? []) {
    if (pod.metadata.deletionTimestamp) continue;
    if (pod.status?.phase === 'Failed') {
      if (failedPodInBackoff(deps, ds, node, pod)) continue;
      remove.push(pod);
    } else if (pod.status?.phase === 'Succeeded') remove.push(pod);
    else running.push(pod);
  }
  running.sort(byCreationAndPhase);
  if (!allowsSurge(ds)) return { create: false, remove: [...remove, ...running.slice(1)] };
  if (running.length <= 1) return { create: running.length === 0 && shouldRun, remove };
  return { create: false, remove: [...remove, ...surgeExcess(deps, ds, running, hash)] };
}

/** Whether a failed pod waits out its node's backoff; otherwise records FailedDaemonPod and starts the backoff. */
function failedPodInBackoff(deps: DaemonSetDeps, ds: CachedDaemonSet, node: CachedNode, pod: CachedPod): boolean {
  const key = `${objectKey(ds)}/${node.metadata.name}`;
  const now = deps.clock.now();
  if (deps.failedPodsBackoff.isInBackOffSinceUpdate(key, now)) {
    deps.enqueueAfter(objectKey(ds), deps.failedPodsBackoff.get(key));
    return true;
  }
  deps.failedPodsBackoff.next(key, now);
  const msg = `Found failed daemon pod ${pod.metadata.namespace}/${pod.metadata.name} on node ${node.metadata.name}, will try to kill it`;
  deps.recorder.event(subjectOf(ds), 'Warning', 'FailedDaemonPod', msg);
  return false;
}

/**
 * With surge, a node keeps two pods only while the oldest pod of the current revision is not
 * available and the oldest old one is ready; every other pod goes.
 */
function surgeExcess(deps: DaemonSetDeps, ds: CachedDaemonSet, running: CachedPod[], hash: string): CachedPod[] {
  const remove: CachedPod[] = [];
  let oldestNew: CachedPod | undefined;
  let oldestOld: CachedPod | undefined;
  for (const pod of running) {
    const isNew = pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash;
    if (isNew && !oldestNew) oldestNew = pod;
    else if (!isNew && !oldestOld) oldestOld = pod;
    else remove.push(pod);
  }
  if (oldestNew && oldestOld) {
    const minReady = ds.spec?.minReadySeconds ?? 0;
    if (!isPodReady(oldestOld) || isPodAvailable(oldestNew, minReady, deps.clock.now())) remove.push(oldestOld);
  }
  return remove;
}

/** Creates and deletes so each eligible node has its pod (kube's manage). */
export async function manage(
  deps: DaemonSetDeps,
  ds: CachedDaemonSet,
  nodes: readonly CachedNode[],
  hash: string,
): Promise<void> {
  const nodeToPods = await nodesToDaemonPods(deps, ds);
  const create: string[] = [];
  const remove: CachedPod[] = [];
  for (const node of nodes) {
    const plan = podsShouldBeOnNode(deps, node, nodeToPods, ds, hash);
    if (plan.create) create.push(node.metadata.name);
    remove.push(...plan.remove);
  }
  // Unscheduled pods pinned to nodes that no longer exist would never be scheduled or collected.
  const known = new Set(nodes.map((n) => n.metadata.name));
  for (const [node, pods] of nodeToPods) if (!known.has(node)) remove.push(...pods.filter((p) => !p.spec?.nodeName));
  await syncNodes(deps, ds, remove, create, hash);
}

/** Deletes `remove` and creates a pod pinned to each node of `create`, at most 250 each (kube's syncNodes). */
export async function syncNodes(
  deps: DaemonSetDeps,
  ds: CachedDaemonSet,
  remove: readonly CachedPod[],
  create: readonly string[],
  hash: string,
): Promise<void> {
  const key = objectKey(ds);
  const toCreate = create.slice(0, DAEMONSET_BURST_REPLICAS);
  const toDelete = remove.slice(0, DAEMONSET_BURST_REPLICAS);
  deps.expectations.setExpectations(key, toCreate.length, toDelete.map(podKey));
  const errors: unknown[] = [];
  const template = daemonPodTemplate(ds, hash);
  const ref = controllerRef(ds, 'apps/v1', 'DaemonSet');
  const ns = ds.metadata.namespace ?? '';
  const { successes, error } = await slowStartBatch(toCreate.length, async (i) => {
    const t = structuredClone(template);
    t.spec!.affinity = pinToNode(t.spec!.affinity, toCreate[i]!);
    try {
      await deps.podControl.create(subjectOf(ds), podFromTemplate(t, ns, podNamePrefix(ds.metadata.name), ref));
    } catch (err) {
      if (isNamespaceTerminating(err)) return;
      throw err;
    }
  });
  if (error !== undefined) errors.push(error);
  deps.expectations.lowerCreations(key, toCreate.length - successes);
  const results = await Promise.allSettled(
    toDelete.map(async (pod) => {
      try {
        await deps.podControl.delete(subjectOf(ds), ns, pod.metadata.name);
      } catch (err) {
        deps.expectations.deletionObserved(key, podKey(pod));
        if (!isNotFound(err)) throw err;
      }
    }),
  );
  for (const r of results) if (r.status === 'rejected') errors.push(r.reason);
  if (errors.length > 0) throw errors[0];
}
