/**
 * The PersistentVolumeClaims a pod mounts, as the kubelet's volume manager sees them: only
 * volumes some container (init, regular or ephemeral) mounts or maps as a device count (the
 * desired-state populator skips the others), and a claim that is missing, being deleted or not
 * Bound keeps the pod from starting, with the populator's error text.
 */
import { podClaimVolumes, type PodClaimVolume } from '@wheelhouse/api';
import type { CachedPod } from '../types.js';

/** What the kubelet reads of a claim: its phase and whether it is being deleted. */
export interface ClaimView {
  phase?: string | undefined;
  deleting: boolean;
}

/** The claim `namespace/name` as the informer cache holds it; undefined when there is none. */
export type ClaimLookup = (namespace: string, name: string) => ClaimView | undefined;

/** The names of the volumes the pod's containers mount or map as devices (kube's GetPodVolumeNames). */
function usedVolumeNames(pod: CachedPod): Set<string> {
  const used = new Set<string>();
  const spec = pod.spec;
  for (const c of [
    ...(spec?.initContainers ?? []),
    ...(spec?.containers ?? []),
    ...(spec?.ephemeralContainers ?? []),
  ]) {
    for (const m of c.volumeMounts ?? []) used.add(m.name ?? '');
    for (const d of c.volumeDevices ?? []) used.add(d.name ?? '');
  }
  return used;
}

/** The claim-backed volumes (packages/api's podClaimVolumes) the pod's containers use. */
export function usedClaimVolumes(pod: CachedPod): PodClaimVolume[] {
  const used = usedVolumeNames(pod);
  return podClaimVolumes(pod).filter((v) => used.has(v.volume));
}

/** Why the volume manager cannot process `claim`, in its words; undefined when the claim is Bound. */
export function claimError(namespace: string, claim: string, view: ClaimView | undefined): string | undefined {
  let why: string;
  if (!view) why = `failed to fetch PVC from API server: persistentvolumeclaims "${claim}" not found`;
  else if (view.deleting) why = 'PVC is being deleted';
  else if (view.phase !== 'Bound') why = 'PVC is not bound';
  else return undefined;
  return `error processing PVC ${namespace}/${claim}: ${why}`;
}

/** The claim-backed volumes the pod's containers use whose claim keeps it from starting, with the reason. */
function failingClaims(pod: CachedPod, lookup: ClaimLookup): Array<PodClaimVolume & { error: string }> {
  const ns = pod.metadata.namespace ?? '';
  return usedClaimVolumes(pod).flatMap((v) => {
    const error = claimError(ns, v.claim, lookup(ns, v.claim));
    return error === undefined ? [] : [{ ...v, error }];
  });
}

/** The claims the pod's containers use that keep it from starting (see claimError); null when none. */
export function unboundClaims(pod: CachedPod, lookup: ClaimLookup): string[] | null {
  const failing = failingClaims(pod, lookup);
  return failing.length > 0 ? failing.map((f) => f.claim) : null;
}

/**
 * The kubelet's FailedMount event message for a pod whose claims cannot be mounted (kube's
 * `Unable to attach or mount volumes: unmounted volumes=[..], unattached volumes=[..], failed to
 * process volumes=[..]: <errors>`; volume lists sorted, errors sorted and joined by "; "), or
 * null when every claim the pod uses is Bound. Simulated volumes of other kinds mount at once and
 * none is attachable, so only the failing claims are listed and `unattached volumes` is empty.
 */
export function mountFailureMessage(pod: CachedPod, lookup: ClaimLookup): string | null {
  const failing = failingClaims(pod, lookup);
  if (failing.length === 0) return null;
  const volumes = [...new Set(failing.map((f) => f.volume))].sort().join(' ');
  const errors = [...new Set(failing.map((f) => f.error))].sort().join('; ');
  return `Unable to attach or mount volumes: unmounted volumes=[${volumes}], unattached volumes=[], failed to process volumes=[${volumes}]: ${errors}`;
}
