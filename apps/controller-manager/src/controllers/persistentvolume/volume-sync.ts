/**
 * A volume's sync (kube's pv_controller syncVolume): without a claimRef it is Available; bound
 * to a claim that names it, Bound; bound to a claim that is gone, Released and reclaimed as its
 * policy says: Retain keeps it Released, Delete deletes it (the simulated provisioner's volumes;
 * any other volume has no deleter here and goes Failed, as kube reports a volume without a
 * deletable plugin), Recycle is not supported (Failed).
 */
import { BOUND_BY_CONTROLLER_ANNOTATION, PROVISIONED_BY_ANNOTATION, SIMULATED_PROVISIONER } from '@wheelhouse/api';
import { type Result, isNotFound, mutableCopy } from '@wheelhouse/client';
import { type BinderDeps, type CachedClaim, type CachedVolume, claimKey, setVolumePhase, volumeEvent } from './deps.js';

async function liveClaim(
  deps: BinderDeps,
  namespace: string,
  name: string,
  uid: string,
): Promise<CachedClaim | undefined> {
  const cached = deps.claims.get(name, namespace);
  if (cached?.metadata.uid === uid) return cached;
  try {
    const fresh = (await deps.client.resource('persistentvolumeclaims').get(name, { namespace })) as CachedClaim;
    return fresh.metadata.uid === uid ? fresh : undefined;
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

async function reclaim(deps: BinderDeps, pv: CachedVolume): Promise<void> {
  const policy = pv.spec?.persistentVolumeReclaimPolicy ?? 'Retain';
  if (policy === 'Retain') return;
  if (policy === 'Delete' && pv.metadata.annotations?.[PROVISIONED_BY_ANNOTATION] === SIMULATED_PROVISIONER) {
    if (pv.metadata.deletionTimestamp) return;
    try {
      await deps.client.resource('persistentvolumes').delete(pv.metadata.name);
    } catch (err) {
      if (!isNotFound(err)) throw err;
    }
    deps.log.info({ volume: pv.metadata.name }, 'deleted released volume');
    return;
  }
  const [reason, message] =
    policy === 'Delete'
      ? [
          'VolumeFailedDelete',
          `error getting deleter volume plugin for volume "${pv.metadata.name}": no deletable volume plugin matched`,
        ]
      : ['VolumeFailedRecycle', `No recycler plugin found for the volume!`];
  if (pv.status?.phase !== 'Failed') volumeEvent(deps, pv, 'Warning', reason, message);
  await setVolumePhase(deps, pv, 'Failed', message);
}

async function unbind(deps: BinderDeps, pv: CachedVolume): Promise<void> {
  const next = mutableCopy(pv);
  delete next.spec?.claimRef;
  delete next.metadata.annotations?.[BOUND_BY_CONTROLLER_ANNOTATION];
  const updated = (await deps.client.resource('persistentvolumes').update(next)) as CachedVolume;
  await setVolumePhase(deps, updated, 'Available');
}

async function released(deps: BinderDeps, pv: CachedVolume): Promise<Result> {
  if (pv.status?.phase !== 'Released' && pv.status?.phase !== 'Failed') await setVolumePhase(deps, pv, 'Released');
  await reclaim(deps, pv);
  return {};
}

/** Syncs the volume `name`; see the module comment. Throws on write errors (retried). */
export async function syncVolume(deps: BinderDeps, name: string): Promise<Result> {
  const pv = deps.volumes.get(name);
  if (!pv) return {};
  const ref = pv.spec?.claimRef;
  if (ref === undefined) {
    await setVolumePhase(deps, pv, 'Available');
    return {};
  }
  const namespace = ref.namespace ?? '';
  const claimName = ref.name ?? '';
  if (!ref.uid) {
    // Prebound by a user or the scheduler: the claim's sync completes the binding.
    if (pv.status?.phase === 'Pending') await setVolumePhase(deps, pv, 'Available');
    deps.enqueue(claimKey(namespace, claimName));
    return {};
  }
  const claim = await liveClaim(deps, namespace, claimName, ref.uid);
  if (!claim) return released(deps, pv);
  const volumeName = claim.spec?.volumeName;
  if (!volumeName) {
    deps.enqueue(claimKey(namespace, claimName));
    return {};
  }
  if (volumeName === name) {
    await setVolumePhase(deps, pv, 'Bound');
    return {};
  }
  // The claim is bound to another volume.
  if (pv.metadata.annotations?.[PROVISIONED_BY_ANNOTATION] && pv.spec?.persistentVolumeReclaimPolicy === 'Delete')
    return released(deps, pv);
  if (pv.metadata.annotations?.[BOUND_BY_CONTROLLER_ANNOTATION]) await unbind(deps, pv);
  return {};
}
