/** Defaulting of StorageClass, PersistentVolume and PersistentVolumeClaim (SetDefaults_* of storage/v1 and core/v1). */
import { deepClone } from '@wheelhouse/machinery';
import type { PersistentVolume } from '../schema/core-v1-persistentvolume.js';
import type { PersistentVolumeClaim } from '../schema/core-v1-volume.js';
import type { StorageClass } from '../schema/storage-v1.js';
import { defaultPersistentVolumeClaim } from './pod.js';

/** StorageClass: reclaimPolicy Delete and volumeBindingMode Immediate when unset. Returns a copy. */
export function defaultStorageClass(sc: StorageClass): StorageClass {
  const copy = deepClone(sc);
  copy.reclaimPolicy ??= 'Delete';
  copy.volumeBindingMode ??= 'Immediate';
  return copy;
}

/** PersistentVolume: reclaim policy Retain, volumeMode Filesystem, status.phase Pending when unset. Returns a copy. */
export function defaultPersistentVolume(pv: PersistentVolume): PersistentVolume {
  const copy = deepClone(pv);
  const spec = (copy.spec ??= {});
  spec.persistentVolumeReclaimPolicy ||= 'Retain';
  spec.volumeMode ??= 'Filesystem';
  const status = (copy.status ??= {});
  status.phase ||= 'Pending';
  return copy;
}

/** PersistentVolumeClaim (the served kind): volumeMode Filesystem and status.phase Pending when unset. Returns a copy. */
export function defaultPersistentVolumeClaimObject(pvc: PersistentVolumeClaim): PersistentVolumeClaim {
  const copy = deepClone(pvc);
  defaultPersistentVolumeClaim(copy);
  if (!copy.status?.phase) (copy.status ??= {}).phase = 'Pending';
  return copy;
}
