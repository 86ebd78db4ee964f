/** A Deployment's status from its ReplicaSets (kube's calculateStatus and syncRolloutStatus conditions). */
import type { DeploymentStatus } from '@wheelhouse/api';
import {
  AVAILABLE,
  MIN_AVAILABLE_REASON,
  MIN_UNAVAILABLE_REASON,
  NEW_RS_AVAILABLE_REASON,
  PROGRESSING,
  REPLICA_FAILURE,
  RS_UPDATED_REASON,
  TIMED_OUT_REASON,
  type DeploymentCondition,
  deploymentComplete,
  deploymentProgressing,
  deploymentTimedOut,
  getCondition,
  hasProgressDeadline,
  newCondition,
  removeCondition,
  setCondition,
} from './conditions.js';
import {
  type DeploymentLike,
  type RS,
  actualReplicaCount,
  availableReplicaCount,
  readyReplicaCount,
  specReplicaCount,
} from './replica-sets.js';
import { desiredReplicas, maxUnavailable } from './rollout-math.js';

/** Leaves zero counts out, as Go's omitempty does. */
function nonZero(status: DeploymentStatus): DeploymentStatus {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) if (v !== 0 && v !== undefined) out[k] = v;
  return out as DeploymentStatus;
}

/**
 * The counts of a Deployment's status from its ReplicaSets, the observed generation, and the
 * Available condition (available >= replicas - maxUnavailable); other conditions are kept.
 */
export function calculateStatus(
  all: readonly (RS | undefined)[],
  newRS: RS | undefined,
  d: DeploymentLike,
  now: number,
): DeploymentStatus {
  const available = availableReplicaCount(all);
  const status: DeploymentStatus = nonZero({
    observedGeneration: d.metadata?.generation ?? 0,
    replicas: actualReplicaCount(all),
    updatedReplicas: actualReplicaCount([newRS]),
    readyReplicas: readyReplicaCount(all),
    availableReplicas: available,
    unavailableReplicas: Math.max(0, specReplicaCount(all) - available),
  });
  // collisionCount is a pointer in kube: kept when set, even to 0.
  if (d.status?.collisionCount !== undefined) status.collisionCount = d.status.collisionCount;
  const conditions = structuredClone(d.status?.conditions ?? []) as DeploymentCondition[];
  if (conditions.length > 0) status.conditions = conditions;
  const ok = available >= desiredReplicas(d) - maxUnavailable(d);
  setCondition(
    status,
    ok
      ? newCondition(AVAILABLE, 'True', MIN_AVAILABLE_REASON, 'Deployment has minimum availability.', now)
      : newCondition(AVAILABLE, 'False', MIN_UNAVAILABLE_REASON, 'Deployment does not have minimum availability.', now),
  );
  return status;
}

/** The ReplicaFailure conditions of the new ReplicaSet, else of any ReplicaSet, as Deployment conditions. */
function replicaFailures(all: readonly (RS | undefined)[], newRS: RS | undefined): DeploymentCondition[] {
  const from = (rs: RS | undefined): DeploymentCondition[] =>
    (rs?.status?.conditions ?? [])
      .filter((c) => c.type === REPLICA_FAILURE)
      .map((c) => ({
        type: c.type,
        status: c.status,
        lastTransitionTime: c.lastTransitionTime,
        lastUpdateTime: c.lastTransitionTime,
        reason: c.reason,
        message: c.message,
      }));
  const fresh = from(newRS);
  return fresh.length > 0 ? fresh : all.flatMap(from);
}

/**
 * The status of a Deployment in a rollout (kube's syncRolloutStatus): the counts, then the
 * Progressing condition (complete, progressing, or timed out against progressDeadlineSeconds;
 * untouched once the rollout completed), and ReplicaFailure from its ReplicaSets.
 */
export function rolloutStatus(
  all: readonly (RS | undefined)[],
  newRS: RS | undefined,
  d: DeploymentLike,
  now: number,
): DeploymentStatus {
  const status = calculateStatus(all, newRS, d, now);
  if (!hasProgressDeadline(d)) removeCondition(status, PROGRESSING);
  const current = getCondition(d.status, PROGRESSING);
  const complete = status.replicas === status.updatedReplicas && current?.reason === NEW_RS_AVAILABLE_REASON;
  if (hasProgressDeadline(d) && !complete) setProgressing(status, d, newRS, current, now);
  const failures = replicaFailures(all, newRS);
  if (failures.length > 0) setCondition(status, failures[0]!);
  else removeCondition(status, REPLICA_FAILURE);
  return status;
}

function setProgressing(
  status: DeploymentStatus,
  d: DeploymentLike,
  newRS: RS | undefined,
  current: DeploymentCondition | undefined,
  now: number,
): void {
  const subject = newRS ? `ReplicaSet "${newRS.metadata.name}"` : `Deployment "${d.metadata?.name}"`;
  if (deploymentComplete(d, status)) {
    setCondition(
      status,
      newCondition(PROGRESSING, 'True', NEW_RS_AVAILABLE_REASON, `${subject} has successfully progressed.`, now),
    );
  } else if (deploymentProgressing(d, status)) {
    // Progress refreshes lastUpdateTime even with the same reason: replace the condition.
    const c = newCondition(PROGRESSING, 'True', RS_UPDATED_REASON, `${subject} is progressing.`, now);
    if (current?.status === 'True') c.lastTransitionTime = current.lastTransitionTime;
    removeCondition(status, PROGRESSING);
    setCondition(status, c);
  } else if (deploymentTimedOut(d, status, now)) {
    setCondition(
      status,
      newCondition(PROGRESSING, 'False', TIMED_OUT_REASON, `${subject} has timed out progressing.`, now),
    );
  }
}
