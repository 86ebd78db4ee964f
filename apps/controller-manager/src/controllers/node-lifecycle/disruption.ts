/**
 * Zone states and eviction rates after a monitor pass (kube's handleDisruption): each zone's
 * state from its nodes' Ready conditions sets its tainting rate; when every zone is fully
 * disrupted (the control plane more likely lost the nodes than all nodes died) the controller
 * stops tainting, removes the NoExecute taints it set and, once any node is Ready again, restarts
 * every node's grace period.
 */
import type { Node, NodeCondition } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import type { NodeLifecycleDeps, NodeLifecycleState } from './deps.js';
import { markNodeAsReachable } from './no-execute.js';
import { type ZoneState, computeZoneState, zoneEvictionRate } from './zones.js';

/** Zone key to the Ready conditions (undefined: none) of its nodes counted for disruption. */
export type ZoneReadiness = Map<string, (DeepReadonly<NodeCondition> | undefined)[]>;

function newStates(deps: NodeLifecycleDeps, state: NodeLifecycleState, zones: ZoneReadiness): Map<string, ZoneState> {
  const out = new Map<string, ZoneState>();
  for (const [zone, readiness] of zones) {
    const { unhealthy, state: next } = computeZoneState(readiness, deps.settings.unhealthyZoneThreshold);
    deps.metrics.zoneSize.labels(zone).set(readiness.length);
    deps.metrics.zoneHealth.labels(zone).set((100 * (readiness.length - unhealthy)) / readiness.length);
    deps.metrics.unhealthyNodes.labels(zone).set(unhealthy);
    out.set(zone, next);
    if (!state.zoneStates.has(zone)) state.zoneStates.set(zone, 'Initial');
  }
  return out;
}

/** Whether every zone was fully disrupted before this pass; forgets zones without nodes now. */
function allWereFullyDisrupted(deps: NodeLifecycleDeps, state: NodeLifecycleState, zones: ZoneReadiness): boolean {
  for (const [zone, was] of [...state.zoneStates]) {
    if (!zones.has(zone)) {
      deps.metrics.zoneSize.labels(zone).set(0);
      deps.metrics.zoneHealth.labels(zone).set(100);
      deps.metrics.unhealthyNodes.labels(zone).set(0);
      state.zoneStates.delete(zone);
      continue;
    }
    if (was !== 'FullDisruption') return false;
  }
  return true;
}

function setRate(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  zone: string,
  size: number,
  next: ZoneState,
): void {
  state.tainters.get(zone)?.swapLimiter(zoneEvictionRate(deps.settings, next, size));
}

/** Updates zone states and rates from this pass's readiness (`nodes`: every node listed). */
export async function handleDisruption(
  deps: NodeLifecycleDeps,
  state: NodeLifecycleState,
  zones: ZoneReadiness,
  nodes: readonly DeepReadonly<Served<Node>>[],
): Promise<void> {
  const next = newStates(deps, state, zones);
  const allAre = [...next.values()].every((s) => s === 'FullDisruption');
  const allWere = allWereFullyDisrupted(deps, state, zones);
  if (allAre && allWere) return;
  if (allAre) {
    deps.log.info({}, 'all nodes are not ready; entering master disruption mode');
    for (const node of nodes) {
      await markNodeAsReachable(deps, state, node).catch((err: unknown) =>
        deps.log.error({ node: node.metadata.name, err }, 'failed to remove taints from node'),
      );
    }
    for (const zone of state.zoneStates.keys()) {
      state.tainters.get(zone)?.swapLimiter(0);
      state.zoneStates.set(zone, 'FullDisruption');
    }
    return;
  }
  if (allWere) {
    deps.log.info({}, 'some nodes are ready; exiting master disruption mode');
    const now = deps.clock.now();
    for (const node of nodes) {
      const h = state.health.get(node.metadata.name);
      if (h) state.health.set(node.metadata.name, { ...h, probeTimestamp: now, readyTransitionTimestamp: now });
    }
  }
  for (const [zone, was] of state.zoneStates) {
    const now = next.get(zone);
    if (now === undefined || (!allWere && was === now)) continue;
    if (!allWere) deps.log.info({ zone, state: now }, 'zone is now in new state');
    setRate(deps, state, zone, zones.get(zone)!.length, now);
    state.zoneStates.set(zone, now);
  }
}
