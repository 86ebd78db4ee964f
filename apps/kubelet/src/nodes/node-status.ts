import type { Node } from '@wheelhouse/api';
import type { EventRecorder, ResourceClient } from '@wheelhouse/client';
import type { CachedNode } from '../types.js';
import { jsonEqual } from '@wheelhouse/machinery';
import { mergeStatus, writeStatusIfChanged } from '../status-writer.js';
import type { NodeConfig } from './node-config.js';
import { nodeStatus } from './node-object.js';

type Condition = { type?: string; lastHeartbeatTime?: string };

type ConditionStatus = { type?: string; status?: string };

/** The Events kube's kubelet condition setters record when a condition's status changes: [when True, otherwise]. */
const TRANSITION_EVENTS: Readonly<Record<string, readonly [string, string]>> = {
  MemoryPressure: ['NodeHasInsufficientMemory', 'NodeHasSufficientMemory'],
  DiskPressure: ['NodeHasDiskPressure', 'NodeHasNoDiskPressure'],
  PIDPressure: ['NodeHasInsufficientPID', 'NodeHasSufficientPID'],
  Ready: ['NodeReady', 'NodeNotReady'],
};

/**
 * The reasons of the Events the kubelet records (each "Node NAME status is now: REASON") for
 * a status write that takes `node`'s conditions to `desired`'s, in the order of its setters: a
 * pressure condition the node lacked counts as Unknown before (so a new node records
 * NodeHasSufficientMemory, NodeHasNoDiskPressure and NodeHasSufficientPID), a Ready condition
 * it lacked records nothing, and one the node lifecycle controller set to Unknown records
 * NodeReady when the kubelet reports again.
 */
export function conditionEvents(node: CachedNode | Node, desired: Record<string, unknown>): string[] {
  const was = new Map(((node.status?.conditions ?? []) as ConditionStatus[]).map((c) => [c.type, c.status]));
  const out: string[] = [];
  for (const c of (desired['conditions'] ?? []) as ConditionStatus[]) {
    const events = c.type === undefined ? undefined : TRANSITION_EVENTS[c.type];
    const before = was.get(c.type);
    if (!events || before === c.status || (c.type === 'Ready' && before === undefined)) continue;
    out.push(c.status === 'True' ? events[0] : events[1]);
  }
  return out;
}

/**
 * Records the node's condition Events as the kubelet does: Normal, "Node NAME status is now:
 * REASON", about the node named with its name as its uid (as kube's kubelet names it).
 */
export function recordConditionEvents(recorder: EventRecorder, name: string, reasons: readonly string[]): void {
  for (const reason of reasons)
    recorder.event({ kind: 'Node', name, uid: name }, 'Normal', reason, `Node ${name} status is now: ${reason}`);
}

/**
 * Reports the node's status as the kubelet does with a lease: written when it differs from
 * what the API server holds (heartbeat times aside), or when `heartbeatDue` (the report
 * frequency passed), with fresh heartbeat times; otherwise nothing is sent. Resolves to the
 * reasons of the Events the write calls for ({@link conditionEvents}), undefined when nothing
 * was sent; rejects with the server's ApiError.
 */
export async function reportNodeStatus(
  nodes: ResourceClient<Node>,
  node: CachedNode,
  config: NodeConfig,
  now: number,
  heartbeatDue: boolean,
): Promise<string[] | undefined> {
  const desired = nodeStatus(config, now);
  if (!heartbeatDue && !changed(node, desired)) return undefined;
  if ((await writeStatusIfChanged(nodes, node, 'Node', desired)) === undefined) return undefined;
  return conditionEvents(node, desired);
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
