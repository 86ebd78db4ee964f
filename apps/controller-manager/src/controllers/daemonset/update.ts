/**
 * The RollingUpdate strategy of a DaemonSet (kube's rollingUpdate): without surge, delete old
 * pods while fewer than maxUnavailable nodes are unavailable (the manage loop then creates the
 * new ones); with surge, create new pods beside old ones on up to maxSurge nodes and delete
 * each old pod once its replacement is available.
 */
import { CONTROLLER_REVISION_HASH_LABEL } from '../../workload/history.js';
import { type CachedPod, isPodAvailable } from '../../workload/pod-status.js';
import { type CachedDaemonSet, type CachedNode, nodeShouldRunDaemonPod } from './daemon-pod.js';
import type { DaemonSetDeps } from './deps.js';
import { nodesToDaemonPods, surgeCount, syncNodes, unavailableCount } from './manage.js';

/** The node's one current-revision pod and one old pod; `ok` false when it has more (kube's findUpdatedPodsOnNode). */
function updatedPodsOnNode(
  pods: readonly CachedPod[],
  hash: string,
): { fresh?: CachedPod; old?: CachedPod; ok: boolean } {
  let fresh: CachedPod | undefined;
  let old: CachedPod | undefined;
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp) continue;
    if (hash && pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) {
      if (fresh) return { ok: false };
      fresh = pod;
    } else {
      if (old) return { ok: false };
      old = pod;
    }
  }
  return { ...(fresh ? { fresh } : {}), ...(old ? { old } : {}), ok: true };
}

/** One step of a rolling update. */
export async function rollingUpdate(
  deps: DaemonSetDeps,
  ds: CachedDaemonSet,
  nodes: readonly CachedNode[],
  hash: string,
): Promise<void> {
  const nodeToPods = await nodesToDaemonPods(deps, ds);
  let desired = 0;
  for (const node of nodes) {
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) continue;
    desired++;
    if (!nodeToPods.has(node.metadata.name)) nodeToPods.set(node.metadata.name, []);
  }
  let maxUnavailable = unavailableCount(ds, desired);
  const maxSurge = surgeCount(ds, desired);
  if (desired > 0 && maxUnavailable === 0 && maxSurge === 0) maxUnavailable = 1;
  const now = deps.clock.now();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const available = (p: CachedPod): boolean => isPodAvailable(p, minReady, now);
  if (maxSurge === 0) return replaceWithoutSurge(deps, ds, nodeToPods, hash, maxUnavailable, available);
  return replaceWithSurge(deps, ds, nodeToPods, hash, maxSurge, available, nodes);
}

async function replaceWithoutSurge(
  deps: DaemonSetDeps,
  ds: CachedDaemonSet,
  nodeToPods: Map<string, CachedPod[]>,
  hash: string,
  maxUnavailable: number,
  available: (p: CachedPod) => boolean,
): Promise<void> {
  let unavailable = 0;
  const replacements: CachedPod[] = [];
  const candidates: CachedPod[] = [];
  for (const pods of nodeToPods.values()) {
    const { fresh, old, ok } = updatedPodsOnNode(pods, hash);
    // Nodes with extra pods, or with both or no pods, are the manage loop's: count them unavailable.
    if (!ok || (!fresh && !old) || (fresh && old)) {
      unavailable++;
    } else if (fresh) {
      if (!available(fresh)) unavailable++;
    } else if (!available(old!)) {
      replacements.push(old!);
      unavailable++;
    } else if (unavailable < maxUnavailable) {
      candidates.push(old!);
    }
  }
  const remaining = Math.min(Math.max(0, maxUnavailable - unavailable), candidates.length);
  await syncNodes(deps, ds, [...replacements, ...candidates.slice(0, remaining)], [], hash);
}

async function replaceWithSurge(
  deps: DaemonSetDeps,
  ds: CachedDaemonSet,
  nodeToPods: Map<string, CachedPod[]>,
  hash: string,
  maxSurge: number,
  available: (p: CachedPod) => boolean,
  nodes: readonly CachedNode[],
): Promise<void> {
  let surging = 0;
  const allowedNodes: string[] = [];
  const candidateNodes: string[] = [];
  const oldToDelete: CachedPod[] = [];
  for (const [nodeName, pods] of nodeToPods) {
    const { fresh, old, ok } = updatedPodsOnNode(pods, hash);
    if (!ok) {
      surging++;
      continue;
    }
    if (!old) continue;
    if (fresh) {
      if (available(fresh)) oldToDelete.push(old);
      else surging++;
      continue;
    }
    if (!available(old)) {
      const node = nodes.find((n) => n.metadata.name === nodeName);
      if (!node || !nodeShouldRunDaemonPod(node, ds).shouldRun) oldToDelete.push(old);
      else allowedNodes.push(nodeName);
    } else if (surging < maxSurge) {
      candidateNodes.push(nodeName);
    }
  }
  const remaining = Math.min(Math.max(0, maxSurge - surging), candidateNodes.length);
  await syncNodes(deps, ds, oldToDelete, [...allowedNodes, ...candidateNodes.slice(0, remaining)], hash);
}
