/**
 * The Recreate strategy (kube's recreate.go): scale every old ReplicaSet to 0, wait until no
 * old pod runs, then create (or grow) the new ReplicaSet to spec.replicas.
 */
import type { Result } from '@wheelhouse/client';
import { deploymentComplete } from './conditions.js';
import { syncRolloutStatus } from './progress.js';
import { type RS, actualReplicaCount, isActive } from './replica-sets.js';
import { desiredReplicas } from './rollout-math.js';
import type { DeploymentSync } from './sync.js';

/** True while an old ReplicaSet reports replicas or has a pod not Failed or Succeeded (kube's oldPodsRunning). */
function oldPodsRunning(s: DeploymentSync, newRS: RS | undefined, oldRSs: readonly RS[]): boolean {
  if (actualReplicaCount(oldRSs) > 0) return true;
  for (const [uid, pods] of s.podMap(s.replicaSets)) {
    if (uid === newRS?.metadata.uid) continue;
    if (pods.some((p) => p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded')) return true;
  }
  return false;
}

/** One sync of a Recreate rollout. */
export async function rolloutRecreate(s: DeploymentSync): Promise<Result> {
  let { newRS, oldRSs } = await s.newAndOld(false);
  let scaledDown = false;
  for (const rs of oldRSs.filter(isActive)) if ((await s.scaleAndRecord(rs, 0)).scaled) scaledDown = true;
  if (scaledDown || oldPodsRunning(s, newRS, oldRSs)) return syncRolloutStatus(s, [...oldRSs, newRS], newRS);
  if (!newRS) ({ newRS, oldRSs } = await s.newAndOld(true));
  await s.scaleAndRecord(newRS!, desiredReplicas(s.d));
  if (deploymentComplete(s.d, s.d.status ?? {})) await s.cleanup(oldRSs);
  return syncRolloutStatus(s, [...oldRSs, newRS], newRS);
}
