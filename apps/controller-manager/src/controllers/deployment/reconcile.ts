/**
 * A Deployment's sync (kube's syncDeployment): claim its ReplicaSets; a Deployment being
 * deleted only gets its status; paused ones and scaling events are scaled proportionally
 * (paused ones also lose history beyond the limit); otherwise the strategy rolls out.
 */
import type { Deployment } from '@wheelhouse/api';
import { type Lister, type Result, type Served, splitKey } from '@wheelhouse/client';
import { selectsEverything } from '../../workload/selectors.js';
import { checkPausedConditions, isScalingEvent, syncDeploymentStatus } from './progress.js';
import { rolloutRecreate } from './recreate.js';
import { rolloutRolling } from './rolling.js';
import { type DeploymentDeps, DeploymentSync } from './sync.js';

/** What the Deployment sync needs besides {@link DeploymentDeps}. */
export interface DeploymentSyncDeps extends DeploymentDeps {
  deployments: Lister<Served<Deployment>>;
}

/** Syncs the Deployment under `key`; see the module comment. */
export async function syncDeployment(deps: DeploymentSyncDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const cached = deps.deployments.get(name, namespace);
  if (!cached) return {};
  const s = new DeploymentSync(deps, cached);
  if (selectsEverything(cached.spec?.selector)) {
    s.event('Warning', 'SelectingAll', 'This deployment is selecting all pods. A non-empty selector is required.');
    if ((s.d.status?.observedGeneration ?? 0) < (cached.metadata.generation ?? 0)) {
      s.d.status = { ...s.d.status, observedGeneration: cached.metadata.generation ?? 0 };
      await s.writeStatus();
    }
    return {};
  }
  await s.claimReplicaSets();
  if (cached.metadata.deletionTimestamp) return syncStatusOnly(s);
  await checkPausedConditions(s);
  if (s.d.spec?.paused) return scaleOnly(s);
  const { newRS, oldRSs } = await s.newAndOld(false);
  if (isScalingEvent(s, newRS, oldRSs)) return scaleOnly(s);
  return s.d.spec?.strategy?.type === 'Recreate' ? rolloutRecreate(s) : rolloutRolling(s);
}

async function syncStatusOnly(s: DeploymentSync): Promise<Result> {
  const { newRS, oldRSs } = await s.newAndOld(false);
  await syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
  return {};
}

/** kube's sync: proportional scaling, history cleanup while paused, status. */
async function scaleOnly(s: DeploymentSync): Promise<Result> {
  const { newRS, oldRSs } = await s.newAndOld(false);
  await s.scale(newRS, oldRSs);
  if (s.d.spec?.paused) await s.cleanup(oldRSs);
  // Sizes changed by scale() are seen on the next sync; kube computes this status from the same pre-scale objects.
  await syncDeploymentStatus(s, [...oldRSs, newRS], newRS);
  return {};
}
