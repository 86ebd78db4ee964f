/** Job helpers (kube's job controller utils): conditions, completion indexes, finalizers, finish times. */
import type { Job } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { type CachedPod, podCondition, timeOf } from '../../workload/pod-status.js';

/** A Job as cached. */
export type CachedJob = DeepReadonly<Served<Job>>;
/** The status a sync builds. */
export type JobStatus = NonNullable<Job['status']>;
/** One Job condition. */
export type JobCondition = NonNullable<JobStatus['conditions']>[number];

/** The finalizer that keeps a pod until the Job has counted it. */
export const JOB_TRACKING_FINALIZER = 'batch.kubernetes.io/job-tracking';
/** The annotation (and label) with an Indexed Job pod's completion index. */
export const COMPLETION_INDEX_ANNOTATION = 'batch.kubernetes.io/job-completion-index';
/** The env var an Indexed Job's containers read their index from. */
export const COMPLETION_INDEX_ENV = 'JOB_COMPLETION_INDEX';
/** The most pods status.uncountedTerminatedPods holds (kube's MaxUncountedPods). */
export const MAX_UNCOUNTED_PODS = 500;
/** The most pods one sync creates or deletes (kube's MaxPodCreateDeletePerSync). */
export const MAX_POD_CREATE_DELETE_PER_SYNC = 500;

/** True for completionMode Indexed. */
export const isIndexed = (job: CachedJob): boolean => job.spec?.completionMode === 'Indexed';
/** True while spec.suspend is set. */
export const isSuspended = (job: CachedJob): boolean => job.spec?.suspend === true;
/** spec.completions; undefined for a Job done at its first success. */
export const completionsOf = (job: CachedJob): number | undefined => job.spec?.completions ?? undefined;
/** True while the pod carries the job-tracking finalizer. */
export const hasTrackingFinalizer = (pod: CachedPod): boolean =>
  (pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER);

/** True when the Job has a Complete or Failed condition that is True. */
export function isJobFinished(job: CachedJob): boolean {
  return (job.status?.conditions ?? []).some(
    (c) => (c.type === 'Complete' || c.type === 'Failed') && c.status === 'True',
  );
}

/** The time the Job finished (its Complete or Failed condition's transition), if it did. */
export function finishTime(job: CachedJob): number | undefined {
  const c = (job.status?.conditions ?? []).find(
    (x) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True',
  );
  return timeOf(c?.lastTransitionTime);
}

/** A new condition with both times `now`. */
export function newCondition(type: string, status: string, reason: string, message: string, now: number): JobCondition {
  const t = formatTime(now);
  return { type, status, lastProbeTime: t, lastTransitionTime: t, reason, message };
}

/** The condition of `type` if True. */
export function trueCondition(
  status: DeepReadonly<JobStatus> | undefined,
  type: string,
): DeepReadonly<JobCondition> | undefined {
  return status?.conditions?.find((c) => c.type === type && c.status === 'True');
}

/**
 * Sets a condition (kube's ensureJobConditionStatus): an existing one is updated when status,
 * reason or message differ (its transition time only when the status changes); a missing one
 * is added unless its status is False. Returns true if anything changed.
 */
export function ensureCondition(
  status: JobStatus,
  type: string,
  value: string,
  reason: string,
  message: string,
  now: number,
): boolean {
  const list = (status.conditions ??= []);
  const t = formatTime(now);
  const c = list.find((x) => x.type === type);
  if (c) {
    if (c.status === value && c.reason === reason && c.message === message) return false;
    if (c.status !== value) c.lastTransitionTime = t;
    Object.assign(c, { status: value, reason, message, lastProbeTime: t });
    return true;
  }
  if (value === 'False') {
    if (list.length === 0) delete status.conditions;
    return false;
  }
  list.push(newCondition(type, value, reason, message, now));
  return true;
}

/** The pod's completion index, or -1 when it has none or an invalid one. */
export function completionIndex(pod: CachedPod): number {
  const raw = pod.metadata.annotations?.[COMPLETION_INDEX_ANNOTATION];
  if (raw === undefined || !/^\d+$/.test(raw)) return -1;
  const n = Number(raw);
  return n < 2 ** 31 ? n : -1;
}

/**
 * When a pod finished (kube's getFinishedTime): the last container's finishedAt, else when
 * Ready turned False, else its deletion time, else its creation.
 */
export function podFinishedTime(pod: CachedPod, now: number): number {
  const finished = (pod.status?.containerStatuses ?? [])
    .map((c) => timeOf(c.state?.terminated?.finishedAt))
    .filter((t): t is number => t !== undefined);
  if (finished.length > 0) return Math.max(...finished);
  const ready = podCondition(pod, 'Ready');
  if (ready?.status === 'False') {
    const t = timeOf(ready.lastTransitionTime);
    if (t !== undefined) return t;
  }
  return timeOf(pod.metadata.deletionTimestamp) ?? timeOf(pod.metadata.creationTimestamp) ?? now;
}
