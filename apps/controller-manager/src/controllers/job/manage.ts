/**
 * Running the right number of pods (kube's manageJob): delete all while suspended, delete
 * extras (duplicate or out-of-range indexes first), and create missing ones in slow-start
 * batches after the pod-failure backoff, with the tracking finalizer and, for Indexed Jobs,
 * the completion index annotation, label, env var, hostname and `<job>-<index>-` names.
 */
import type { Container, PodTemplateSpec } from '@wheelhouse/api';
import { isNotFound } from '@wheelhouse/client';
import { compareForDeletion } from '../../workload/deletion-ranking.js';
import { controllerRef, isNamespaceTerminating, podFromTemplate } from '../../workload/pod-control.js';
import { type CachedPod, isPodReady, podKey } from '../../workload/pod-status.js';
import { slowStartBatch } from '../../workload/slow-start.js';
import { remainingBackoff } from './backoff.js';
import type { JobDeps, SyncJobCtx } from './context.js';
import { hasIndex, withIndexes } from './intervals.js';
import {
  COMPLETION_INDEX_ANNOTATION,
  COMPLETION_INDEX_ENV,
  JOB_TRACKING_FINALIZER,
  MAX_POD_CREATE_DELETE_PER_SYNC,
  completionIndex,
  completionsOf,
  isIndexed,
  isSuspended,
} from './job-util.js';
import { onlyReplaceFailedPods } from './failure-policy.js';

/** The subject of a Job's events. */
export const subjectOf = (ctx: SyncJobCtx) => ({ apiVersion: 'batch/v1', kind: 'Job', metadata: ctx.cached.metadata });

const byActiveOrder = (a: CachedPod, b: CachedPod): number =>
  compareForDeletion({ pod: a, rank: 0 }, { pod: b, rank: 0 }, 0);

/** The `count` active pods to remove first (kube's activePodsForRemoval). */
function activePodsForRemoval(ctx: SyncJobCtx, count: number): CachedPod[] {
  const rm: CachedPod[] = [];
  let left = [...ctx.activePods];
  if (isIndexed(ctx.cached)) {
    const completions = completionsOf(ctx.cached) ?? 0;
    const byIndex = new Map<number, CachedPod[]>();
    left = [];
    for (const pod of ctx.activePods) {
      const ix = completionIndex(pod);
      if (ix < 0 || ix >= completions) rm.push(pod);
      else byIndex.set(ix, [...(byIndex.get(ix) ?? []), pod]);
    }
    for (const pods of byIndex.values()) {
      const sorted = pods.sort(byActiveOrder);
      rm.push(...sorted.slice(0, -1));
      left.push(sorted.at(-1)!);
    }
  }
  if (rm.length < count) rm.push(...left.sort(byActiveOrder).slice(0, count - rm.length));
  return rm;
}

/**
 * Deletes `pods`, first removing their tracking finalizer (kube's deleteJobPods); returns how
 * many were removed and how many of those were ready.
 */
export async function deleteJobPods(
  deps: JobDeps,
  ctx: SyncJobCtx,
  pods: readonly CachedPod[],
): Promise<{ removed: number; ready: number; error?: unknown }> {
  let removed = pods.length;
  let ready = 0;
  let error: unknown;
  await Promise.all(
    pods.map(async (pod) => {
      const ns = pod.metadata.namespace ?? '';
      try {
        if ((pod.metadata.finalizers ?? []).includes(JOB_TRACKING_FINALIZER)) await removeFinalizer(deps, pod);
        await deps.podControl.delete(subjectOf(ctx), ns, pod.metadata.name);
      } catch (err) {
        deps.expectations.deletionObserved(ctx.key, podKey(pod));
        if (!isNotFound(err)) {
          removed--;
          error ??= err;
          return;
        }
      }
      if (isPodReady(pod)) ready++;
    }),
  );
  return error === undefined ? { removed, ready } : { removed, ready, error };
}

/** Strategic-merge-patches the tracking finalizer out of the pod. */
export async function removeFinalizer(deps: JobDeps, pod: CachedPod): Promise<void> {
  const patch = { metadata: { [`$deleteFromPrimitiveList/finalizers`]: [JOB_TRACKING_FINALIZER] } };
  await deps.client
    .resource('pods')
    .patch(pod.metadata.name, patch, { namespace: pod.metadata.namespace ?? '', type: 'strategic' });
}

/** The first `count` indexes neither succeeded nor running (kube's firstPendingIndexes). */
function firstPendingIndexes(ctx: SyncJobCtx, count: number, completions: number): number[] {
  const busy = withIndexes(
    ctx.succeededIndexes,
    ctx.activePods.map(completionIndex).filter((i) => i >= 0),
  );
  const out: number[] = [];
  for (let i = 0; i < completions && out.length < count; i++) if (!hasIndex(busy, i)) out.push(i);
  return out;
}

