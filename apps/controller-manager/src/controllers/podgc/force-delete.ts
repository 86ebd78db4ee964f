/**
 * How the pod GC removes a pod (kube's markFailedAndDeletePodWithCondition): a pod not yet
 * Succeeded or Failed is first set Failed (with the condition given, if any) through
 * pods/status, since no kubelet may ever do it; then it is deleted with grace period 0.
 */
import type { Pod } from '@wheelhouse/api';
import { type Lister, type RestClient, type Served, isConflict, isNotFound } from '@wheelhouse/client';
import type { Logger } from 'pino';
import { type CachedPod, isPodTerminal, podKey } from '../../workload/pod-status.js';
import { type ConditionIntent, patchPodStatus, withPodCondition } from '../../workload/pod-status-patch.js';
import type { PodGcMetrics, PodGcReason } from './metrics.js';

/** What a pod GC pass reads and writes through. */
export interface PodGcDeps {
  client: RestClient;
  pods: Lister<Served<Pod>>;
  now(): number;
  logger: Logger;
  metrics: PodGcMetrics;
}

/** How many force deletions run at once (kube runs one goroutine per pod of a pass). */
const PARALLEL_DELETES = 16;

async function markFailedAndDelete(
  deps: PodGcDeps,
  pod: CachedPod,
  condition: ConditionIntent | undefined,
): Promise<void> {
  if (!isPodTerminal(pod)) {
    const failed = { ...(pod.status ?? {}), phase: 'Failed' } as NonNullable<Pod['status']>;
    const status = condition ? withPodCondition(failed, condition, deps.now()) : failed;
    await patchPodStatus(deps.client, pod, status ?? failed);
  }
  const namespace = pod.metadata.namespace ?? '';
  const preconditions = { uid: pod.metadata.uid };
  await deps.client.resource('pods').delete(pod.metadata.name, { namespace, gracePeriodSeconds: 0, preconditions });
}

/**
 * Force-deletes `pod`, counting it under `reason`; a failure is logged and counted, never
 * thrown (the next pass tries again). A pod already gone (or replaced) is no failure.
 */
export async function forceDelete(
  deps: PodGcDeps,
  pod: CachedPod,
  reason: PodGcReason,
  condition?: ConditionIntent,
): Promise<void> {
  const namespace = pod.metadata.namespace ?? '';
  deps.logger.info({ pod: podKey(pod), reason }, 'force deleting pod');
  deps.metrics.deleting(namespace, reason);
  try {
    await markFailedAndDelete(deps, pod, condition);
  } catch (err) {
    if (isNotFound(err) || isConflict(err)) return;
    deps.metrics.failed(namespace, reason);
    deps.logger.error({ pod: podKey(pod), reason, err }, 'force deletion failed');
  }
}

/** Force-deletes each of `pods` under `reason`, a bounded number at a time. */
export async function forceDeleteAll(
  deps: PodGcDeps,
  pods: readonly CachedPod[],
  reason: PodGcReason,
  condition?: ConditionIntent,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < pods.length) await forceDelete(deps, pods[next++]!, reason, condition);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_DELETES, pods.length) }, worker));
}

function evicted(pod: CachedPod): boolean {
  return pod.status?.phase === 'Failed' && pod.status.reason === 'Evicted';
}

/** Evicted pods first, then oldest first by creation time, then by name (kube's byEvictionAndCreationTimestamp). */
export function byEvictionAndAge(a: CachedPod, b: CachedPod): number {
  if (evicted(a) !== evicted(b)) return evicted(a) ? -1 : 1;
  const at = Date.parse(a.metadata.creationTimestamp ?? '') || 0;
  const bt = Date.parse(b.metadata.creationTimestamp ?? '') || 0;
  if (at !== bt) return at - bt;
  return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
}
