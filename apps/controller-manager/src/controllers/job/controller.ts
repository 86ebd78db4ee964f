/**
 * The Job controller's wiring (kube's job Controller): Job events enqueue the Job; pod events
 * enqueue the controlling Job (orphans: Jobs selecting them), count expected creations and
 * deletions and observed finalizer removals; pods keeping the tracking finalizer without a
 * live, unfinished Job go to a second queue that removes it.
 */
import type { Job, Pod } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type EventHandler,
  type Served,
  controllerOf,
  objectKey,
  type Controller,
  OWNER_UID_INDEX,
} from '@wheelhouse/client';
import { labelSelectorFromStructured } from '@wheelhouse/machinery';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { jobInformer, podInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { PodControl } from '../../workload/pod-control.js';
import { type CachedPod, podKey } from '../../workload/pod-status.js';
import { ownersSelecting, resolveControllerRef } from '../../workload/owner-routing.js';
import { UidTrackingExpectations } from '../../workload/uid-expectations.js';
import { BackoffStore } from './backoff.js';
import { FinalizerExpectations, type JobDeps } from './context.js';
import { hasTrackingFinalizer, isJobFinished } from './job-util.js';
import { syncJob, syncOrphanPod } from './reconcile.js';

type CachedJob = DeepReadonly<Served<Job>>;

/** The batch/v1 Job controller ("job"). */
export function newJobController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const jobs = jobInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const recorder = ctx.recorder('job-controller');
  const deps: JobDeps = {
    client: ctx.client,
    jobs: jobs.lister(),
    pods: pods.lister(),
    podControl: new PodControl(ctx.client, recorder),
    expectations: new UidTrackingExpectations(ctx.clock),
    finalizers: new FinalizerExpectations(),
    backoff: new BackoffStore(),
    recorder,
    clock: ctx.clock,
    log: ctx.logger.child({ controller: 'job' }),
    enqueueAfter: (key, ms) => main.queue.addAfter(key, ms),
  };
  const main: Controller = newController(ctx, {
    name: 'job',
    reconcile: (key) => syncJob(deps, key),
    workers: options.workers,
  });
  const orphans = newController(ctx, {
    name: 'job-orphan-pod',
    reconcile: (key) => syncOrphanPod(deps, key),
    informers: [pods, jobs],
  });
  const enqueue = (job: CachedJob): void => main.enqueue(objectKey(job));
  main.watch(jobs, {
    onAdd: enqueue,
    onUpdate: (_old, job) => enqueue(job),
    onDelete: (job) => {
      deps.expectations.deleteExpectations(objectKey(job));
      deps.finalizers.delete(objectKey(job));
      enqueue(job);
      // Its pods may still carry the finalizer: release them.
      for (const pod of deps.pods.byIndex(OWNER_UID_INDEX, job.metadata.uid ?? ''))
        if (hasTrackingFinalizer(pod) && controllerOf(pod)?.uid === job.metadata.uid) orphans.enqueue(objectKey(pod));
    },
  });
  main.watch(pods, podHandler(deps, main, orphans));
  return {
    name: 'job',
    needsLeader: true,
    run: async (signal) => void (await Promise.all([main.run(signal), orphans.run(signal)])),
  };
}

function resolve(deps: JobDeps, pod: CachedPod): CachedJob | undefined {
  return resolveControllerRef(pod, 'Job', deps.jobs);
}

function podHandler(deps: JobDeps, c: Controller, orphans: Controller): EventHandler<Served<Pod>> {
  const orphan = (pod: CachedPod): void => {
    if (hasTrackingFinalizer(pod)) orphans.enqueue(objectKey(pod));
  };
  const selecting = (pod: CachedPod): void => {
    for (const job of ownersSelecting(pod, deps.jobs, (j) => labelSelectorFromStructured(j.spec?.selector)))
      c.enqueue(objectKey(job));
  };
  const deleted = (pod: CachedPod, final: boolean): void => {
    if (!controllerOf(pod)) return orphan(pod);
    const job = resolve(deps, pod);
    if (!job || isJobFinished(job)) return orphan(pod);
    const key = objectKey(job);
    deps.expectations.deletionObserved(key, podKey(pod));
    if (final || !hasTrackingFinalizer(pod)) deps.finalizers.observed(key, pod.metadata.uid);
    c.enqueue(key);
  };
  return {
    onAdd: (pod) => {
      if (pod.metadata.deletionTimestamp) return deleted(pod, false);
      if (controllerOf(pod)) {
        const job = resolve(deps, pod);
        if (!job) return orphan(pod);
        deps.expectations.creationObserved(objectKey(job));
        return c.enqueue(objectKey(job));
      }
      orphan(pod);
      selecting(pod);
    },
    onUpdate: (old, pod) => {
      if (old.metadata.resourceVersion === pod.metadata.resourceVersion) return;
      if (pod.metadata.deletionTimestamp) return deleted(pod, false);
      const released = !hasTrackingFinalizer(pod);
      const [oldRef, curRef] = [controllerOf(old), controllerOf(pod)];
      const refChanged = JSON.stringify(oldRef) !== JSON.stringify(curRef);
      if (refChanged && oldRef) {
        const previous = resolve(deps, old);
        if (previous) {
          if (released) deps.finalizers.observed(objectKey(previous), pod.metadata.uid);
          c.enqueue(objectKey(previous));
        }
      }
      if (curRef) {
        const job = resolve(deps, pod);
        if (!job) return orphan(pod);
        if (released) deps.finalizers.observed(objectKey(job), pod.metadata.uid);
        return c.enqueue(objectKey(job));
      }
      orphan(pod);
      if (refChanged || JSON.stringify(old.metadata.labels ?? {}) !== JSON.stringify(pod.metadata.labels ?? {}))
        selecting(pod);
    },
    onDelete: (pod) => deleted(pod, true),
  };
}
