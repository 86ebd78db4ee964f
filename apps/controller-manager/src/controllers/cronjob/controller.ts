/**
 * The CronJob controller's wiring (kube's cronjob ControllerV2): CronJob events enqueue the
 * CronJob (a changed schedule or zone at its next scheduled time); Job events enqueue the
 * CronJob controlling the Job. Requeues at the next scheduled time run on the context's clock.
 */
import type { CronJob, Job } from '@wheelhouse/api';
import { type DeepReadonly, type EventHandler, type Served, controllerOf, objectKey } from '@wheelhouse/client';
import { isMachineryError, loadTimeZone, localTimeZone, parseCronSchedule } from '@wheelhouse/machinery';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { cronJobInformer, jobInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { resolveControllerRef } from '../../workload/owner-routing.js';
import type { CronJobDeps } from './context.js';
import { subjectOf } from './history.js';
import { syncCronJob } from './reconcile.js';
import { nextScheduleDelay } from './schedule.js';

type CachedCronJob = DeepReadonly<Served<CronJob>>;
type CachedJob = DeepReadonly<Served<Job>>;

/** The batch/v1 CronJob controller ("cronjob"). */
export function newCronJobController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const cronJobs = cronJobInformer(ctx.informers);
  const jobs = jobInformer(ctx.informers);
  const deps: CronJobDeps = {
    client: ctx.client,
    cronJobs: cronJobs.lister(),
    jobs: jobs.lister(),
    recorder: ctx.recorder('cronjob-controller'),
    clock: ctx.clock,
    log: ctx.logger.child({ controller: 'cronjob' }),
    localZone: localTimeZone(),
  };
  const controller = newController(ctx, {
    name: 'cronjob',
    reconcile: (key) => syncCronJob(deps, key),
    workers: options.workers,
  });
  const enqueue = (cj: CachedCronJob): void => controller.enqueue(objectKey(cj));
  controller.watch(cronJobs, {
    onAdd: enqueue,
    onUpdate: (old, cj) => {
      const spec = cj.spec ?? {};
      if (old.spec?.schedule === spec.schedule && old.spec?.timeZone === spec.timeZone) return enqueue(cj);
      // A new schedule: look again at its next time (sooner ones win in the queue).
      const delay = scheduleDelay(deps, cj);
      if (delay !== undefined) controller.queue.addAfter(objectKey(cj), Math.max(0, delay));
    },
    onDelete: enqueue,
  });
  controller.watch(jobs, jobHandler(deps, enqueue));
  return controller;
}

/** When a CronJob whose schedule changed is next due; undefined (with an event) when it cannot be parsed. */
function scheduleDelay(deps: CronJobDeps, cj: CachedCronJob): number | undefined {
  const spec = cj.spec ?? {};
  let zone = deps.localZone;
  try {
    if (spec.timeZone !== undefined && !(spec.schedule ?? '').includes('TZ')) zone = loadTimeZone(spec.timeZone);
  } catch {
    // kube then parses the schedule alone, in the controller's zone.
  }
  try {
    return nextScheduleDelay(cj, deps.clock.now(), parseCronSchedule(spec.schedule ?? '', zone)) ?? 0;
  } catch (err) {
    if (!isMachineryError(err)) throw err;
    const message = `unparseable schedule for cronjob: ${spec.schedule ?? ''}`;
    deps.recorder.event(subjectOf(cj as Served<CronJob>), 'Warning', 'UnParseableCronJobSchedule', message);
    deps.log.info({ cronjob: objectKey(cj), schedule: spec.schedule, err }, 'unparseable schedule for cronjob');
    return undefined;
  }
}

/** Job events wake the CronJob that controls the Job (old and new controller when it changed). */
function jobHandler(deps: CronJobDeps, enqueue: (cj: CachedCronJob) => void): EventHandler<Served<Job>> {
  const wake = (job: CachedJob): void => {
    const cj = resolveControllerRef(job, 'CronJob', deps.cronJobs);
    if (cj) enqueue(cj);
  };
  return {
    onAdd: wake,
    onUpdate: (old, job) => {
      if (old.metadata.resourceVersion === job.metadata.resourceVersion) return;
      if (JSON.stringify(controllerOf(old)) !== JSON.stringify(controllerOf(job)) && controllerOf(old)) wake(old);
      wake(job);
    },
    onDelete: wake,
  };
}
