/** What controllers read from a pod's status (kube's pkg/api/v1/pod and controller_utils). */
import type { Pod, PodCondition } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';

/** A pod as a lister hands it out. */
export type CachedPod = DeepReadonly<Served<Pod>>;

/** Milliseconds since the epoch of an RFC 3339 time, or undefined when absent or unparsable (Go's zero time). */
export function timeOf(value: string | undefined | null): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The pod's condition of `type`, if it has one. */
export function podCondition(pod: CachedPod, type: string): DeepReadonly<PodCondition> | undefined {
  return pod.status?.conditions?.find((c) => c.type === type);
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: CachedPod): boolean {
  return podCondition(pod, 'Ready')?.status === 'True';
}

/**
 * True when the pod is ready and has been for `minReadySeconds` at `now` (ms): kube's
 * IsPodAvailable (a Ready condition without a transition time is available only when
 * minReadySeconds is 0).
 */
export function isPodAvailable(pod: CachedPod, minReadySeconds: number, now: number): boolean {
  if (!isPodReady(pod)) return false;
  if (minReadySeconds === 0) return true;
  const since = timeOf(podCondition(pod, 'Ready')?.lastTransitionTime);
  return since !== undefined && since + minReadySeconds * 1000 < now;
}

/** True for a pod that counts as a replica: not Succeeded, not Failed and not being deleted (kube's IsPodActive). */
export function isPodActive(pod: CachedPod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata.deletionTimestamp;
}

/** True for a pod that has finished: phase Succeeded or Failed. */
export function isPodTerminal(pod: CachedPod): boolean {
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed';
}

/** "namespace/name" of a pod (kube's PodKey). */
export function podKey(pod: CachedPod): string {
  return `${pod.metadata.namespace ?? ''}/${pod.metadata.name ?? ''}`;
}