function withIndexEnv(c: Container): Container {
  const env = (c.env ?? []).filter((e) => e.name !== COMPLETION_INDEX_ENV);
  const ref = { fieldRef: { fieldPath: `metadata.annotations['${COMPLETION_INDEX_ANNOTATION}']` } };
  return { ...c, env: [...env, { name: COMPLETION_INDEX_ENV, valueFrom: ref }] };
}

/** The template pods are made from: the Job's, with the finalizer and (Indexed) the index env var. */
function podTemplate(ctx: SyncJobCtx): PodTemplateSpec {
  const t = structuredClone(ctx.cached.spec?.template ?? {}) as PodTemplateSpec;
  t.metadata = { ...t.metadata, finalizers: [...new Set([...(t.metadata?.finalizers ?? []), JOB_TRACKING_FINALIZER])] };
  if (isIndexed(ctx.cached) && t.spec) {
    t.spec.containers = (t.spec.containers ?? []).map(withIndexEnv);
    if (t.spec.initContainers) t.spec.initContainers = t.spec.initContainers.map(withIndexEnv);
  }
  return t;
}

function indexedTemplate(base: PodTemplateSpec, jobName: string, index: number): PodTemplateSpec {
  const t = structuredClone(base);
  const ix = String(index);
  t.metadata = {
    ...t.metadata,
    annotations: { ...(t.metadata?.annotations ?? {}), [COMPLETION_INDEX_ANNOTATION]: ix },
    labels: { ...(t.metadata?.labels ?? {}), [COMPLETION_INDEX_ANNOTATION]: ix },
  };
  t.spec = { ...t.spec!, hostname: `${jobName}-${index}` };
  return t;
}

/** `<job>-<index>-`, the job name cut so the generated name fits 63 characters. */
function indexedGenerateName(jobName: string, index: number): string {
  const appendix = `-${index}-`;
  const max = 63 - 5;
  return jobName.length + appendix.length > max
    ? `${jobName.slice(0, max - appendix.length)}${appendix}`
    : `${jobName}${appendix}`;
}

/** One round of pod management; returns the active count after it (kube's manageJob). */
export async function manageJob(deps: JobDeps, ctx: SyncJobCtx): Promise<{ active: number; error?: unknown }> {
  const job = ctx.cached;
  let active = ctx.activePods.length;
  const parallelism = job.spec?.parallelism ?? 1;
  if (isSuspended(job)) {
    const victims = activePodsForRemoval(ctx, active);
    deps.expectations.expectDeletions(ctx.key, victims.map(podKey));
    const r = await deleteJobPods(deps, ctx, victims);
    ctx.terminating += r.removed;
    ctx.ready -= r.ready;
    return { active: active - r.removed, ...(r.error !== undefined ? { error: r.error } : {}) };
  }
  const completions = completionsOf(job);
  let want: number;
  if (completions === undefined) want = ctx.succeeded > 0 ? active : parallelism;
  else want = Math.max(0, Math.min(completions - ctx.succeeded, parallelism));
  const victims = activePodsForRemoval(ctx, Math.max(0, active - want)).slice(0, MAX_POD_CREATE_DELETE_PER_SYNC);
  if (victims.length > 0) {
    deps.expectations.expectDeletions(ctx.key, victims.map(podKey));
    const r = await deleteJobPods(deps, ctx, victims);
    ctx.terminating += r.removed;
    ctx.ready -= r.ready;
    return { active: active - r.removed, ...(r.error !== undefined ? { error: r.error } : {}) };
  }
  const terminating = onlyReplaceFailedPods(job) ? ctx.terminating : 0;
  const indexes = isIndexed(job) ? firstPendingIndexes(ctx, want - active, completions ?? 0) : [];
  let diff = isIndexed(job) ? indexes.length : want - terminating - active;
  if (diff <= 0) return { active };
  const wait = remainingBackoff(ctx.newBackoffRecord, deps.clock.now());
  if (wait > 0) {
    deps.enqueueAfter(ctx.key, wait);
    return { active };
  }
  diff = Math.min(diff, MAX_POD_CREATE_DELETE_PER_SYNC);
  deps.expectations.expectCreations(ctx.key, diff);
  const base = podTemplate(ctx);
  const ref = controllerRef(job, 'batch/v1', 'Job');
  const ns = job.metadata.namespace ?? '';
  const name = job.metadata.name;
  const { successes, error } = await slowStartBatch(diff, async (i) => {
    const index = indexes[i];
    const t = index === undefined ? base : indexedTemplate(base, name, index);
    const generateName = index === undefined ? `${name}-` : indexedGenerateName(name, index);
    try {
      await deps.podControl.create(subjectOf(ctx), podFromTemplate(t, ns, generateName, ref));
    } catch (err) {
      if (!isNamespaceTerminating(err)) throw err;
    }
  });
  for (let i = successes; i < diff; i++) deps.expectations.creationObserved(ctx.key);
  active += successes;
  return error === undefined ? { active } : { active, error };
}
