/**
 * The node monitor pass (kube's monitorNodeHealth), every --node-monitor-period: notes nodes
 * added and removed (RegisteredNode / RemovingNode events), checks each node's health, acts on
 * its Ready state (NoExecute taint queue, NodeNotReady event, pods marked not Ready) and then
 * updates the zones' states and rates.
 */
import type { Node, Pod } from '@wheelhouse/api';
import { type DeepReadonly, NODE_NAME_INDEX, type Served, mutableCopy } from '@wheelhouse/client';
import { performance } from 'node:perf_hooks';
import type { NodeLifecycleDeps, NodeLifecycleState } from './deps.js';
import { type ZoneReadiness, handleDisruption } from './disruption.js';
import { addTainterForNewZone, markNodeAsReachable, processTaintBasedEviction } from './no-execute.js';
import { markPodsNotReady } from './pods.js';
import { type HealthOutcome, tryUpdateNodeHealth } from './update-health.js';
import { EXCLUDE_DISRUPTION_LABEL, zoneKeyOf } from './zones.js';

type CachedNode = DeepReadonly<Served<Node>>;

/** Concurrent node checks in one pass (kube's nodeUpdateWorkerSize). */
const NODE_WORKERS = 8;
/** Status writes per node and pass (kube's NodeHealthUpdateRetry). */
const HEALTH_UPDATE_TRIES = 5;

/** A Node event from the node controller about `node` (kube's RecordNodeEvent / RecordNodeStatusChange). */
function nodeEvent(
  deps: NodeLifecycleDeps,
  node: { name: string; uid: string },
  reason: string,
  message: string,
): void {
  const ref = { apiVersion: 'v1', kind: 'Node', name: node.name, uid: node.uid };
  deps.recorder.event(ref, 'Normal', reason, message);
}

async function noteAddedAndRemoved(deps: NodeLifecycleDeps, state: NodeLifecycleState, nodes: readonly CachedNode[]) {
  const names = new Set(nodes.map((n) => n.metadata.name));
  for (const node of nodes) {
    const name = node.metadata.name;
    if (state.knownNodes.has(name)) {
      addTainterForNewZone(deps, state, node);
      continue;
    }
    deps.log.info({ node: name }, 'observed a new node');
    nodeEvent(
      deps,
      { name, uid: node.metadata.uid },
      'RegisteredNode',
      `Node ${name} event: Registered Node ${name} in Controller`,
    );
    state.knownNodes.set(name, { uid: node.metadata.uid });
    addTainterForNewZone(deps, state, node);
    await markNodeAsReachable(deps, state, node).catch((err: unknown) =>
      deps.log.error({ node: name, err }, 'failed to remove NoExecute taints from a new node'),
    );
  }
  for (const [name, { uid }] of [...state.knownNodes]) {
    if (names.has(name)) continue;
    deps.log.info({ node: name }, 'observed a node deletion');
    nodeEvent(deps, { name, uid }, 'RemovingNode', `Node ${name} event: Removing Node ${name} from Controller`);
    state.knownNodes.delete(name);
    state.health.delete(name);
    state.nodesToRetry.delete(name);
  }
}

/** The health check with kube's retries: after a failed write, the node is read again. */
async function checkHealth(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  cached: CachedNode,
): Promise<{ node: Served<Node>; outcome: HealthOutcome } | undefined> {
  let node = mutableCopy(cached) as Served<Node>;
  for (let attempt = 1; ; attempt++) {
    try {
      return { node, outcome: await tryUpdateNodeHealth(deps, state, node) };
    } catch (err) {
      if (attempt >= HEALTH_UPDATE_TRIES) {
        deps.log.error({ node: cached.metadata.name, err }, 'failed to update node health; skipping it this pass');
        return undefined;
      }
    }
    try {
      node = await deps.client.resource('nodes').get(cached.metadata.name);
    } catch (err) {
      deps.log.error({ node: cached.metadata.name, err }, 'failed to read node to retry its health update');
      return undefined;
    }
  }
}

/** Checks one node and acts on its readiness; adds its Ready condition to its zone's. */
async function updateNode(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  cached: CachedNode,
  zones: ZoneReadiness,
) {
  const started = performance.now();
  try {
    const checked = await checkHealth(deps, state, cached);
    if (!checked) return;
    const { node, outcome } = checked;
    const name = node.metadata.name;
    if (node.metadata.labels?.[EXCLUDE_DISRUPTION_LABEL] === undefined) {
      const zone = zoneKeyOf(node);
      const conditions = zones.get(zone);
      if (conditions) conditions.push(outcome.currentReady);
      else zones.set(zone, [outcome.currentReady]);
    }
    if (!outcome.currentReady) return void state.nodesToRetry.delete(name);
    const pods = deps.pods.byIndex(NODE_NAME_INDEX, name);
    await processTaintBasedEviction(deps, state, node, outcome.observedReady);
    const becameNotReady = outcome.currentReady.status !== 'True' && outcome.observedReady.status === 'True';
    if (becameNotReady)
      nodeEvent(deps, { name, uid: node.metadata.uid }, 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
    if (becameNotReady || (state.nodesToRetry.has(name) && outcome.observedReady.status !== 'True'))
      return markPodsInBackground(deps, state, name, pods);
    state.nodesToRetry.delete(name);
  } finally {
    deps.metrics.updateNodeHealthDuration.observe((performance.now() - started) / 1000);
  }
}

/**
 * Marks the pods of the node `name` not Ready without holding up the pass. kube's pass waits
 * for MarkPodsNotReady; here its writes took 30-100 ms each while 100 failed nodes' pods were
 * marked at once (bench/node-failure), and a pass that waited for them ended 0.8 s late,
 * which put off the next nodes' NotReady and every NoExecute taint by as much. The writes share
 * POD_MARK_WRITES_IN_FLIGHT slots (pods.ts), as many as kube's pass has workers. A failure
 * queues the node for retry by a later pass (kube's nodesToRetry); a node whose pods are still
 * being marked is not marked again meanwhile.
 */
function markPodsInBackground(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  name: string,
  pods: readonly DeepReadonly<Served<Pod>>[],
): void {
  // Under way: it fails into nodesToRetry, and pods bound since are marked by the pod queue.
  if (state.markingPods.has(name)) return;
  state.nodesToRetry.delete(name);
  const marking = markPodsNotReady(deps, state.podMarkWrites, pods, name)
    .catch((err: unknown) => {
      deps.log.error({ node: name, err }, 'unable to mark all pods NotReady on node; queuing for retry');
      state.nodesToRetry.add(name);
    })
    .finally(() => state.markingPods.delete(name));
  state.markingPods.set(name, marking);
}

/** Runs `fn` on every item with at most `workers` at once. */
async function parallelize<T>(items: readonly T[], workers: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(workers, items.length) }, worker));
}

/** One monitor pass over every node in the cache. */
export async function monitorNodeHealth(deps: NodeLifecycleDeps, state: NodeLifecycleState): Promise<void> {
  const started = performance.now();
  const nodes = deps.nodes.list();
  await noteAddedAndRemoved(deps, state, nodes);
  const zones: ZoneReadiness = new Map();
  await parallelize(nodes, NODE_WORKERS, (node) => updateNode(deps, state, node, zones));
  await handleDisruption(deps, state, zones, nodes);
  deps.metrics.updateAllNodesHealthDuration.observe((performance.now() - started) / 1000);
}
