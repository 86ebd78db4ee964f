/**
 * Deleting a pod the taint manager has given up on (kube's addConditionAndDeletePod): the
 * DisruptionTarget condition first, through pods/status, then a graceful delete with the pod's
 * own grace period (never forced: on a failed node the pod stays Terminating until its kubelet
 * returns or the pod GC removes it).
 */
import { type RestClient, isConflict, isNotFound } from '@wheelhouse/client';
import { type CachedPod } from '../../workload/pod-status.js';
import { type ConditionIntent, patchPodStatus, withPodCondition } from '../../workload/pod-status-patch.js';

/** The condition kube's taint manager sets before it deletes a pod. */
export const TAINT_EVICTION_CONDITION: ConditionIntent = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByTaintManager',
  message: 'Taint manager: deleting due to NoExecute taint',
};

/**
 * Marks `pod` (as cached) and deletes it gracefully, guarded by its uid; resolves false when
 * that pod is already gone (or replaced by another of the same name), true once the delete was
 * accepted. Rejects with any other ApiError (the caller retries).
 */
export async function markAndDeletePod(client: RestClient, pod: CachedPod, now: number): Promise<boolean> {
  const namespace = pod.metadata.namespace ?? '';
  try {
    const status = withPodCondition(pod.status, TAINT_EVICTION_CONDITION, now);
    if (status) await patchPodStatus(client, pod, status);
    await client.resource('pods').delete(pod.metadata.name, { namespace, preconditions: { uid: pod.metadata.uid } });
    return true;
  } catch (err) {
    if (isNotFound(err) || isConflict(err)) return false;
    throw err;
  }
}
