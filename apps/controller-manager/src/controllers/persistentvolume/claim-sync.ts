/**
 * A claim's sync (kube's pv_controller syncClaim). An unbound claim is bound to its matching
 * volume; without one it waits for its first consumer (WaitForFirstConsumer, until the
 * scheduler annotates the selected node), or is provisioned for, or reports FailedBinding.
 * A bound claim stays Bound while its volume names it, and is Lost once the volume is gone.
 * Pending claims are looked at again every 15 s (kube's --pvclaimbinder-sync-period).
 */
import {
  BIND_COMPLETED_ANNOTATION,
  SELECTED_NODE_ANNOTATION,
  claimClass,
  findMatchingVolume,
  isVolumeBoundToClaim,
} from '@wheelhouse/api';
import type { Result } from '@wheelhouse/client';
import { bind } from './bind.js';
import { type BinderDeps, type CachedClaim, claimEvent, setClaimPhase } from './deps.js';
import { provision } from './provision.js';

/** kube's default --pvclaimbinder-sync-period. */
export const RESYNC_PERIOD_MS = 15_000;

const PENDING: Result = { requeueAfter: RESYNC_PERIOD_MS };

async function pending(deps: BinderDeps, claim: CachedClaim): Promise<Result> {
  await setClaimPhase(deps, claim, 'Pending');
  return PENDING;
}

async function syncClaimWithoutVolume(deps: BinderDeps, claim: CachedClaim): Promise<Result> {
  const className = claimClass(claim);
  const sc = className ? deps.classes.get(className) : undefined;
  const delay = sc?.volumeBindingMode === 'WaitForFirstConsumer';
  const pv = findMatchingVolume(claim, deps.volumes.list(), { delayBinding: delay });
  if (pv) {
    await bind(deps, pv, claim);
    return {};
  }
  if (delay && !claim.metadata.annotations?.[SELECTED_NODE_ANNOTATION]) {
    claimEvent(
      deps,
      claim,
      'Normal',
      'WaitForFirstConsumer',
      'waiting for first consumer to be created before binding',
    );
    return pending(deps, claim);
  }
  if (!className) {
    claimEvent(
      deps,
      claim,
      'Normal',
      'FailedBinding',
      'no persistent volumes available for this claim and no storage class is set',
    );
  } else if (!sc) {
    claimEvent(deps, claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`);
  } else {
    await provision(deps, claim, sc);
  }
  return pending(deps, claim);
}

async function syncClaimWithVolume(deps: BinderDeps, claim: CachedClaim, volumeName: string): Promise<Result> {
  const pv = deps.volumes.get(volumeName);
  if (!pv) return pending(deps, claim);
  if (pv.spec?.claimRef === undefined || isVolumeBoundToClaim(pv, claim)) {
    await bind(deps, pv, claim);
    return {};
  }
  claimEvent(deps, claim, 'Warning', 'FailedBinding', `volume "${volumeName}" already bound to a different claim.`);
  return pending(deps, claim);
}

async function lost(deps: BinderDeps, claim: CachedClaim, message: string): Promise<Result> {
  if (claim.status?.phase !== 'Lost') claimEvent(deps, claim, 'Warning', 'ClaimLost', message);
  await setClaimPhase(deps, claim, 'Lost');
  return {};
}

async function syncBoundClaim(deps: BinderDeps, claim: CachedClaim): Promise<Result> {
  const volumeName = claim.spec?.volumeName;
  if (!volumeName)
    return lost(deps, claim, 'Bound claim has lost reference to PersistentVolume. Data on the volume is lost!');
  const pv = deps.volumes.get(volumeName);
  if (!pv) return lost(deps, claim, 'Bound claim has lost its PersistentVolume. Data on the volume is lost!');
  if (pv.spec?.claimRef === undefined || isVolumeBoundToClaim(pv, claim)) {
    await bind(deps, pv, claim);
    return {};
  }
  return lost(deps, claim, 'Two claims are bound to the same volume, this one is bound incorrectly');
}

/** Syncs the claim `namespace/name`; see the module comment. Throws on write errors (retried). */
export async function syncClaim(deps: BinderDeps, namespace: string, name: string): Promise<Result> {
  const claim = deps.claims.get(name, namespace);
  if (!claim) return {};
  if (claim.metadata.annotations?.[BIND_COMPLETED_ANNOTATION] !== undefined) return syncBoundClaim(deps, claim);
  const volumeName = claim.spec?.volumeName;
  return volumeName ? syncClaimWithVolume(deps, claim, volumeName) : syncClaimWithoutVolume(deps, claim);
}
