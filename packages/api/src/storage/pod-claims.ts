/** The PersistentVolumeClaims a pod uses (kube's ephemeral.VolumeClaimName and the pod's persistentVolumeClaim volumes). */
import type { DeepReadonly } from '@wheelhouse/machinery';
import type { Pod } from '../schema/core-v1-pod.js';

/** A pod volume backed by a claim: the volume's name and the claim's. */
export interface PodClaimVolume {
  volume: string;
  claim: string;
}

/**
 * The pod's volumes backed by claims, in spec order: a persistentVolumeClaim volume's claimName,
 * and for a generic ephemeral volume the claim `<pod>-<volume>` the ephemeral-volume controller makes.
 */
export function podClaimVolumes(pod: DeepReadonly<Pick<Pod, 'metadata' | 'spec'>>): PodClaimVolume[] {
  return (pod.spec?.volumes ?? []).flatMap((v) => {
    const volume = v.name ?? '';
    if (v.persistentVolumeClaim?.claimName) return [{ volume, claim: v.persistentVolumeClaim.claimName }];
    if (v.ephemeral) return [{ volume, claim: `${pod.metadata?.name ?? ''}-${volume}` }];
    return [];
  });
}

/** The claim names of the pod's volumes (see {@link podClaimVolumes}). */
export function podClaimNames(pod: DeepReadonly<Pick<Pod, 'metadata' | 'spec'>>): string[] {
  return podClaimVolumes(pod).map((v) => v.claim);
}
