/** The events an update of an unscheduled pod stands for (framework.PodSchedulingPropertiesChange). */
import type { Pod } from '@wheelhouse/api';
import { jsonEqual } from '@wheelhouse/machinery';
import { Action, type ClusterEvent } from '../framework/events.js';
import { podRequests } from '../framework/pod-requests.js';

function same(a: unknown, b: unknown): boolean {
  return jsonEqual(a ?? null, b ?? null);
}

function scaledDown(oldPod: Pod, newPod: Pod): boolean {
  try {
    const before = podRequests(oldPod);
    const after = podRequests(newPod);
    return [...before].some(([k, v]) => (after.get(k) ?? 0) < v);
  } catch {
    return false;
  }
}

/** UnscheduledPod update events for the properties that changed; UpdateOther when none of them did. */
export function podSchedulingPropertiesChange(newPod: Pod, oldPod: Pod): ClusterEvent[] {
  const actions: [number, string][] = [];
  if (!same(oldPod.metadata?.labels, newPod.metadata?.labels)) actions.push([Action.UpdatePodLabel, 'UpdatePodLabel']);
  if (scaledDown(oldPod, newPod)) actions.push([Action.UpdatePodScaleDown, 'UpdatePodScaleDown']);
  if (!same(oldPod.spec?.tolerations, newPod.spec?.tolerations))
    actions.push([Action.UpdatePodToleration, 'UpdatePodToleration']);
  if ((oldPod.spec?.schedulingGates ?? []).length > 0 && (newPod.spec?.schedulingGates ?? []).length === 0) {
    actions.push([Action.UpdatePodSchedulingGatesEliminated, 'UpdatePodSchedulingGatesEliminated']);
  }
  if (actions.length === 0) actions.push([Action.UpdateOther, 'UnscheduledPodUpdate']);
  return actions.map(([actionType, label]) => ({ resource: 'UnscheduledPod', actionType, label }));
}
