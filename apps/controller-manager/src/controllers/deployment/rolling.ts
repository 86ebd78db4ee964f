/**
 * The RollingUpdate strategy (kube's rolling.go): grow the new ReplicaSet up to
 * spec.replicas + maxSurge pods in all, shrink old ones (unhealthy replicas first) while
 * keeping spec.replicas - maxUnavailable available, and clean up history once complete.
 */
import type { Result } from '@wheelhouse/client';
import { deploymentComplete } from './conditions.js';
import { syncRolloutStatus } from './progress.js';
import { type RS, isActive, replicasOf } from './replica-sets.js';
import { desiredReplicas, newRSNewReplicas, planOldScaleDown } from './rollout-math.js';
import type { DeploymentSync } from './sync.js';

/** One sync of a rolling update. */
export async function rolloutRolling(s: DeploymentSync): Promise<Result> {
  const { newRS, oldRSs } = await s.newAndOld(true);
  const all = [...oldRSs, newRS!];
  if (await reconcileNewReplicaSet(s, all, newRS!)) return syncRolloutStatus(s, all, newRS);
  if (await reconcileOldReplicaSets(s, all, oldRSs.filter(isActive), newRS!)) return syncRolloutStatus(s, all, newRS);
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return syncRolloutStatus(s, all, newRS);
}

async function reconcileNewReplicaSet(s: DeploymentSync, all: readonly RS[], newRS: RS): Promise<boolean> {
  const want = desiredReplicas(s.d);
  if (replicasOf(newRS) === want) return false;
  const size = replicasOf(newRS) > want ? want : newRSNewReplicas(s.d, all, newRS);
  return (await s.scaleAndRecord(newRS, size)).scaled;
}

async function reconcileOldReplicaSets(
  s: DeploymentSync,
  all: readonly RS[],
  oldRSs: RS[],
  newRS: RS,
): Promise<boolean> {
  const latest = new Map<string, RS>();
  let changed = false;
  for (const { rs, size } of planOldScaleDown(s.d, all, oldRSs, newRS)) {
    const current = latest.get(rs.metadata.uid) ?? rs;
    const result = await s.scaleAndRecord(current, size);
    latest.set(rs.metadata.uid, result.rs);
    changed ||= result.scaled;
  }
  return changed;
}
