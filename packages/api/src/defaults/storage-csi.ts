/** storage.k8s.io/v1 CSIDriver defaulting (SetDefaults_CSIDriver, SELinuxMountReadWriteOncePod on as in 1.32). */
import { deepClone } from '@wheelhouse/machinery';
import type { CSIDriver } from '../schema/storage-v1-csi.js';

/**
 * CSIDriver: attachRequired true, podInfoOnMount, storageCapacity, requiresRepublish and
 * seLinuxMount false, fsGroupPolicy ReadWriteOnceWithFSType, volumeLifecycleModes
 * [Persistent]. Returns a copy.
 */
export function defaultCSIDriver(driver: CSIDriver): CSIDriver {
  const copy = deepClone(driver);
  const spec = (copy.spec ??= {});
  spec.attachRequired ??= true;
  spec.podInfoOnMount ??= false;
  spec.storageCapacity ??= false;
  spec.fsGroupPolicy ??= 'ReadWriteOnceWithFSType';
  if ((spec.volumeLifecycleModes ?? []).length === 0) spec.volumeLifecycleModes = ['Persistent'];
  spec.requiresRepublish ??= false;
  spec.seLinuxMount ??= false;
  return copy;
}
