/** Node conditions as the node lifecycle controller reads and writes them. */
import type { Node, NodeCondition, NodeStatus } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';

/** The condition of `type` in `status`, if any. */
export function nodeCondition<S extends DeepReadonly<NodeStatus> | NodeStatus>(
  status: S | undefined,
  type: string,
): (S extends NodeStatus ? NodeCondition : DeepReadonly<NodeCondition>) | undefined {
  return status?.conditions?.find((c) => c.type === type) as never;
}

/** The node's Ready condition, if it has one. */
export function readyCondition(node: DeepReadonly<Node>): DeepReadonly<NodeCondition> | undefined {
  return nodeCondition(node.status, 'Ready');
}

/** The conditions set Unknown when a node's kubelet stops reporting (NetworkUnavailable is the control plane's). */
export const KUBELET_CONDITIONS = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'] as const;

/** kube's reason and message for a condition the kubelet stopped posting. */
export const STOPPED_POSTING = { reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' };

/** kube's reason and message for a condition the kubelet never posted. */
export const NEVER_POSTED = { reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.' };

/** Whether two conditions are the same in every field (apiequality.Semantic.DeepEqual). */
export function sameCondition(a: DeepReadonly<NodeCondition> | undefined, b: DeepReadonly<NodeCondition>): boolean {
  if (!a) return false;
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<keyof NodeCondition>;
  return [...keys].every((k) => (a[k] ?? '') === (b[k] ?? ''));
}
