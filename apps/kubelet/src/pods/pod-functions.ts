import { podQOSClass, type Pod } from '@wheelhouse/api';
import type { ExpressionFunction } from '../stages/expression-eval.js';
import type { CachedPod } from '../types.js';
import { containerId, imageId } from './images.js';
import type { PodLedger } from './pod-ledger.js';

/** The names of the functions pod stages may call besides the built-in ones. */
export const POD_FUNCTION_NAMES = ['admission', 'podIP', 'qosClass', 'imageID', 'containerID', 'probeDelayed'] as const;

/**
 * The pod functions of the stage language, for one pod:
 * - `admission()`: `{ reason, message }` when the kubelet refuses the pod, else undefined;
 * - `podIP()`: the pod's IP (from the node's pod CIDR; the node's IP for hostNetwork pods);
 * - `qosClass()`: Guaranteed, Burstable or BestEffort;
 * - `imageID(image)`, `containerID(name, restarts)`: made-up, stable runtime identifiers;
 * - `probeDelayed()`: names of containers whose readinessProbe has initialDelaySeconds > 0.
 */
export function podFunctions(pod: CachedPod, ledger: PodLedger, nodeIp: string): Record<string, ExpressionFunction> {
  return {
    admission: () => ledger.admission(pod),
    podIP: () => ledger.podIP(pod, nodeIp),
    qosClass: () => podQOSClass(pod as Pod),
    imageID: ([image]) => imageId(String(image ?? '')),
    containerID: ([name, restarts]) => containerId(pod.metadata.uid, String(name), Number(restarts) || 0),
    probeDelayed: () =>
      (pod.spec?.containers ?? [])
        .filter((c) => (c.readinessProbe?.initialDelaySeconds ?? 0) > 0)
        .map((c) => c.name ?? ''),
  };
}
