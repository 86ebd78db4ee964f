/**
 * The scheduling-relevant changes of a node update (framework.NodeSchedulingPropertiesChange):
 * spec.unschedulable (as a taint change), allocatable, labels, taints, conditions (ignoring
 * heartbeats) and annotations. A heartbeat-only update yields no event.
 */
import type { Node } from '@wheelhouse/api';
import { jsonEqual } from '@wheelhouse/machinery';
import { Action, type ClusterEvent } from './framework/events.js';

function conditionsWithoutHeartbeat(n: Node) {
  return (n.status?.conditions ?? []).map(({ lastHeartbeatTime: _h, ...rest }) => rest);
}

const CHECKS: [number, string, (a: Node, b: Node) => boolean][] = [
  [
    Action.UpdateNodeTaint,
    'NodeSpecUnschedulableChange',
    (a, b) => !!a.spec?.unschedulable !== !!b.spec?.unschedulable,
  ],
  [
    Action.UpdateNodeAllocatable,
    'NodeAllocatableChange',
    (a, b) => !jsonEqual(a.status?.allocatable ?? {}, b.status?.allocatable ?? {}),
  ],
  [Action.UpdateNodeLabel, 'NodeLabelChange', (a, b) => !jsonEqual(a.metadata?.labels ?? {}, b.metadata?.labels ?? {})],
  [Action.UpdateNodeTaint, 'NodeTaintChange', (a, b) => !jsonEqual(a.spec?.taints ?? [], b.spec?.taints ?? [])],
  [
    Action.UpdateNodeCondition,
    'NodeConditionChange',
    (a, b) => !jsonEqual(conditionsWithoutHeartbeat(a), conditionsWithoutHeartbeat(b)),
  ],
  [
    Action.UpdateNodeAnnotation,
    'NodeAnnotationChange',
    (a, b) => !jsonEqual(a.metadata?.annotations ?? {}, b.metadata?.annotations ?? {}),
  ],
];

/** One Node update event per kind of change. */
export function nodeSchedulingPropertiesChange(newNode: Node, oldNode: Node): ClusterEvent[] {
  return CHECKS.filter(([, , changed]) => changed(oldNode, newNode)).map(([actionType, label]) => ({
    resource: 'Node',
    actionType,
    label,
  }));
}
