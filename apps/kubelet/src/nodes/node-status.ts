import type { Node } from '@wheelhouse/api';
import type { ResourceClient } from '@wheelhouse/client';
import type { CachedNode } from '../types.js';
import { jsonEqual } from '@wheelhouse/machinery';
import { mergeStatus, writeStatusIfChanged } from '../status-writer.js';
import type { NodeConfig } from './node-config.js';
import { nodeStatus } from './node-object.js';

type Condition = { type?: string; lastHeartbeatTime?: string };

/**
 * Reports the node's status as the kubelet does with a lease: written when it differs from
 * what the API server holds (heartbeat times aside), or when `heartbeatDue` (the report
 * frequency passed), with fresh heartbeat times; otherwise nothing is sent. Resolves whether
 * a write was sent; rejects with the server's ApiError.
 */
export async function reportNodeStatus(
  nodes: ResourceClient<Node>,
  node: CachedNode,
  config: NodeConfig,
  now: number,
  heartbeatDue: boolean,
): Promise<boolean> {
  const desired = nodeStatus(config, now);
  if (!heartbeatDue && !changed(node, desired)) return false;
  return (await writeStatusIfChanged(nodes, node, 'Node', desired)) !== undefined;
}

/** Whether `desired` differs from the node's status in anything but heartbeat times. */
function changed(node: CachedNode, desired: Record<string, unknown>): boolean {
  const old = new Map(((node.status?.conditions ?? []) as Condition[]).map((c) => [c.type, c.lastHeartbeatTime]));
  const quiet = (desired['conditions'] as Condition[]).map((c) => ({
    ...c,
    lastHeartbeatTime: old.get(c.type) ?? c.lastHeartbeatTime,
  }));
  const merged = mergeStatus(node, 'Node', { ...desired, conditions: quiet }).status;
  return !jsonEqual(merged, node.status ?? {});
}

/** When the node's status was last reported (its Ready heartbeat), in epoch ms; 0 if never. */
export function lastHeartbeat(node: CachedNode | undefined): number {
  const ready = ((node?.status?.conditions ?? []) as Condition[]).find((c) => c.type === 'Ready');
  const at = ready?.lastHeartbeatTime ? Date.parse(ready.lastHeartbeatTime) : NaN;
  return Number.isNaN(at) ? 0 : at;
}
