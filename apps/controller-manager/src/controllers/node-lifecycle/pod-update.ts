/**
 * A pod newly bound to a node the controller last saw not Ready is marked not Ready at once
 * (kube's processPod), without waiting for the node's next monitor pass.
 */
import type { Result } from '@wheelhouse/client';
import { splitKey } from '@wheelhouse/client';
import { nodeCondition } from './conditions.js';
import type { NodeLifecycleDeps, NodeLifecycleState } from './deps.js';
import { markPodsNotReady } from './pods.js';

/** Reconciles the pod `key` (namespace/name); throws (requeue) when its node is not cached yet or the write fails. */
export async function processPod(deps: NodeLifecycleDeps, state: NodeLifecycleState, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const pod = deps.pods.get(name, namespace);
  const nodeName = pod?.spec?.nodeName;
  if (!pod || !nodeName) return {};
  const health = state.health.get(nodeName);
  // Not seen by a monitor pass yet (or gone): the next pass takes care of the pod.
  if (!health) return {};
  if (!deps.nodes.get(nodeName)) throw new Error(`node ${nodeName} of pod ${key} is not in the cache`);
  const ready = nodeCondition(health.status, 'Ready');
  if (!ready || ready.status === 'True') return {};
  await markPodsNotReady(deps, state.podMarkWrites, [pod], nodeName);
  return {};
}
