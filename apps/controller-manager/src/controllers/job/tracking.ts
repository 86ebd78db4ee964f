/**
 * Counting finished pods through the job-tracking finalizer (kube's
 * trackJobStatusAndRemoveFinalizers): a finished pod is first recorded in
 * status.uncountedTerminatedPods, then loses its finalizer, then moves into succeeded or
 * failed; the Job's final condition waits until nothing is uncounted. So no finished pod is
 * missed or counted twice, even across controller restarts.
 */
import { patchIfChanged } from '@wheelhouse/client';
import type { CachedPod } from '../../workload/pod-status.js';
import type { JobDeps, SyncJobCtx } from './context.js';
import { isPodFailed, matchPodFailurePolicy } from './failure-policy.js';
import { formatIntervals, hasIndex, totalIndexes, withIndexes } from './intervals.js';
import {
  MAX_UNCOUNTED_PODS,
  completionIndex,
  completionsOf,
  ensureCondition,
  hasTrackingFinalizer,
  isIndexed,
  newCondition,
  trueCondition,
} from './job-util.js';
import { removeFinalizer, subjectOf } from './manage.js';

/** Writes the status built so far; the cached Job is the base of the patch. */
async function writeStatus(deps: JobDeps, ctx: SyncJobCtx): Promise<void> {
  const written = await patchIfChanged(
    deps.client.resource('jobs'),
    ctx.cached,
    { ...ctx.cached, status: ctx.status },
    { subresource: 'status' },
  );
  if (written) ctx.cached = written;
}

function canRemoveFinalizer(ctx: SyncJobCtx, pod: CachedPod, failed: boolean): boolean {
  return (
    Boolean(pod.metadata.deletionTimestamp) ||
    ctx.finishedCondition !== undefined ||
    pod.status?.phase === 'Succeeded' ||
    failed
  );
}

/** Moves uncounted pods whose finalizer is gone into succeeded/failed; true if any moved. */
function countRemoved(ctx: SyncJobCtx, withFinalizer: ReadonlySet<string>): boolean {
  const u = (ctx.status.uncountedTerminatedPods ??= {});
  const [s, f] = [u.succeeded ?? [], u.failed ?? []];
  const [ks, kf] = [s.filter((x) => withFinalizer.has(x)), f.filter((x) => withFinalizer.has(x))];
  if (ks.length === s.length && kf.length === f.length) return false;
  if (!isIndexed(ctx.cached)) ctx.status.succeeded = (ctx.status.succeeded ?? 0) + s.length - ks.length;
  ctx.status.failed = (ctx.status.failed ?? 0) + f.length - kf.length;
  ctx.status.uncountedTerminatedPods = {
    ...(ks.length ? { succeeded: ks } : {}),
    ...(kf.length ? { failed: kf } : {}),
  };
  return true;
}

/** Records finished pods, removes their finalizers, counts them, and sets the final condition once possible. */
export async function trackJobStatus(deps: JobDeps, ctx: SyncJobCtx, needsFlush: boolean): Promise<void> {
  const now = deps.clock.now();
  const withFinalizer = new Set(
    ctx.pods
      .filter((p) => hasTrackingFinalizer(p) && !ctx.expectedRmFinalizers.has(p.metadata.uid))
      .map((p) => p.metadata.uid),
  );
  let flush = countRemoved(ctx, withFinalizer) || needsFlush;
  const uncounted = ctx.status.uncountedTerminatedPods!;
  const toRelease: CachedPod[] = [];
  const newIndexes: number[] = [];
  let reachedMax = false;
  const pods = isIndexed(ctx.cached) ? [...ctx.pods].sort((a, b) => completionIndex(a) - completionIndex(b)) : ctx.pods;
  const completions = completionsOf(ctx.cached) ?? 0;
  for (const pod of pods) {
    const uid = pod.metadata.uid;
    if (!hasTrackingFinalizer(pod) || ctx.expectedRmFinalizers.has(uid)) continue;
    const failed = isPodFailed(pod, ctx.cached);
    if (!canRemoveFinalizer(ctx, pod, failed)) continue;
    toRelease.push(pod);
    const ix = completionIndex(pod);
    if (pod.status?.phase === 'Succeeded' && !ctx.uncountedFailed.has(uid)) {
      if (isIndexed(ctx.cached)) {
        if (ix >= 0 && ix < completions && !hasIndex(ctx.prevSucceededIndexes, ix)) {
          newIndexes.push(ix);
          flush = true;
        }
      } else if (!ctx.uncountedSucceeded.has(uid)) {
        (uncounted.succeeded ??= []).push(uid);
        flush = true;
      }
    } else if (failed || ctx.finishedCondition !== undefined) {
      const validIndex = !isIndexed(ctx.cached) || (ix >= 0 && ix < completions);
      if (!ctx.uncountedFailed.has(uid) && validIndex && matchPodFailurePolicy(ctx.cached, pod).countFailed) {
        (uncounted.failed ??= []).push(uid);
        flush = true;
      }
    }
    if (
      newIndexes.length + (uncounted.succeeded?.length ?? 0) + (uncounted.failed?.length ?? 0) >=
      MAX_UNCOUNTED_PODS
    ) {
      reachedMax = true;
      break;
    }
  }
  if (isIndexed(ctx.cached)) {
    ctx.succeededIndexes = withIndexes(ctx.succeededIndexes, newIndexes);
    const text = formatIntervals(ctx.succeededIndexes);
    if (text !== (ctx.status.completedIndexes ?? '')) flush = true;
    ctx.status.succeeded = totalIndexes(ctx.succeededIndexes);
    if (text) ctx.status.completedIndexes = text;
    else delete ctx.status.completedIndexes;
  }
  interimCondition(ctx, now) && (flush = true);
  if (flush) {
    await writeStatus(deps, ctx);
    deps.backoff.update(ctx.key, ctx.newBackoffRecord);
    flush = false;
  }
  const error = await releasePods(deps, ctx, toRelease, withFinalizer);
  if (countRemoved(ctx, withFinalizer)) flush = true;
  if (error !== undefined) {
    if (flush) await writeStatus(deps, ctx);
    throw error;
  }
  const finished = !reachedMax && enactFinished(ctx, now);
  if (finished || flush) await writeStatus(deps, ctx);
  if (finished) recordFinished(deps, ctx);
}

