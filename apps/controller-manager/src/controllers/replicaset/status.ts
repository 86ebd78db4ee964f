/** A replica owner's status from its pods (kube's calculateStatus in replica_set_utils.go). */
import { type DeepReadonly, matchLabels } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { messageOf } from '../../workload/pod-control.js';
import { type CachedPod, isPodAvailable, isPodReady } from '../../workload/pod-status.js';
import type { ReplicaOwnerView, ReplicaStatus } from './kind.js';

type Condition = NonNullable<ReplicaStatus['conditions']>[number];

/** The condition type a failed create or delete sets. */
export const REPLICA_FAILURE = 'ReplicaFailure';

/** The owner's conditions after a sync that failed with `manageError` (or did not). */
function conditionsAfter(
  current: DeepReadonly<Condition[]> | undefined,
  owner: ReplicaOwnerView,
  podCount: number,
  manageError: unknown,
  now: number,
): Condition[] | undefined {
  const conditions = structuredClone(current ?? []) as Condition[];
  const failure = conditions.find((c) => c.type === REPLICA_FAILURE);
  if (manageError !== undefined && !failure) {
    const diff = podCount - owner.replicas;
    const reason = diff < 0 ? 'FailedCreate' : diff > 0 ? 'FailedDelete' : '';
    conditions.push({
      type: REPLICA_FAILURE,
      status: 'True',
      lastTransitionTime: formatTime(now),
      reason,
      message: messageOf(manageError),
    });
  }
  const kept = manageError === undefined ? conditions.filter((c) => c.type !== REPLICA_FAILURE) : conditions;
  return kept.length > 0 ? kept : undefined;
}

/** The pod counts a replica owner's status reports. */
export interface ReplicaCounts {
  replicas: number;
  fullyLabeled: number;
  ready: number;
  available: number;
}

/**
 * The counts of an owner whose active, claimed pods are `pods`: all of them, those fully
 * labeled (every template label), ready, and available (ready for minReadySeconds at `now`).
 */
export function countReplicas(owner: ReplicaOwnerView, pods: readonly CachedPod[], now: number): ReplicaCounts {
  const fullyLabeledPod = matchLabels(owner.template?.metadata?.labels ?? {});
  let fullyLabeled = 0;
  let ready = 0;
  let available = 0;
  for (const pod of pods) {
    if (fullyLabeledPod(pod)) fullyLabeled++;
    if (!isPodReady(pod)) continue;
    ready++;
    if (isPodAvailable(pod, owner.minReadySeconds, now)) available++;
  }
  return { replicas: pods.length, fullyLabeled, ready, available };
}

/**
 * The status of an owner with `counts`: the replica counts, the observed generation, and a
 * ReplicaFailure condition while creating or deleting pods fails.
 */
export function replicaStatus(
  owner: ReplicaOwnerView,
  generation: number | undefined,
  counts: ReplicaCounts,
  manageError: unknown,
  now: number,
): ReplicaStatus {
  const { replicas, fullyLabeled, ready, available } = counts;
  const conditions = conditionsAfter(owner.status.conditions, owner, replicas, manageError, now);
  // Zero counts are left out, as Go's omitempty leaves them out of kube's JSON.
  return {
    replicas,
    ...(fullyLabeled ? { fullyLabeledReplicas: fullyLabeled } : {}),
    ...(ready ? { readyReplicas: ready } : {}),
    ...(available ? { availableReplicas: available } : {}),
    ...(generation ? { observedGeneration: generation } : {}),
    ...(conditions ? { conditions } : {}),
  };
}
