/** The TTL-after-finished controller's wiring: finished Jobs with a TTL, not being deleted, are enqueued. */
import type { Job } from '@wheelhouse/api';
import { type DeepReadonly, type Served, objectKey } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { jobInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { needsCleanup, processJob } from './reconcile.js';

/** kube-controller-manager's "ttl-after-finished" controller. */
export function newTtlAfterFinishedController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const jobs = jobInformer(ctx.informers);
  const deps = { client: ctx.client, jobs: jobs.lister(), clock: ctx.clock };
  const controller = newController(ctx, {
    name: 'ttl-after-finished',
    reconcile: (key) => processJob(deps, key),
    workers: options.workers,
  });
  const consider = (job: DeepReadonly<Served<Job>>): void => {
    if (!job.metadata.deletionTimestamp && needsCleanup(job)) controller.enqueue(objectKey(job));
  };
  controller.watch(jobs, { onAdd: consider, onUpdate: (_o, job) => consider(job) });
  return controller;
}