/** FailureTarget / SuccessCriteriaMet go in first; the final Failed / Complete follows once pods are counted. */
function interimCondition(ctx: SyncJobCtx, now: number): boolean {
  const c = ctx.finishedCondition;
  if (!c) return false;
  if (c.type === 'FailureTarget') {
    (ctx.status.conditions ??= []).push(c);
    ctx.finishedCondition = newCondition('Failed', 'True', c.reason ?? '', c.message ?? '', now);
    return true;
  }
  if (c.type === 'SuccessCriteriaMet') {
    const added = !trueCondition(ctx.status, 'SuccessCriteriaMet');
    if (added) (ctx.status.conditions ??= []).push(c);
    ctx.finishedCondition = newCondition('Complete', 'True', c.reason ?? '', c.message ?? '', now);
    return added;
  }
  return false;
}

/** Removes the tracking finalizer of each pod; those that lost it leave `withFinalizer`. */
async function releasePods(
  deps: JobDeps,
  ctx: SyncJobCtx,
  pods: readonly CachedPod[],
  withFinalizer: Set<string>,
): Promise<unknown> {
  deps.finalizers.expect(
    ctx.key,
    pods.map((p) => p.metadata.uid),
  );
  let error: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      try {
        await removeFinalizer(deps, pod);
        withFinalizer.delete(pod.metadata.uid);
      } catch (err) {
        deps.finalizers.observed(ctx.key, pod.metadata.uid);
        if ((err as { code?: number }).code === 404) withFinalizer.delete(pod.metadata.uid);
        else error ??= err;
      }
    }),
  );
  return error;
}

/** Sets the final condition unless pods are still uncounted or terminating (kube's enactJobFinished). */
function enactFinished(ctx: SyncJobCtx, now: number): boolean {
  const c = ctx.finishedCondition;
  if (!c) return false;
  const u = ctx.status.uncountedTerminatedPods;
  if ((u?.succeeded?.length ?? 0) + (u?.failed?.length ?? 0) > 0) return false;
  if (ctx.terminating > 0) return false;
  ensureCondition(ctx.status, c.type!, c.status!, c.reason ?? '', c.message ?? '', now);
  if (c.type === 'Complete')
    ctx.status.completionTime = ctx.status.conditions!.find((x) => x.type === 'Complete')!.lastTransitionTime!;
  return true;
}

function recordFinished(deps: JobDeps, ctx: SyncJobCtx): void {
  const c = ctx.finishedCondition!;
  const subject = subjectOf(ctx);
  if (c.type === 'Complete') {
    const completions = completionsOf(ctx.cached);
    if (completions !== undefined && (ctx.status.succeeded ?? 0) > completions)
      deps.recorder.event(
        subject,
        'Warning',
        'TooManySucceededPods',
        'Too many succeeded pods running after completion count reached',
      );
    deps.recorder.event(subject, 'Normal', 'Completed', 'Job completed');
  } else {
    deps.recorder.event(subject, 'Warning', c.reason ?? '', c.message ?? '');
  }
}
