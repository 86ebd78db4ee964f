import type { CachedNode, CachedPod } from '../types.js';
import { matchesNodeAffinity } from './node-affinity.js';
import { amount, podRequest, requestedResources } from './resources.js';

/** Why the kubelet refused a pod: the status reason (OutOfcpu, NodeAffinity, ...) and message (without "Pod was rejected: "). */
export interface Rejection {
  readonly reason: string;
  readonly message: string;
}

const FIRST = ['cpu', 'memory', 'ephemeral-storage'];

/**
 * The kubelet's admission of `pod` onto `node` (lifecycle.predicateAdmitHandler): the OS
 * checks (the simulated nodes are linux), then does it fit
 * the node's allocatable next to `others` (the admitted pods still running there: pods, then
 * cpu, memory, ephemeral-storage, then extended resources the node has), and does the node
 * match its nodeSelector and required node affinity. Resolves the first failure, undefined
 * when admitted. Extended resources the node does not know are ignored, as the kubelet does.
 * `reported` is the allocatable the kubelet reports, for a cached Node whose status is not in yet.
 */
export function admit(
  pod: CachedPod,
  node: CachedNode,
  others: readonly CachedPod[],
  reported: Readonly<Record<string, string>> = {},
): Rejection | undefined {
  const os = osRejection(pod, node);
  if (os) return os;
  const allocatable = { ...reported, ...(node.status?.allocatable ?? {}) } as Record<string, string>;
  const pods = amount('pods', allocatable['pods']);
  if (others.length + 1 > pods) return insufficient('pods', 1, others.length, pods);
  for (const resource of resourcesToCheck(pod, allocatable)) {
    const requested = podRequest(pod, resource);
    if (requested === 0) continue;
    const capacity = amount(resource, allocatable[resource]);
    const used = others.reduce((n, p) => n + podRequest(p, resource), 0);
    if (requested > capacity - used) return insufficient(resource, requested, used, capacity);
  }
  if (!matchesNodeAffinity(pod, node)) {
    return {
      reason: 'NodeAffinity',
      message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    };
  }
  return undefined;
}

/** The kubelet's checks before the predicates: the pod's OS label and OS field against the (linux) node. */
function osRejection(pod: CachedPod, node: CachedNode): Rejection | undefined {
  const podOs = (pod.metadata.labels as Record<string, string> | undefined)?.['kubernetes.io/os'];
  const nodeOs = (node.metadata.labels as Record<string, string> | undefined)?.['kubernetes.io/os'] ?? 'linux';
  if (podOs !== undefined && podOs !== nodeOs) {
    return {
      reason: 'PodOSSelectorNodeLabelDoesNotMatch',
      message: "Failed to admit pod as the `kubernetes.io/os` label doesn't match node label",
    };
  }
  const field = pod.spec?.os?.name;
  if (field !== undefined && field !== 'linux')
    return { reason: 'PodOSNotSupported', message: "Failed to admit pod as the OS field doesn't match node OS" };
  return undefined;
}

function resourcesToCheck(pod: CachedPod, allocatable: Record<string, string>): string[] {
  const extended = [...requestedResources(pod)].filter((r) => !FIRST.includes(r) && r in allocatable).sort();
  return [...FIRST, ...extended];
}

function insufficient(resource: string, requested: number, used: number, capacity: number): Rejection {
  const reasons: Record<string, string> = { cpu: 'OutOfcpu', memory: 'OutOfmemory', pods: 'OutOfpods' };
  return {
    reason: reasons[resource] ?? `OutOf${resource}`,
    message: `Node didn't have enough resource: ${resource}, requested: ${requested}, used: ${used}, capacity: ${capacity}`,
  };
}
