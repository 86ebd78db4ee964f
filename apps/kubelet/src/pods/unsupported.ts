import type { CachedPod } from '../types.js';

/**
 * Volume types the simulator models: those it takes as mounted (they need nothing but the node
 * and API objects it does not check) and claims (the pod waits until they are Bound).
 */
const SIMULATED_VOLUMES = new Set([
  'emptyDir',
  'configMap',
  'secret',
  'downwardAPI',
  'projected',
  'hostPath',
  'persistentVolumeClaim',
  'ephemeral',
]);

/**
 * What about the pod's spec the simulator cannot model, one sentence each (empty when all is
 * well): volumes of a type it does not simulate (storage: the pod starts as if they were
 * mounted). The kubelet says so in a Warning event. Ephemeral containers run (the
 * pod-ephemeral-* stages).
 */
export function unsupportedFeatures(pod: CachedPod): string[] {
  const spec = pod.spec;
  const problems: string[] = [];
  for (const v of spec?.volumes ?? []) {
    const type = Object.keys(v).find((k) => k !== 'name');
    if (type !== undefined && !SIMULATED_VOLUMES.has(type))
      problems.push(`volume "${v.name}" of type ${type} is not simulated; the pod starts as if it were mounted`);
  }
  return problems;
}
