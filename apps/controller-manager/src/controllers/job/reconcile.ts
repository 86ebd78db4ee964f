/**
 * A Job's sync (kube's syncJob): claim its pods, count new successes and failures, decide
 * whether it failed (podFailurePolicy FailJob, backoffLimit, activeDeadlineSeconds) or
 * completed, else run the right number of pods (none while suspended, with the Suspended
 * condition and events), then track the status through the pods' finalizers.
 */
import { OWNER_UID_INDEX, type Result, controllerOf, isNotFound, splitKey } from '@wheelhouse/client';
import { formatTime, matchesLabels, labelSelectorFromStructured } from '@wheelhouse/machinery';
import { ORPHAN_INDEX } from '../../informers.js';
import { claimObjects, claimant } from '../../workload/controller-ref.js';
import { controllerRef } from '../../workload/pod-control.js';
import { type CachedPod, isPodActive, isPodReady, timeOf } from '../../workload/pod-status.js';
import type { JobDeps, SyncJobCtx } from './context.js';
import { failJobMessage, isPodFailed, matchPodFailurePolicy, pastBackoffLimitOnFailure } from './failure-policy.js';
import { type Intervals, parseIntervals, totalIndexes, withIndexes } from './intervals.js';
import {
  type CachedJob,
  type JobStatus,
  completionIndex,
  completionsOf,
  ensureCondition,
  hasTrackingFinalizer,
  isIndexed,
  isJobFinished,
  isSuspended,
  newCondition,
  trueCondition,
} from './job-util.js';
import { manageJob, removeFinalizer, subjectOf } from './manage.js';
import { trackJobStatus } from './tracking.js';

/** The Job's pods: those it controls and matching orphans it adopts; non-matching ones are released. */
async function claimPods(deps: JobDeps, job: CachedJob): Promise<CachedPod[]> {
  const candidates = [
    ...deps.pods.byIndex(OWNER_UID_INDEX, job.metadata.uid),
    ...deps.pods.byIndex(ORPHAN_INDEX, job.metadata.namespace ?? ''),
  ];
  const selector = labelSelectorFromStructured(job.spec?.selector);
  const who = claimant(job, controllerRef(job, 'batch/v1', 'Job'), deps.client.resource('jobs'));
  const matches = (p: CachedPod): boolean => matchesLabels(selector, p.metadata.labels);
  const { claimed, error } = await claimObjects(who, candidates, matches, deps.client.resource('pods'));
  if (error !== undefined) throw error;
  return claimed;
}

/** Pods with the finalizer, finished as `filter` says, not yet counted (kube's getValidPodsWithFilter). */
function newFinished(ctx: SyncJobCtx, uncounted: ReadonlySet<string>, filter: (p: CachedPod) => boolean): CachedPod[] {
  const completions = completionsOf(ctx.cached) ?? 0;
  return ctx.pods.filter((p) => {
    const uid = p.metadata.uid;
    if (!hasTrackingFinalizer(p) || uncounted.has(uid) || ctx.expectedRmFinalizers.has(uid)) return false;
    if (isIndexed(ctx.cached)) {
      const ix = completionIndex(p);
      if (ix < 0 || ix >= completions) return false;
    }
    return filter(p);
  });
}

function succeededIndexes(job: CachedJob, pods: readonly CachedPod[]): { prev: Intervals; all: Intervals } {
  const completions = completionsOf(job) ?? 0;
  const prev = parseIntervals(job.status?.completedIndexes, completions);
  const fresh = pods
    .filter((p) => p.status?.phase === 'Succeeded' && hasTrackingFinalizer(p))
    .map(completionIndex)
    .filter((ix) => ix >= 0 && ix < completions);
  return { prev, all: withIndexes(prev, fresh) };
}

