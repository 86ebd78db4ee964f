/**
 * Binding a claim to a volume (kube's pv_controller bind): the volume's claimRef names the
 * claim (annotated bound-by-controller when the controller chose it) and its phase becomes
 * Bound; then the claim's volumeName names the volume, annotated bind-completed (and
 * bound-by-controller), and its status becomes Bound with the volume's capacity and access
 * modes. Each write is skipped when already done, so a retried bind completes where it stopped.
 */
import {
  BIND_COMPLETED_ANNOTATION,
  BOUND_BY_CONTROLLER_ANNOTATION,
  type PersistentVolume,
  type PersistentVolumeClaim,
} from '@wheelhouse/api';
import { mutableCopy } from '@wheelhouse/client';
import { type BinderDeps, type CachedClaim, type CachedVolume, setVolumePhase } from './deps.js';

async function bindVolumeToClaim(deps: BinderDeps, pv: CachedVolume, claim: CachedClaim): Promise<CachedVolume> {
  const ref = pv.spec?.claimRef;
  if (ref?.uid === claim.metadata.uid && ref.name === claim.metadata.name) return pv;
  const next = mutableCopy(pv) as PersistentVolume;
  const spec = (next.spec ??= {});
  if (ref === undefined) (next.metadata!.annotations ??= {})[BOUND_BY_CONTROLLER_ANNOTATION] = 'yes';
  spec.claimRef = {
    kind: 'PersistentVolumeClaim',
    namespace: claim.metadata.namespace,
    name: claim.metadata.name,
    uid: claim.metadata.uid,
    apiVersion: 'v1',
    resourceVersion: claim.metadata.resourceVersion,
  };
  return (await deps.client.resource('persistentvolumes').update(next)) as CachedVolume;
}

async function bindClaimToVolume(deps: BinderDeps, claim: CachedClaim, pv: CachedVolume): Promise<CachedClaim> {
  const annotations = claim.metadata.annotations ?? {};
  if (claim.spec?.volumeName === pv.metadata.name && annotations[BIND_COMPLETED_ANNOTATION] === 'yes') return claim;
  const next = mutableCopy(claim) as PersistentVolumeClaim;
  const meta = next.metadata!;
  meta.annotations ??= {};
  if (!claim.spec?.volumeName) meta.annotations[BOUND_BY_CONTROLLER_ANNOTATION] = 'yes';
  meta.annotations[BIND_COMPLETED_ANNOTATION] = 'yes';
  next.spec = { ...next.spec, volumeName: pv.metadata.name };
  return (await deps.client.resource('persistentvolumeclaims').update(next)) as CachedClaim;
}

async function setClaimBound(deps: BinderDeps, claim: CachedClaim, pv: CachedVolume): Promise<void> {
  const status = {
    phase: 'Bound',
    accessModes: [...(pv.spec?.accessModes ?? [])],
    capacity: { ...(pv.spec?.capacity ?? {}) },
  };
  const s = claim.status;
  const same =
    s?.phase === 'Bound' &&
    JSON.stringify(s.accessModes ?? []) === JSON.stringify(status.accessModes) &&
    JSON.stringify(s.capacity ?? {}) === JSON.stringify(status.capacity);
  if (same) return;
  await deps.client
    .resource('persistentvolumeclaims')
    .patch(
      claim.metadata.name,
      { status },
      { namespace: claim.metadata.namespace, type: 'merge', subresource: 'status' },
    );
}

/** Binds `claim` to `pv` (see the module comment); throws on a write error (the key is retried). */
export async function bind(deps: BinderDeps, pv: CachedVolume, claim: CachedClaim): Promise<void> {
  const volume = await bindVolumeToClaim(deps, pv, claim);
  await setVolumePhase(deps, volume, 'Bound');
  const bound = await bindClaimToVolume(deps, claim, volume);
  await setClaimBound(deps, bound, volume);
  deps.log.info(
    { claim: `${claim.metadata.namespace}/${claim.metadata.name}`, volume: pv.metadata.name },
    'bound claim',
  );
}
