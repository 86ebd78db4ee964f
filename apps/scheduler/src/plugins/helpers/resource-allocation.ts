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

/**
 * Turns per-resource (requested, allocatable) into a node score. Resources with allocatable 0
 * are to be ignored. The arrays are lent for the call: a scorer must not keep them.
 */
export type ResourceScorer = (requested: number[], allocatable: number[]) => number;

/**
 * The pod's request for each resource. Unless `useRequested`, containers without a cpu or
 * memory request count as 100m / 200Mi (the non-zero requests).
 */
export function podRequestList(pod: Pod, resources: readonly ResourceSpec[], useRequested: boolean): number[] {
  const reqs = podRequests(pod, useRequested ? undefined : NON_ZERO_DEFAULTS);
  return resources.map((r) => reqs.get(r.name) ?? 0);
}

/** The node's allocatable amount of resource `name` (0: the resource is not scored on this node). */
function allocatableOf(node: NodeInfo, name: string, podRequest: number): number {
  if (podRequest === 0 && isScalarResourceName(name)) return 0;
  if (name === CPU) return node.allocatable.milliCPU;
  if (name === MEMORY) return node.allocatable.memory;
  if (name === EPHEMERAL_STORAGE) return node.allocatable.ephemeralStorage;
  return node.allocatable.scalar.get(name) ?? 0;
}

/** What would be requested of resource `name` on the node with the pod on it. */
function requestedWith(node: NodeInfo, name: string, podRequest: number, useRequested: boolean): number {
  const requested = useRequested ? node.requested : node.nonZeroRequested;
  if (name === CPU) return requested.milliCPU + podRequest;
  if (name === MEMORY) return requested.memory + podRequest;
  if (name === EPHEMERAL_STORAGE) return node.requested.ephemeralStorage + podRequest;
  return (node.requested.scalar.get(name) ?? 0) + podRequest;
}

// Scratch arrays handed to the scorer: it is called for every node of every pod scheduled
// (twice, with the default plugins), and scorers only read them before returning.
const requestedScratch: number[] = [];
const allocatableScratch: number[] = [];

/** Scores a node for a pod whose per-resource requests are `podRequestsList`. */
export function allocationScore(
  node: NodeInfo,
  resources: readonly ResourceSpec[],
  podRequestsList: readonly number[],
  useRequested: boolean,
  scorer: ResourceScorer,
): number {
  const n = resources.length;
  const requested = requestedScratch;
  const allocatable = allocatableScratch;
  requested.length = n;
  allocatable.length = n;
  for (let i = 0; i < n; i++) {
    const name = (resources[i] as ResourceSpec).name;
    const podRequest = podRequestsList[i] ?? 0;
    const alloc = allocatableOf(node, name, podRequest);
    allocatable[i] = alloc;
    requested[i] = alloc === 0 ? 0 : requestedWith(node, name, podRequest, useRequested);
  }
  return scorer(requested, allocatable);
}
