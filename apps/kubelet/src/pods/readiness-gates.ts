import type { CachedPod } from '../types.js';

/**
 * Why the pod's readiness gates keep it from Ready, as the kubelet's status generator says it
 * (GeneratePodReadyCondition): for each gate whose condition is missing or not True, in spec
 * order, one clause, joined by ", ". Null when every gate's condition is True (or there are none).
 */
export function readinessGatesMessage(pod: CachedPod): string | null {
  const conditions = pod.status?.conditions ?? [];
  const unready: string[] = [];
  for (const gate of pod.spec?.readinessGates ?? []) {
    const type = gate.conditionType ?? '';
    const c = conditions.find((x) => x.type === type);
    if (!c) unready.push(`corresponding condition of pod readiness gate "${type}" does not exist.`);
    else if (c.status !== 'True')
      unready.push(`the status of pod readiness gate "${type}" is not "True", but ${c.status ?? ''}`);
  }
  return unready.length ? unready.join(', ') : null;
}