function newContext(deps: JobDeps, key: string, job: CachedJob, pods: CachedPod[]): SyncJobCtx {
  const status = structuredClone(job.status ?? {}) as JobStatus;
  status.uncountedTerminatedPods ??= {};
  const u = status.uncountedTerminatedPods;
  const activePods = pods.filter(isPodActive);
  const { prev, all } = isIndexed(job) ? succeededIndexes(job, pods) : { prev: [], all: [] };
  return {
    key,
    cached: job,
    status,
    pods,
    activePods,
    succeeded: 0,
    failed: 0,
    ready: activePods.filter(isPodReady).length,
    terminating: pods.filter(
      (p) => p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed',
    ).length,
    expectedRmFinalizers: deps.finalizers.expected(key),
    uncountedSucceeded: new Set(u.succeeded ?? []),
    uncountedFailed: new Set(u.failed ?? []),
    newBackoffRecord: { failuresAfterLastSuccess: 0 },
    prevSucceededIndexes: prev,
    succeededIndexes: all,
  };
}

/** Syncs the Job under `key`; see the module comment. */
export async function syncJob(deps: JobDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const job = deps.jobs.get(name, namespace);
  if (!job) {
    deps.expectations.deleteExpectations(key);
    deps.finalizers.delete(key);
    deps.backoff.remove(key);
    return {};
  }
  const managedBy = job.spec?.managedBy;
  if (managedBy && managedBy !== 'kubernetes.io/job-controller') return {};
  if (isJobFinished(job)) {
    deps.backoff.remove(key);
    return {};
  }
  const now = deps.clock.now();
  const satisfied = deps.expectations.satisfied(key);
  const ctx = newContext(deps, key, job, await claimPods(deps, job));
  const succeededNew = newFinished(ctx, ctx.uncountedSucceeded, (p) => p.status?.phase === 'Succeeded');
  const failedNew = newFinished(ctx, ctx.uncountedFailed, (p) => isPodFailed(p, job));
  const countedFailures = failedNew.filter((p) => matchPodFailurePolicy(job, p).countFailed).length;
  ctx.succeeded = (job.status?.succeeded ?? 0) + succeededNew.length + ctx.uncountedSucceeded.size;
  ctx.failed = (job.status?.failed ?? 0) + countedFailures + ctx.uncountedFailed.size;
  if (!ctx.status.startTime && !isSuspended(job)) ctx.status.startTime = formatTime(now);
  ctx.newBackoffRecord = deps.backoff.next(key, succeededNew, failedNew, now);
  const result = decideFailure(deps, ctx, now);
  if (isIndexed(job)) ctx.succeeded = totalIndexes(ctx.succeededIndexes);
  let manageError: unknown;
  let active = ctx.activePods.length;
  let suspendChanged = false;
  if (ctx.finishedCondition) {
    const deleted = await deleteActivePods(deps, ctx);
    if (deleted.removed !== active || !satisfied) delete ctx.finishedCondition;
    active -= deleted.removed;
    ctx.terminating += deleted.removed;
    ctx.ready -= deleted.ready;
    manageError = deleted.error;
  } else {
    const managed = satisfied && !job.metadata.deletionTimestamp;
    if (managed) ({ active, error: manageError } = await manageJob(deps, ctx));
    const completions = completionsOf(job);
    const complete =
      completions === undefined ? ctx.succeeded > 0 && active === 0 : ctx.succeeded >= completions && active === 0;
    if (complete) {
      ctx.finishedCondition = newCondition(
        'SuccessCriteriaMet',
        'True',
        'CompletionsReached',
        'Reached expected number of succeeded pods',
        now,
      );
    } else if (managed) suspendChanged = updateSuspended(deps, ctx, now);
  }
  const status = ctx.status;
  const needsFlush =
    suspendChanged ||
    active !== (status.active ?? 0) ||
    ctx.ready !== status.ready ||
    ctx.terminating !== status.terminating;
  if (active) status.active = active;
  else delete status.active;
  status.ready = ctx.ready;
  status.terminating = ctx.terminating;
  await trackJobStatus(deps, ctx, needsFlush);
  if (manageError !== undefined) throw manageError;
  return result;
}

