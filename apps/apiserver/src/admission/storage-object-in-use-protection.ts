/**
 * The StorageObjectInUseProtection admission plugin: every new PersistentVolumeClaim gets the
 * `kubernetes.io/pvc-protection` finalizer and every new PersistentVolume the
 * `kubernetes.io/pv-protection` one, which the pvc-protection and pv-protection controllers
 * remove once no pod uses the claim / no claim is bound to the volume.
 */
import type { AdmissionPlugin } from './admission.js';

/** The finalizer protecting a claim a pod still uses. */
export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
/** The finalizer protecting a volume a claim is still bound to. */
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';

/** See the module comment. */
export function storageObjectInUseProtection(): AdmissionPlugin {
  return {
    resources: [
      { group: '', plural: 'persistentvolumeclaims' },
      { group: '', plural: 'persistentvolumes' },
    ],
    admit: (def, obj) => {
      const finalizer = def.plural === 'persistentvolumes' ? PV_PROTECTION_FINALIZER : PVC_PROTECTION_FINALIZER;
      const finalizers = (obj.metadata.finalizers ??= []);
      if (!finalizers.includes(finalizer)) finalizers.push(finalizer);
    },
  };
}
