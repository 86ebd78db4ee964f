/**
 * Writing a Deployment's status at the end of a sync (kube's syncDeploymentStatus and
 * syncRolloutStatus, checkPausedConditions and requeueStuckDeployment).
 */
import type { Result } from '@wheelhouse/client';
import {
  PAUSED_REASON,
  PROGRESSING,
  RESUMED_REASON,
  TIMED_OUT_REASON,
  deploymentComplete,
  getCondition,
  hasProgressDeadline,
  newCondition,
  setCondition,
} from './conditions.js';
import { type RS, DESIRED_REPLICAS_ANNOTATION, intAnnotation, isActive } from './replica-sets.js';
import { desiredReplicas } from './rollout-math.js';
import { calculateStatus, rolloutStatus } from './status.js';
import type { DeploymentSync } from './sync.js';
import { canonicalJson } from '../../workload/template-hash.js';

function sameStatus(a: unknown, b: unknown): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}

/** Writes the counts and Available condition (for scaling and paused syncs). */
export async function syncDeploymentStatus(
  s: DeploymentSync,
  all: readonly (RS | undefined)[],
  newRS: RS | undefined,
): Promise<void> {
  const status = calculateStatus(all, newRS, s.d, s.now());
  if (sameStatus(s.d.status, status)) return;
  s.d.status = status;
  await s.writeStatus();
}

/**
 * Writes the rollout status; when nothing changed and the rollout is still under way, asks to
 * be woken when the progress deadline would pass (kube's requeueStuckDeployment).
 */
export async function syncRolloutStatus(
  s: DeploymentSync,
  all: readonly (RS | undefined)[],
  newRS: RS | undefined,
): Promise<Result> {
  const status = rolloutStatus(all, newRS, s.d, s.now());
  if (!sameStatus(s.d.status, status)) {
    s.d.status = status;
    await s.writeStatus();
    return {};
  }
  return requeueStuck(s, status);
}

function requeueStuck(s: DeploymentSync, status: NonNullable<DeploymentSync['d']['status']>): Result {
  const current = getCondition(s.d.status, PROGRESSING);
  if (!hasProgressDeadline(s.d) || !current) return {};
  if (deploymentComplete(s.d, status) || current.reason === TIMED_OUT_REASON) return {};
  const updated = Date.parse(String(current.lastUpdateTime ?? ''));
  if (Number.isNaN(updated)) return {};
  const after = updated + (s.d.spec?.progressDeadlineSeconds ?? 0) * 1000 - s.now();
  // Under a second left: look again soon, rate-limited.
  return after < 1000 ? { requeue: true } : { requeueAfter: after };
}

/** Sets Progressing Unknown DeploymentPaused / DeploymentResumed when the paused flag changed (kube's checkPausedConditions). */
export async function checkPausedConditions(s: DeploymentSync): Promise<void> {
  if (!hasProgressDeadline(s.d)) return;
  const current = getCondition(s.d.status, PROGRESSING);
  if (current?.reason === TIMED_OUT_REASON) return;
  const pausedShown = current?.reason === PAUSED_REASON;
  const paused = s.d.spec?.paused === true;
  let condition;
  if (paused && !pausedShown)
    condition = newCondition(PROGRESSING, 'Unknown', PAUSED_REASON, 'Deployment is paused', s.now());
  else if (!paused && pausedShown)
    condition = newCondition(PROGRESSING, 'Unknown', RESUMED_REASON, 'Deployment is resumed', s.now());
  if (!condition) return;
  setCondition((s.d.status ??= {}), condition);
  await s.writeStatus();
}

/** True when an active ReplicaSet was last scaled for another spec.replicas: a scaling event, not a rollout (kube's isScalingEvent). */
export function isScalingEvent(s: DeploymentSync, newRS: RS | undefined, oldRSs: readonly RS[]): boolean {
  return [...oldRSs, newRS].filter(isActive).some((rs) => {
    const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
    return desired !== undefined && desired !== desiredReplicas(s.d);
  });
}
