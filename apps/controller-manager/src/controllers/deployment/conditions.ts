/**
 * A Deployment's conditions and progress (kube's deployment/util conditions and progress
 * checks): Available (MinimumReplicasAvailable / MinimumReplicasUnavailable), Progressing
 * (NewReplicaSetCreated, FoundNewReplicaSet, ReplicaSetUpdated, NewReplicaSetAvailable,
 * ProgressDeadlineExceeded, DeploymentPaused, DeploymentResumed, ReplicaSetCreateError) and
 * ReplicaFailure copied from the ReplicaSets.
 */
import type { DeploymentStatus } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { timeOf } from '../../workload/pod-status.js';
import type { DeploymentLike } from './replica-sets.js';
import { desiredReplicas } from './rollout-math.js';

/** One Deployment condition. */
export type DeploymentCondition = NonNullable<DeploymentStatus['conditions']>[number];

/** Condition type: enough pods are available. */
export const AVAILABLE = 'Available';
/** Condition type: the rollout is making progress. */
export const PROGRESSING = 'Progressing';
/** Condition type: pods could not be created or deleted. */
export const REPLICA_FAILURE = 'ReplicaFailure';
/** Progressing reason: the new ReplicaSet was created. */
export const NEW_RS_REASON = 'NewReplicaSetCreated';
/** Progressing reason: the new ReplicaSet was found. */
export const FOUND_NEW_RS_REASON = 'FoundNewReplicaSet';
/** Progressing reason: the rollout moved forward. */
export const RS_UPDATED_REASON = 'ReplicaSetUpdated';
/** Progressing reason: the rollout completed. */
export const NEW_RS_AVAILABLE_REASON = 'NewReplicaSetAvailable';
/** Progressing reason: no progress within progressDeadlineSeconds. */
export const TIMED_OUT_REASON = 'ProgressDeadlineExceeded';
/** Progressing reason: paused. */
export const PAUSED_REASON = 'DeploymentPaused';
/** Progressing reason: resumed. */
export const RESUMED_REASON = 'DeploymentResumed';
/** Progressing reason and event: the new ReplicaSet could not be created. */
export const FAILED_RS_CREATE_REASON = 'ReplicaSetCreateError';
/** Available reason: at least replicas - maxUnavailable are available. */
export const MIN_AVAILABLE_REASON = 'MinimumReplicasAvailable';
/** Available reason: fewer than replicas - maxUnavailable are available. */
export const MIN_UNAVAILABLE_REASON = 'MinimumReplicasUnavailable';

/** A new condition with both times set to `now` (ms). */
export function newCondition(
  type: string,
  status: string,
  reason: string,
  message: string,
  now: number,
): DeploymentCondition {
  const t = formatTime(now);
  return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
}

/** The condition of `type` in `status`. */
export function getCondition(
  status: DeepReadonly<DeploymentStatus> | undefined,
  type: string,
): DeepReadonly<DeploymentCondition> | undefined {
  return status?.conditions?.find((c) => c.type === type);
}

/**
 * Sets `condition` in `status` unless one with the same status and reason is there; keeps the
 * old lastTransitionTime when only the reason changes (kube's SetDeploymentCondition).
 */
export function setCondition(status: DeploymentStatus, condition: DeploymentCondition): void {
  const current = getCondition(status, condition.type!);
  if (current && current.status === condition.status && current.reason === condition.reason) return;
  const next = { ...condition };
  if (current && current.status === condition.status) next.lastTransitionTime = current.lastTransitionTime;
  status.conditions = [...(status.conditions ?? []).filter((c) => c.type !== condition.type), next];
}

/** Removes the condition of `type`. */
export function removeCondition(status: DeploymentStatus, type: string): void {
  const kept = (status.conditions ?? []).filter((c) => c.type !== type);
  if (kept.length > 0) status.conditions = kept;
  else delete status.conditions;
}

/** True when progressDeadlineSeconds is set (and not MaxInt32, kube's "no deadline"). */
export function hasProgressDeadline(d: DeploymentLike): boolean {
  const s = d.spec?.progressDeadlineSeconds;
  return s !== undefined && s !== 2 ** 31 - 1;
}

/** True when every replica is updated and available and the spec was observed (kube's DeploymentComplete). */
export function deploymentComplete(d: DeploymentLike, status: DeploymentStatus): boolean {
  const want = desiredReplicas(d);
  return (
    (status.updatedReplicas ?? 0) === want &&
    (status.replicas ?? 0) === want &&
    (status.availableReplicas ?? 0) === want &&
    (status.observedGeneration ?? 0) >= (d.metadata?.generation ?? 0)
  );
}

/** True when `status` shows progress over the Deployment's current status (kube's DeploymentProgressing). */
export function deploymentProgressing(d: DeploymentLike, status: DeploymentStatus): boolean {
  const old = d.status ?? {};
  const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
  const newOld = (status.replicas ?? 0) - (status.updatedReplicas ?? 0);
  return (
    (status.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
    newOld < oldOld ||
    (status.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
    (status.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
  );
}

/** True when the Progressing condition was last updated longer than the deadline ago (kube's DeploymentTimedOut). */
export function deploymentTimedOut(d: DeploymentLike, status: DeploymentStatus, now: number): boolean {
  if (!hasProgressDeadline(d)) return false;
  const c = getCondition(status, PROGRESSING);
  if (!c || c.reason === NEW_RS_AVAILABLE_REASON) return false;
  if (c.reason === TIMED_OUT_REASON) return true;
  const from = timeOf(c.lastUpdateTime as string | undefined);
  return from !== undefined && from + (d.spec?.progressDeadlineSeconds ?? 0) * 1000 < now;
}
