/** A DaemonSet's status from its nodes and pods (kube's updateDaemonSetStatus). */
import type { DaemonSet } from '@wheelhouse/api';
import { objectKey, patchIfChanged } from '@wheelhouse/client';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../workload/history.js';
import { isPodAvailable, isPodReady } from '../../workload/pod-status.js';
import { type CachedDaemonSet, type CachedNode, nodeShouldRunDaemonPod } from './daemon-pod.js';
import type { DaemonSetDeps } from './deps.js';
import { byCreationAndPhase, nodesToDaemonPods } from './manage.js';

type DaemonSetStatus = NonNullable<DaemonSet['status']>;

/**
 * Writes desired, current, misscheduled, ready, updated, available and unavailable counts
 * (the observed generation only when `observed`: this sync acted on the spec); asks for a
 * look again after minReadySeconds while ready pods are not yet available.
 */
export async function updateStatus(
  deps: DaemonSetDeps,
  ds: CachedDaemonSet,
  nodes: readonly CachedNode[],
  hash: string,
  observed: boolean,
): Promise<void> {
  const nodeToPods = await nodesToDaemonPods(deps, ds);
  const now = deps.clock.now();
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const c = { desired: 0, current: 0, misscheduled: 0, ready: 0, updated: 0, available: 0 };
  for (const node of nodes) {
    const pods = nodeToPods.get(node.metadata.name) ?? [];
    if (!nodeShouldRunDaemonPod(node, ds).shouldRun) {
      if (pods.length > 0) c.misscheduled++;
      continue;
    }
    c.desired++;
    if (pods.length === 0) continue;
    c.current++;
    const pod = [...pods].sort(byCreationAndPhase)[0]!;
    if (isPodReady(pod)) {
      c.ready++;
      if (isPodAvailable(pod, minReady, now)) c.available++;
    }
    if (hash && pod.metadata.labels?.[CONTROLLER_REVISION_HASH_LABEL] === hash) c.updated++;
  }
  const status: DaemonSetStatus = {
    ...(structuredClone(ds.status ?? {}) as DaemonSetStatus),
    currentNumberScheduled: c.current,
    numberMisscheduled: c.misscheduled,
    desiredNumberScheduled: c.desired,
    numberReady: c.ready,
  };
  // omitempty fields, as kube leaves them out when zero.
  const optional = {
    updatedNumberScheduled: c.updated,
    numberAvailable: c.available,
    numberUnavailable: c.desired - c.available,
  };
  for (const [k, v] of Object.entries(optional)) {
    if (v) (status as Record<string, number>)[k] = v;
    else delete (status as Record<string, number>)[k];
  }
  if (observed) status.observedGeneration = ds.metadata.generation ?? 0;
  await patchIfChanged(deps.client.resource('daemonsets'), ds, { ...ds, status }, { subresource: 'status' });
  if (minReady > 0 && c.ready !== c.available) deps.enqueueAfter(objectKey(ds), minReady * 1000);
}
