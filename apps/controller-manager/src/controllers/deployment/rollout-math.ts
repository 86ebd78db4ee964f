/**
 * The rollout arithmetic of kube's deployment controller, as pure functions: maxSurge and
 * maxUnavailable resolved against spec.replicas (surge rounded up, unavailability down, and
 * 1 unavailable when both come to 0), how far the new ReplicaSet may grow, and how a scaling
 * event is shared out among active ReplicaSets in proportion to their size.
 */
import type { IntOrString } from '@wheelhouse/api';
import { scaledValue } from '../../workload/int-or-percent.js';
import {
  DESIRED_REPLICAS_ANNOTATION,
  type DeploymentLike,
  MAX_REPLICAS_ANNOTATION,
  type RS,
  bySizeNewer,
  availableReplicaCount,
  bySizeOlder,
  byCreation,
  intAnnotation,
  isActive,
  replicasOf,
  specReplicaCount,
} from './replica-sets.js';

/** spec.replicas of a Deployment (defaulted to 1). */
export const desiredReplicas = (d: DeploymentLike): number => d.spec?.replicas ?? 1;

/** True for the RollingUpdate strategy (the default). */
export const isRollingUpdate = (d: DeploymentLike): boolean =>
  (d.spec?.strategy?.type ?? 'RollingUpdate') === 'RollingUpdate';

/** maxSurge and maxUnavailable as counts out of `desired` (kube's ResolveFenceposts). */
export function resolveFenceposts(
  maxSurge: IntOrString | undefined,
  maxUnavailable: IntOrString | undefined,
  desired: number,
): { surge: number; unavailable: number } {
  const surge = scaledValue(maxSurge ?? 0, desired, true);
  const unavailable = scaledValue(maxUnavailable ?? 0, desired, false);
  // Both resolving to 0 (a small percentage rounded down) would stall the rollout: allow one unavailable.
  return surge === 0 && unavailable === 0 ? { surge, unavailable: 1 } : { surge, unavailable };
}

function fenceposts(d: DeploymentLike): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate;
  return resolveFenceposts(ru?.maxSurge ?? '25%', ru?.maxUnavailable ?? '25%', desiredReplicas(d));
}

/** How many pods above spec.replicas a rolling update may run (0 for Recreate). */
export function maxSurge(d: DeploymentLike): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** How many of spec.replicas may be unavailable (0 for Recreate or 0 replicas; at most spec.replicas). */
export function maxUnavailable(d: DeploymentLike): number {
  const desired = desiredReplicas(d);
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(fenceposts(d).unavailable, desired);
}

/** The size the new ReplicaSet may grow to now (kube's NewRSNewReplicas). */
export function newRSNewReplicas(d: DeploymentLike, all: readonly (RS | undefined)[], newRS: RS): number {
  if (!isRollingUpdate(d)) return desiredReplicas(d);
  const desired = desiredReplicas(d);
  const surge = scaledValue(d.spec?.strategy?.rollingUpdate?.maxSurge ?? '25%', desired, true);
  const current = specReplicaCount(all);
  const maxTotal = desired + surge;
  if (current >= maxTotal) return replicasOf(newRS);
  return replicasOf(newRS) + Math.min(maxTotal - current, desired - replicasOf(newRS));
}

/** True when the new ReplicaSet runs every replica, available (kube's IsSaturated). */
export function isSaturated(d: DeploymentLike, rs: RS | undefined): boolean {
  if (!rs) return false;
  const desired = desiredReplicas(d);
  return (
    replicasOf(rs) === desired &&
    intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION) === desired &&
    (rs.status?.availableReplicas ?? 0) === desired
  );
}

/** The one active ReplicaSet, or the newest when none is active; undefined when several are (kube's FindActiveOrLatest). */
export function findActiveOrLatest(newRS: RS | undefined, oldRSs: readonly RS[]): RS | undefined {
  if (!newRS && oldRSs.length === 0) return undefined;
  const newestFirst = [...oldRSs].sort((a, b) => byCreation(b, a));
  const active = [...newestFirst, newRS].filter(isActive);
  if (active.length === 0) return newRS ?? newestFirst[0];
  return active.length === 1 ? active[0] : undefined;
}

function roundHalfAway(x: number): number {
  return x < 0 ? Math.ceil(x - 0.5) : Math.floor(x + 0.5);
}

/** The change of `rs` in a proportional scale (kube's getReplicaSetFraction). */
function fraction(rs: RS, d: DeploymentLike): number {
  if (desiredReplicas(d) === 0) return -replicasOf(rs);
  const deploymentReplicas = desiredReplicas(d) + maxSurge(d);
  // Without the annotation, the Deployment's current size stands in (the min/max below keeps it in bounds).
  const annotated = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? d.status?.replicas ?? 0;
  if (annotated <= 0) return 0;
  return roundHalfAway((replicasOf(rs) * deploymentReplicas) / annotated) - replicasOf(rs);
}

