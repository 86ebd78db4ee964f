/** The PersistentVolumeClaims a pod uses (kube's ephemeral.VolumeClaimName and the pod's persistentVolumeClaim volumes). */
import type { DeepReadonly } from '@wheelhouse/machinery';
import type { Pod } from '../schema/core-v1-pod.js';

/**
 * The claim names of the pod's volumes: a persistentVolumeClaim volume's claimName, and for
 * a generic ephemeral volume the claim `<pod>-<volume>` the ephemeral-volume controller makes.
 */
export function podClaimNames(pod: DeepReadonly<Pick<Pod, 'metadata' | 'spec'>>): string[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => {
    if (v.persistentVolumeClaim?.claimName) return [v.persistentVolumeClaim.claimName];
    if (v.ephemeral) return [`${pod.metadata?.name ?? ''}-${v.name ?? ''}`];
    return [];
  });
}
