import { findUntoleratedTaint, RequiredNodeAffinity } from '@wheelhouse/api';
import type { CachedNode, CachedPod } from '../types.js';
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
 * cpu, memory, ephemeral-storage, then extended resources the node has), does the node
 * match its nodeSelector and required node affinity, and does the pod tolerate the node's
 * NoExecute taints (the only effect the kubelet checks). Resolves the first failure, undefined
 * when admitted. Host ports are not checked. Extended resources the node does not know are ignored, as the kubelet does.
 * `reported` is the allocatable the kubelet reports, for a cached Node whose status is not in yet.
 */
export function admit(
  pod: CachedPod,
  node: CachedNode,
  others: readonly CachedPod[],
  reported: Readonly<Record<string, string>> = {},
): Rejection | undefined {
  const os = osRejection(pod);
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
  if (!new RequiredNodeAffinity(pod).matches(node)) {
    return {
      reason: 'NodeAffinity',
      message: "Predicate NodeAffinity failed: node(s) didn't match Pod's node affinity/selector",
    };
  }
  // The kubelet checks only NoExecute taints (FindMatchingUntoleratedTaint); the others are the scheduler's.
  if (findUntoleratedTaint(node.spec?.taints, pod.spec?.tolerations, (t) => t.effect === 'NoExecute')) {
    return {
      reason: 'TaintToleration',
      message: "Predicate TaintToleration failed: node(s) had taints that the pod didn't tolerate",
    };
  }
  return undefined;
}

/**
 * The kubelet's checks before the predicates: the pod's OS label and OS field against the
 * kubelet's own OS (linux; the node's label is not consulted, as the kubelet overrides it).
 */
function osRejection(pod: CachedPod): Rejection | undefined {
  const podOs = (pod.metadata.labels as Record<string, string> | undefined)?.['kubernetes.io/os'];
  if (podOs !== undefined && podOs !== 'linux') {
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