/** Sets ctx.finishedCondition when the Job has failed; returns a requeue for its active deadline. */
function decideFailure(deps: JobDeps, ctx: SyncJobCtx, now: number): Result {
  const job = ctx.cached;
  const target = trueCondition(job.status, 'FailureTarget');
  const met = trueCondition(job.status, 'SuccessCriteriaMet');
  if (met) {
    ctx.finishedCondition = newCondition('Complete', 'True', met.reason ?? '', met.message ?? '', now);
    return {};
  }
  if (target) {
    ctx.finishedCondition = newCondition('Failed', 'True', target.reason ?? '', target.message ?? '', now);
    return {};
  }
  const message = failJobMessage(job, ctx.pods);
  if (message !== undefined) {
    ctx.finishedCondition = newCondition('FailureTarget', 'True', 'PodFailurePolicy', message, now);
    return {};
  }
  const limit = job.spec?.backoffLimit ?? 6;
  if (ctx.failed > limit || pastBackoffLimitOnFailure(job, ctx.activePods)) {
    ctx.finishedCondition = newCondition(
      'FailureTarget',
      'True',
      'BackoffLimitExceeded',
      'Job has reached the specified backoff limit',
      now,
    );
    return {};
  }
  const deadline = job.spec?.activeDeadlineSeconds;
  const start = timeOf(ctx.status.startTime);
  if (deadline === undefined || deadline === null || start === undefined || isSuspended(job)) return {};
  const left = start + deadline * 1000 - now;
  if (left <= 0) {
    ctx.finishedCondition = newCondition(
      'FailureTarget',
      'True',
      'DeadlineExceeded',
      'Job was active longer than specified deadline',
      now,
    );
    return {};
  }
  return { requeueAfter: left };
}

/** Deletes every active pod of a finished Job, keeping their finalizers for the count (kube's deleteActivePods). */
async function deleteActivePods(
  deps: JobDeps,
  ctx: SyncJobCtx,
): Promise<{ removed: number; ready: number; error?: unknown }> {
  let removed = 0;
  let ready = 0;
  let error: unknown;
  await Promise.all(
    ctx.activePods.map(async (pod) => {
      try {
        await deps.podControl.delete(subjectOf(ctx), pod.metadata.namespace ?? '', pod.metadata.name);
      } catch (err) {
        if (!isNotFound(err)) return void (error ??= err);
      }
      removed++;
      if (isPodReady(pod)) ready++;
    }),
  );
  return error === undefined ? { removed, ready } : { removed, ready, error };
}

/** The Suspended condition and its events; resuming restarts the active-deadline clock. */
function updateSuspended(deps: JobDeps, ctx: SyncJobCtx, now: number): boolean {
  const subject = subjectOf(ctx);
  if (isSuspended(ctx.cached)) {
    if (!ensureCondition(ctx.status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now)) return false;
    deps.recorder.event(subject, 'Normal', 'Suspended', 'Job suspended');
    return true;
  }
  if (!ensureCondition(ctx.status, 'Suspended', 'False', 'JobResumed', 'Job resumed', now)) return false;
  deps.recorder.event(subject, 'Normal', 'Resumed', 'Job resumed');
  ctx.status.startTime = formatTime(now);
  return true;
}

/** Removes the tracking finalizer of a pod whose Job is gone or finished (kube's syncOrphanPod). */
export async function syncOrphanPod(deps: JobDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const pod = deps.pods.get(name, namespace);
  if (!pod || !hasTrackingFinalizer(pod)) return {};
  const ref = controllerOf(pod);
  if (ref?.kind === 'Job') {
    const job = deps.jobs.get(ref.name ?? '', namespace);
    if (job && job.metadata.uid === ref.uid && !isJobFinished(job)) return {};
  }
  try {
    await removeFinalizer(deps, pod);
  } catch (err) {
    if (!isNotFound(err)) throw err;
  }
  return {};
}