/** How much of the remaining `toAdd - added` goes to `rs` (kube's GetReplicaSetProportion). */
function proportion(rs: RS, d: DeploymentLike, toAdd: number, added: number): number {
  if (replicasOf(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const f = fraction(rs, d);
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(f, allowed) : Math.max(f, allowed);
}

/** One ReplicaSet's new size in a scaling plan. */
export interface ScaleStep {
  rs: RS;
  size: number;
}

/**
 * What a scaling event does: the steps in order; `proportional` when it is a proportional
 * scale (whose steps also refresh the replicas annotations of ReplicaSets whose size stays).
 */
export interface ScalePlan {
  steps: ScaleStep[];
  proportional: boolean;
}

/**
 * What a scaling event does to the ReplicaSets (kube's scale): the only active (or the latest)
 * one takes all replicas; a saturated new one sends every old one to 0; otherwise, for a
 * rolling update, the difference between spec.replicas + maxSurge and the replicas running is
 * shared in proportion to size (largest first; newer first when growing, older first when
 * shrinking), leftovers to the first.
 */
export function planScale(d: DeploymentLike, newRS: RS | undefined, oldRSs: readonly RS[]): ScalePlan {
  const single = findActiveOrLatest(newRS, oldRSs);
  if (single) {
    const steps = replicasOf(single) === desiredReplicas(d) ? [] : [{ rs: single, size: desiredReplicas(d) }];
    return { steps, proportional: false };
  }
  if (isSaturated(d, newRS))
    return { steps: oldRSs.filter(isActive).map((rs) => ({ rs, size: 0 })), proportional: false };
  if (!isRollingUpdate(d)) return { steps: [], proportional: false };
  const all = [...oldRSs, newRS].filter(isActive);
  const allowed = desiredReplicas(d) > 0 ? desiredReplicas(d) + maxSurge(d) : 0;
  const toAdd = allowed - specReplicaCount(all);
  if (toAdd > 0) all.sort(bySizeNewer);
  else if (toAdd < 0) all.sort(bySizeOlder);
  let added = 0;
  const sizes = all.map((rs) => {
    const p = proportion(rs, d, toAdd, added);
    added += p;
    return replicasOf(rs) + p;
  });
  if (toAdd !== 0 && sizes.length > 0) sizes[0] = Math.max(0, sizes[0]! + toAdd - added);
  return { steps: all.map((rs, i) => ({ rs, size: sizes[i]! })), proportional: true };
}

/**
 * How a rolling update shrinks the old ReplicaSets now (kube's reconcileOldReplicaSets): at
 * most all pods - (replicas - maxUnavailable) - the new ReplicaSet's unavailable ones; first
 * their unavailable replicas (oldest ReplicaSet first), then available ones while more than
 * replicas - maxUnavailable stay available. Steps in order, a ReplicaSet possibly twice.
 */
export function planOldScaleDown(
  d: DeploymentLike,
  all: readonly RS[],
  oldActive: readonly RS[],
  newRS: RS,
): ScaleStep[] {
  if (specReplicaCount(oldActive) === 0) return [];
  const minAvailable = desiredReplicas(d) - maxUnavailable(d);
  const newUnavailable = replicasOf(newRS) - (newRS.status?.availableReplicas ?? 0);
  const budget = specReplicaCount(all) - minAvailable - newUnavailable;
  if (budget <= 0) return [];
  const steps: ScaleStep[] = [];
  const sorted = [...oldActive].sort(byCreation);
  const size = new Map(sorted.map((rs) => [rs.metadata.uid, replicasOf(rs)]));
  let cleaned = 0;
  for (const rs of sorted) {
    if (cleaned >= budget) break;
    const unhealthy = replicasOf(rs) - (rs.status?.availableReplicas ?? 0);
    if (replicasOf(rs) === 0 || unhealthy <= 0) continue;
    const n = Math.min(budget - cleaned, unhealthy);
    size.set(rs.metadata.uid, replicasOf(rs) - n);
    steps.push({ rs, size: replicasOf(rs) - n });
    cleaned += n;
  }
  const available = availableReplicaCount([...sorted, newRS]);
  if (available <= minAvailable) return steps;
  const target = available - minAvailable;
  let scaled = 0;
  for (const rs of sorted) {
    const current = size.get(rs.metadata.uid)!;
    if (scaled >= target) break;
    if (current === 0) continue;
    const n = Math.min(current, target - scaled);
    steps.push({ rs, size: current - n });
    scaled += n;
  }
  return steps;
}
