/**
 * Scoring by resource allocation (noderesources.resourceAllocationScorer), shared by
 * NodeResourcesFit's strategies and NodeResourcesBalancedAllocation: per scored resource,
 * the node's allocatable and what would be requested with the pod on it.
 */
import type { Pod } from '@wheelhouse/api';
import { z } from 'zod';
import type { NodeInfo } from '../../cache/node-info.js';
import { NON_ZERO_DEFAULTS, podRequests } from '../../framework/pod-requests.js';
import { CPU, EPHEMERAL_STORAGE, isScalarResourceName, MEMORY } from '../../framework/resource.js';

/** A scored resource and its weight (config.ResourceSpec). */
export const ResourceSpecSchema = z.strictObject({ name: z.string().min(1), weight: z.int().min(1).max(100) });
/** A scored resource and its weight. */
export type ResourceSpec = z.infer<typeof ResourceSpecSchema>;

/** kube-scheduler's default scored resources: cpu and memory, weight 1 each. */
export const DEFAULT_RESOURCES: readonly ResourceSpec[] = [
  { name: CPU, weight: 1 },
  { name: MEMORY, weight: 1 },
];

/** Turns per-resource (requested, allocatable) into a node score. Resources with allocatable 0 are to be ignored. */
export type ResourceScorer = (requested: number[], allocatable: number[]) => number;

/**
 * The pod's request for each resource. Unless `useRequested`, containers without a cpu or
 * memory request count as 100m / 200Mi (the non-zero requests).
 */
export function podRequestList(pod: Pod, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  const reqs = podRequests(pod, useRequested ? undefined : NON_ZERO_DEFAULTS);
  return resources.map((r) => reqs.get(r.name) ?? 0);
}

function allocatableAndRequested(
  node: NodeInfo,
  name: string,
  podRequest: number,
  useRequested: boolean,
): [number, number] {
  const requested = useRequested ? node.requested : node.nonZeroRequested;
  if (podRequest === 0 && isScalarResourceName(name)) return [0, 0];
  if (name === CPU) return [node.allocatable.milliCPU, requested.milliCPU + podRequest];
  if (name === MEMORY) return [node.allocatable.memory, requested.memory + podRequest];
  if (name === EPHEMERAL_STORAGE)
    return [node.allocatable.ephemeralStorage, node.requested.ephemeralStorage + podRequest];
  const alloc = node.allocatable.scalar.get(name);
  if (alloc === undefined) return [0, 0];
  return [alloc, (node.requested.scalar.get(name) ?? 0) + podRequest];
}

/** Scores a node for a pod whose per-resource requests are `podRequestsList`. */
export function allocationScore(
  node: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequestsList: readonly number[],
  useRequested: boolean,
  scorer: ResourceScorer,
): number {
  const requested = new Array<number>(resources.length);
  const allocatable = new Array<number>(resources.length);
  for (let i = 0; i < resources.length; i++) {
    const [alloc, req] = allocatableAndRequested(
      node,
      (resources[i] as ResourceSpec).name,
      podRequestsList[i] ?? 0,
      useRequested,
    );
    allocatable[i] = alloc;
    requested[i] = alloc === 0 ? 0 : req;
  }
  return scorer(requested, allocatable);
}
