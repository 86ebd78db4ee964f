/**
 * A pod with what the scheduler derives from it once (framework.PodInfo): its key,
 * priority, parsed affinity terms and resource requests. Built from an immutable pod;
 * never mutated after construction.
 */
import type { Pod } from '@wheelhouse/api';
import {
  parseAffinityTerms,
  parseWeightedTerms,
  type AffinityTerm,
  type WeightedAffinityTerm,
} from './affinity-term.js';
import { NON_ZERO_DEFAULTS, podRequests } from './pod-requests.js';
import { CPU, emptyResource, MEMORY, resourceFromMap, type Resource } from './resource.js';

/** A pod's requests as a node aggregates them (framework.PodResource). */
export interface PodResource {
  readonly resource: Resource;
  /** cpu request with 100m assumed for containers that set none. */
  readonly non0CPU: number;
  /** memory request with 200Mi assumed for containers that set none. */
  readonly non0Mem: number;
}

/** A pod and its derived scheduling data. */
export interface PodInfo {
  readonly pod: Pod;
  /** The pod's UID (namespace/name when it has none, as in unit tests). */
  readonly key: string;
  readonly priority: number;
  readonly requiredAffinityTerms: readonly AffinityTerm[];
  readonly requiredAntiAffinityTerms: readonly AffinityTerm[];
  readonly preferredAffinityTerms: readonly WeightedAffinityTerm[];
  readonly preferredAntiAffinityTerms: readonly WeightedAffinityTerm[];
  readonly resources: PodResource;
  /** Set when an affinity term or a quantity failed to parse; the terms are then empty. */
  readonly parseError: Error | undefined;
}

/** `namespace/name` of a pod. */
export function podName(pod: Pod): string {
  return `${pod.metadata?.namespace ?? ''}/${pod.metadata?.name ?? ''}`;
}

/** The pod's key in the cache and the queue: its UID, else namespace/name. */
export function podKey(pod: Pod): string {
  return pod.metadata?.uid || podName(pod);
}

/** The pod's priority (spec.priority; 0 when unset, as corev1helpers.PodPriority). */
export function podPriority(pod: Pod): number {
  return pod.spec?.priority ?? 0;
}

function computeResources(pod: Pod): PodResource {
  const non0 = podRequests(pod, NON_ZERO_DEFAULTS);
  return { resource: resourceFromMap(podRequests(pod)), non0CPU: non0.get(CPU) ?? 0, non0Mem: non0.get(MEMORY) ?? 0 };
}

const NO_RESOURCES: PodResource = { resource: emptyResource(), non0CPU: 0, non0Mem: 0 };

function parseTerms(pod: Pod) {
  const a = pod.spec?.affinity;
  return {
    requiredAffinityTerms: parseAffinityTerms(pod, a?.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution),
    requiredAntiAffinityTerms: parseAffinityTerms(
      pod,
      a?.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution,
    ),
    preferredAffinityTerms: parseWeightedTerms(pod, a?.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution),
    preferredAntiAffinityTerms: parseWeightedTerms(
      pod,
      a?.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution,
    ),
  };
}

const NO_TERMS = {
  requiredAffinityTerms: [],
  requiredAntiAffinityTerms: [],
  preferredAffinityTerms: [],
  preferredAntiAffinityTerms: [],
};

function attempt<T>(fn: () => T, fallback: T): [T, Error | undefined] {
  try {
    return [fn(), undefined];
  } catch (err) {
    return [fallback, err instanceof Error ? err : new Error(String(err))];
  }
}

/** Derives a PodInfo. Never throws: a parse failure is kept in `parseError` (kube ignores it for existing pods). */
export function newPodInfo(pod: Pod): PodInfo {
  const [terms, termsError] = attempt(() => parseTerms(pod), NO_TERMS);
  const [resources, resourcesError] = attempt(() => computeResources(pod), NO_RESOURCES);
  return {
    pod,
    key: podKey(pod),
    priority: podPriority(pod),
    ...terms,
    resources,
    parseError: termsError ?? resourcesError,
  };
}
