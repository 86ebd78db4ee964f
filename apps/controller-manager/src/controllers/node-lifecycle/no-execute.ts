/**
 * The NoExecute taints (kube's taint-based eviction part of the node lifecycle controller):
 * a node observed Ready=Unknown joins its zone's rate-limited queue for the unreachable taint,
 * Ready=False for the not-ready one; an already tainted node has them swapped at once when its
 * state changes; a Ready node loses both and leaves the queue.
 */
import type { Node, NodeCondition, Taint } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { readyCondition } from './conditions.js';
import type { NodeLifecycleDeps, NodeLifecycleState } from './deps.js';
import { RateLimitedTimedQueue, type TimedValue, type TryResult } from './rate-limited-queue.js';
import { NOT_READY_NO_EXECUTE, UNREACHABLE_NO_EXECUTE, hasTaint, removeTaints, swapTaints } from './taints.js';
import { zoneKeyOf } from './zones.js';

type CachedNode = DeepReadonly<Served<Node>>;

/** The NoExecute taint for a Ready status and its opposite; undefined for a Ready node. */
function taintsFor(status: string | undefined): { taint: Taint; opposite: Taint } | undefined {
  if (status === 'False') return { taint: NOT_READY_NO_EXECUTE, opposite: UNREACHABLE_NO_EXECUTE };
  if (status === 'Unknown') return { taint: UNREACHABLE_NO_EXECUTE, opposite: NOT_READY_NO_EXECUTE };
  return undefined;
}

/** Gives a zone first seen its queue at the normal rate, in state Initial (kube's addPodEvictorForNewZone). */
export function addTainterForNewZone(deps: NodeLifecycleDeps, state: NodeLifecycleState, node: CachedNode): void {
  const zone = zoneKeyOf(node);
  if (state.zoneStates.has(zone)) return;
  state.zoneStates.set(zone, 'Initial');
  state.tainters.set(zone, new RateLimitedTimedQueue(deps.clock, deps.settings.evictionRate));
  deps.metrics.evictionsTotal.labels(zone).inc(0);
  deps.log.info({ zone }, 'initializing eviction metric for zone');
}

function tainterOf(deps: NodeLifecycleDeps, state: NodeLifecycleState, node: CachedNode): RateLimitedTimedQueue {
  addTainterForNewZone(deps, state, node);
  return state.tainters.get(zoneKeyOf(node))!;
}

/** Queues the node for its NoExecute taint (re-queued from now while it lacks it); true when queued anew. */
function markNodeForTainting(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  node: CachedNode,
  status: string | undefined,
): boolean {
  const queue = tainterOf(deps, state, node);
  const wanted = taintsFor(status)?.taint;
  if (wanted && !hasTaint(node.spec?.taints, wanted)) queue.remove(node.metadata.name);
  return queue.add(node.metadata.name, node.metadata.uid ?? '');
}

/** Removes both NoExecute taints and takes the node out of its zone's queue; true when it was queued. */
export async function markNodeAsReachable(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  node: CachedNode,
): Promise<boolean> {
  await removeTaints(deps, node, [UNREACHABLE_NO_EXECUTE, NOT_READY_NO_EXECUTE]);
  return tainterOf(deps, state, node).remove(node.metadata.name);
}

/** Acts on the Ready status observed before this pass (kube's processTaintBaseEviction). */
export async function processTaintBasedEviction(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  node: CachedNode,
  observedReady: DeepReadonly<NodeCondition>,
): Promise<void> {
  const name = node.metadata.name;
  const taints = taintsFor(observedReady.status);
  if (!taints) {
    try {
      if (await markNodeAsReachable(deps, state, node))
        deps.log.info({ node: name }, 'node is healthy again; removed its taints');
    } catch (err) {
      deps.log.error({ node: name, err }, 'failed to remove taints from node; will retry in the next pass');
    }
    return;
  }
  if (hasTaint(node.spec?.taints, taints.opposite)) {
    // Already tainted for the other state: swap at once, without waiting for the queue.
    await swapTaints(deps, name, [taints.taint], [taints.opposite]).catch((err: unknown) =>
      deps.log.error({ node: name, err }, 'failed to swap NoExecute taints; will retry in the next pass'),
    );
  } else if (markNodeForTainting(deps, state, node, observedReady.status)) {
    deps.log.info({ node: name, ready: observedReady.status }, 'node is not ready; added it to the taint queue');
  }
}

/** Taints one queued node as its current Ready condition says (kube's doNoExecuteTaintingPass action). */
async function taintQueued(deps: NodeLifecycleDeps, value: TimedValue): Promise<TryResult> {
  const node = deps.nodes.get(value.value);
  if (!node) return { done: true };
  const ready = readyCondition(node);
  if (!ready) return { done: false, retryAfterMs: 50 };
  const taints = taintsFor(ready.status);
  // Ready again: nothing to taint.
  if (!taints) return { done: true };
  let wrote: boolean;
  try {
    wrote = await swapTaints(deps, value.value, [taints.taint], [taints.opposite]);
  } catch (err) {
    deps.log.error({ node: value.value, err }, 'failed to taint unresponsive node');
    return { done: false };
  }
  // Counted once per taint written (a node queued again before the cache showed its taint is not).
  if (wrote) deps.metrics.evictionsTotal.labels(zoneKeyOf(node)).inc();
  return { done: true };
}

/**
 * Taint writes one zone's queue has in flight. kube writes them one at a time, which at its
 * ~5 ms per write keeps up with --node-eviction-rate; a write here waits longer under load
 * (20-50 ms while 100 failed nodes' pods are marked not ready), and one at a time held the
 * last of 100 NotReady nodes back by 1-2 s. They go out at the zone's rate instead.
 */
const TAINT_WRITES_IN_FLIGHT = 16;

/** One pass over every zone's queue, each at its own rate. */
export async function doNoExecuteTaintingPass(deps: NodeLifecycleDeps, state: NodeLifecycleState): Promise<void> {
  for (const queue of [...state.tainters.values()])
    await queue.try((value) => taintQueued(deps, value), TAINT_WRITES_IN_FLIGHT);
}
