import { podQOSClass, sidecarContainers, type Pod } from '@wheelhouse/api';
import type { ExpressionFunction } from '../stages/expression-eval.js';
import type { CachedPod } from '../types.js';
import { containerId, imageId, imageSize } from './images.js';
import { mountFailureMessage, unboundClaims, type ClaimLookup } from './pod-claims.js';
import { readinessGatesMessage } from './readiness-gates.js';
import type { PodLedger } from './pod-ledger.js';

/** The names of the functions pod stages may call besides the built-in ones. */
export const POD_FUNCTION_NAMES = [
  'admission',
  'podIP',
  'qosClass',
  'imageID',
  'imageSize',
  'containerID',
  'probeDelayed',
  'pullsImage',
  'readinessGatesMessage',
  'unboundClaims',
  'mountFailure',
  'sidecars',
] as const;

/**
 * The pod functions of the stage language, for one pod:
 * - `admission()`: `{ reason, message }` when the kubelet refuses the pod, else undefined;
 * - `podIP()`: the pod's IP (from the node's pod CIDR; the node's IP for hostNetwork pods);
 * - `qosClass()`: Guaranteed, Burstable or BestEffort;
 * - `imageID(image)`, `containerID(name, restarts)`: made-up, stable runtime identifiers;
 * - `imageSize(image)`: a made-up, stable image size in bytes;
 * - `probeDelayed()`: names of containers whose readinessProbe has initialDelaySeconds > 0;
 * - `pullsImage(name)`: whether starting container `name` pulls its image (see PodLedger.pullsImage);
 * - `readinessGatesMessage()`: why the pod's readiness gates keep it from Ready, in the
 *   kubelet's words (null when every gate's condition is True);
 * - `unboundClaims()`: the PersistentVolumeClaims the pod's containers mount that are missing,
 *   being deleted or not Bound (null when none; the kubelet waits for them before starting the
 *   pod, as it waits to mount);
 * - `mountFailure()`: the kubelet's FailedMount message for those claims (null when none);
 * - `sidecars()`: the names of the pod's sidecars, init containers with restartPolicy Always
 *   (they keep running beside the containers; empty when none).
 */
export function podFunctions(
  pod: CachedPod,
  ledger: PodLedger,
  nodeIp: string,
  claims: ClaimLookup = () => ({ phase: 'Bound', deleting: false }),
): Record<string, ExpressionFunction> {
  return {
    unboundClaims: () => unboundClaims(pod, claims),
    mountFailure: () => mountFailureMessage(pod, claims),
    sidecars: () => sidecarContainers(pod).map((c) => c.name ?? ''),
    admission: () => ledger.admission(pod),
    podIP: () => ledger.podIP(pod, nodeIp),
    qosClass: () => podQOSClass(pod as Pod),
    imageID: ([image]) => imageId(String(image ?? '')),
    imageSize: ([image]) => imageSize(String(image ?? '')),
    containerID: ([name, restarts]) => containerId(pod.metadata.uid, String(name), Number(restarts) || 0),
    probeDelayed: () =>
      (pod.spec?.containers ?? [])
        .filter((c) => (c.readinessProbe?.initialDelaySeconds ?? 0) > 0)
        .map((c) => c.name ?? ''),
    pullsImage: ([name]) => ledger.pullsImage(pod, String(name)),
    readinessGatesMessage: () => readinessGatesMessage(pod),
  };
}
