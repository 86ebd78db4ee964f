/**
 * Failure zones as the node lifecycle controller sees them: the zone key of a node (kube's
 * topology GetZoneKey), a zone's state from its nodes' Ready conditions (ComputeZoneState), and
 * the eviction rate each state gets.
 */
import type { Node, NodeCondition } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import type { NodeLifecycleSettings } from './settings.js';

/** A zone's state (kube's ZoneState). */
export type ZoneState = 'Initial' | 'Normal' | 'PartialDisruption' | 'FullDisruption';

/**
 * The zone of a node: region and zone labels (the deprecated failure-domain.beta ones first, as
 * kube), joined by ":\0:"; '' for a node with neither.
 */
export function zoneKeyOf(node: DeepReadonly<Node>): string {
  const labels = node.metadata?.labels ?? {};
  const zone = labels['failure-domain.beta.kubernetes.io/zone'] ?? labels['topology.kubernetes.io/zone'] ?? '';
  const region = labels['failure-domain.beta.kubernetes.io/region'] ?? labels['topology.kubernetes.io/region'] ?? '';
  return region === '' && zone === '' ? '' : `${region}:\0:${zone}`;
}

/** Nodes with this label are left out of the zones' disruption counts. */
export const EXCLUDE_DISRUPTION_LABEL = 'node.kubernetes.io/exclude-disruption';

/**
 * The number of not-Ready nodes of a zone and its state: FullDisruption when none is Ready,
 * PartialDisruption when more than 2 are not Ready and they are at least `threshold` of it,
 * Normal otherwise.
 */
export function computeZoneState(
  readiness: readonly (DeepReadonly<NodeCondition> | undefined)[],
  threshold: number,
): { unhealthy: number; state: ZoneState } {
  const ready = readiness.filter((c) => c?.status === 'True').length;
  const unhealthy = readiness.length - ready;
  if (ready === 0 && unhealthy > 0) return { unhealthy, state: 'FullDisruption' };
  if (unhealthy > 2 && unhealthy / readiness.length >= threshold) return { unhealthy, state: 'PartialDisruption' };
  return { unhealthy, state: 'Normal' };
}

/**
 * Taints per second for a zone of `size` nodes in `state`: the normal rate, except a partially
 * disrupted zone gets the secondary rate in a large cluster (more than the threshold) and 0 in a
 * small one.
 */
export function zoneEvictionRate(settings: NodeLifecycleSettings, state: ZoneState, size: number): number {
  if (state !== 'PartialDisruption') return settings.evictionRate;
  return size > settings.largeClusterSizeThreshold ? settings.secondaryEvictionRate : 0;
}
