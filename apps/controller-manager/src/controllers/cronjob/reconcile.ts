/**
 * A CronJob's sync (kube's cronjob controllerv2 sync / syncCronJob): delete finished Jobs
 * beyond the history limits; reconcile status.active with the Jobs it controls (finished ones
 * leave it, lastSuccessfulTime follows the newest completion, missing ones are dropped); then,
 * unless it is being deleted, suspended or its zone or schedule is invalid, start the Job of the
 * most recent unmet scheduled time (within startingDeadlineSeconds, honouring the concurrency
 * policy), and come back at the next scheduled time.
 */
import type { CronJob, Job } from '@wheelhouse/api';
import {
  type DeepReadonly,
  type Result,
  type Served,
  controllerOf,
  isAlreadyExists,
  isNotFound,
  splitKey,
} from '@wheelhouse/client';
import {
  type CronSchedule,
  type TimeZone,
  formatTime,
  goQuote,
  isMachineryError,
  loadTimeZone,
  parseCronSchedule,
} from '@wheelhouse/machinery';
import { isNamespaceTerminating, messageOf } from '../../workload/pod-control.js';
import { timeOf } from '../../workload/pod-status.js';
import { deleteFromActiveList, finishedCondition, inActiveList, inActiveListByName, jobReference } from './active.js';
import type { CronJobDeps, SyncState } from './context.js';
import { cleanupFinishedJobs, deleteJob, subjectOf } from './history.js';
import { jobFromTemplate, jobName } from './job-template.js';
import { nextScheduleDelay, nextScheduleTime } from './schedule.js';

type CachedJob = DeepReadonly<Served<Job>>;

/** The Jobs whose controller reference names the CronJob (kube matches by name). */
function jobsOf(deps: CronJobDeps, cj: DeepReadonly<Served<CronJob>>): CachedJob[] {
  const ns = cj.metadata.namespace ?? '';
  return deps.jobs.list({ namespace: ns }).filter((j) => controllerOf(j)?.name === cj.metadata.name);
}

/** Syncs the CronJob under `key`; see the module comment. */
export async function syncCronJob(deps: CronJobDeps, key: string): Promise<Result> {
  const { namespace, name } = splitKey(key);
  const cached = deps.cronJobs.get(name, namespace);
  if (!cached) return {};
  const jobs = jobsOf(deps, cached);
  const state: SyncState = { cj: structuredClone(cached) as Served<CronJob>, updateStatus: false };
  await cleanupFinishedJobs(deps, state, jobs);
  let requeueAfter: number | undefined;
  let syncError: unknown;
  try {
    requeueAfter = await reconcileCronJob(deps, state, jobs);
  } catch (err) {
    syncError = err;
    deps.log.debug({ cronjob: key, err }, 'error reconciling cronjob');
  }
  if (state.updateStatus) await deps.client.resource('cronjobs').updateStatus(state.cj, { namespace });
  if (syncError !== undefined) throw syncError;
  // A time already due is looked at again at once.
  return requeueAfter === undefined ? {} : { requeueAfter: Math.max(1, requeueAfter) };
}

/** Active, finished and unexpected Jobs; see the module comment. */
async function reconcileJobs(deps: CronJobDeps, state: SyncState, jobs: readonly CachedJob[]): Promise<void> {
  const subject = () => subjectOf(state.cj);
  for (const j of jobs) {
    const found = inActiveList(state.cj, j.metadata.uid);
    const finished = finishedCondition(j);
    if (!found && finished === undefined) {
      // Maybe our cache has not seen the status update that listed it yet: ask the server.
      const { name, namespace } = state.cj.metadata;
      const fresh = await deps.client.resource('cronjobs').get(name, { namespace: namespace ?? '' });
      if (inActiveList(fresh, j.metadata.uid)) {
        state.cj = fresh;
        continue;
      }
      const message = `Saw a job that the controller did not create or forgot: ${j.metadata.name}`;
      deps.recorder.event(subject(), 'Warning', 'UnexpectedJob', message);
    } else if (finished !== undefined) {
      if (found) {
        deleteFromActiveList(state.cj, j.metadata.uid);
        const message = `Saw completed job: ${j.metadata.name}, condition: ${finished}`;
        deps.recorder.event(subject(), 'Normal', 'SawCompletedJob', message);
        state.updateStatus = true;
      }
      if (finished === 'Complete') noteSuccess(state, j);
    }
  }
  await dropMissingJobs(deps, state, new Set(jobs.map((j) => j.metadata.uid)));
}

/** lastSuccessfulTime follows the newest completionTime of a Complete Job. */
function noteSuccess(state: SyncState, job: CachedJob): void {
  const status = (state.cj.status ??= {});
  const completed = job.status?.completionTime;
  if (status.lastSuccessfulTime === undefined) {
    if (completed !== undefined) status.lastSuccessfulTime = completed;
    state.updateStatus = true;
  }
  if (completed !== undefined && timeOf(completed)! > (timeOf(status.lastSuccessfulTime) ?? 0)) {
    status.lastSuccessfulTime = completed;
    state.updateStatus = true;
  }
}

/** Active references to Jobs the cache lacks and the server no longer has leave status.active. */
async function dropMissingJobs(deps: CronJobDeps, state: SyncState, children: ReadonlySet<string>): Promise<void> {
  for (const ref of [...(state.cj.status?.active ?? [])]) {
    if (children.has(ref.uid ?? '')) continue;
    try {
      await deps.client.resource('jobs').get(ref.name ?? '', { namespace: ref.namespace ?? '' });
    } catch (err) {
      if (!isNotFound(err)) throw err;
      const message = `Active job went missing: ${ref.name ?? ''}`;
      deps.recorder.event(subjectOf(state.cj), 'Normal', 'MissingJob', message);
      deleteFromActiveList(state.cj, ref.uid ?? '');
      state.updateStatus = true;
    }
  }
}

/** The zone and schedule to run on, or undefined (with kube's Warning event) when it cannot run. */
function scheduleOf(deps: CronJobDeps, state: SyncState): CronSchedule | undefined {
  const { cj } = state;
  const spec = cj.spec ?? {};
  let zone: TimeZone = deps.localZone;
  if (spec.timeZone !== undefined) {
    try {
      zone = loadTimeZone(spec.timeZone);
    } catch (err) {
      const message = `invalid timeZone: ${goQuote(spec.timeZone)}: ${messageOf(err)}`;
      deps.recorder.event(subjectOf(cj), 'Warning', 'UnknownTimeZone', message);
      return undefined;
    }
  }
  if (spec.suspend === true) return undefined;
  const schedule = spec.schedule ?? '';
  if (schedule.includes('TZ')) {
    const message = `CRON_TZ or TZ used in schedule ${goQuote(schedule)} is not officially supported, see https://kubernetes.io/docs/concepts/workloads/controllers/cron-jobs/ for more details`;
    deps.recorder.event(subjectOf(cj), 'Warning', 'UnsupportedSchedule', message);
  }
  try {
    return parseCronSchedule(schedule, zone);
  } catch (err) {
    if (!isMachineryError(err)) throw err;
    const message = `unparseable schedule: ${goQuote(schedule)} : ${err.message}`;
    deps.recorder.event(subjectOf(cj), 'Warning', 'UnparseableSchedule', message);
    return undefined;
  }
}

/** Go's time.RFC1123Z in UTC: `Mon, 02 Jan 2006 15:04:05 +0000`. */
function rfc1123z(ms: number): string {
  return new Date(ms).toUTCString().replace(/ GMT$/, ' +0000');
}

/** Reconciles Jobs and starts the one due now, if any; returns when to look again (ms), if ever. */
async function reconcileCronJob(
  deps: CronJobDeps,
  state: SyncState,
  jobs: readonly CachedJob[],
): Promise<number | undefined> {
  const now = deps.clock.now();
  await reconcileJobs(deps, state, jobs);
  if (state.cj.metadata.deletionTimestamp) return undefined;
  const schedule = scheduleOf(deps, state);
  if (!schedule) return undefined;
  const { cj } = state;
  const subject = subjectOf(cj);
  const due = nextScheduleTime(cj, now, schedule);
  if (due.tooManyMissed) {
    const message = 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew';
    deps.recorder.event(subject, 'Warning', 'TooManyMissedTimes', message);
    deps.log.info({ cronjob: `${cj.metadata.namespace}/${cj.metadata.name}` }, 'too many missed times');
  }
  if (due.error !== undefined) {
    const message = `invalid schedule: ${cj.spec?.schedule ?? ''} : ${due.error}`;
    deps.recorder.event(subject, 'Warning', 'InvalidSchedule', message);
    return undefined;
  }
  const later = () => nextScheduleDelay(cj, now, schedule);
  const scheduled = due.scheduled;
  if (scheduled === undefined) return later();
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (deadline !== undefined && scheduled + deadline * 1000 < now) {
    const message = `Missed scheduled time to start a job: ${rfc1123z(scheduled)}`;
    deps.recorder.event(subject, 'Warning', 'MissSchedule', message);
    return later();
  }
  const name = jobName(cj.metadata.name, scheduled);
  const ns = cj.metadata.namespace ?? '';
  if (inActiveListByName(cj, name, ns) || timeOf(cj.status?.lastScheduleTime) === scheduled) return later();
  if (cj.spec?.concurrencyPolicy === 'Forbid' && (cj.status?.active ?? []).length > 0) {
    const message = 'Not starting job because prior execution is running and concurrency policy is Forbid';
    deps.recorder.event(subject, 'Normal', 'JobAlreadyActive', message);
    return later();
  }
  if (cj.spec?.concurrencyPolicy === 'Replace') await replaceActive(deps, state);
  return (await startJob(deps, state, scheduled)) ? later() : undefined;
}

/** Replace: every active Job is deleted before the new one starts. */
async function replaceActive(deps: CronJobDeps, state: SyncState): Promise<void> {
  for (const ref of [...(state.cj.status?.active ?? [])]) {
    let job: CachedJob;
    try {
      job = await deps.client.resource('jobs').get(ref.name ?? '', { namespace: ref.namespace ?? '' });
    } catch (err) {
      deps.recorder.event(subjectOf(state.cj), 'Warning', 'FailedGet', `Get job: ${messageOf(err)}`);
      throw err;
    }
    if (!(await deleteJob(deps, state, job))) throw new Error(`could not replace job ${ref.namespace}/${ref.name}`);
    state.updateStatus = true;
  }
}

/**
 * Creates the Job of `scheduled` and records it in status.active and lastScheduleTime; a Job
 * of that name this CronJob already controls (a status write lost) is recorded instead.
 * Returns false when there is nothing more to do (someone else's Job holds the name, or it is
 * already listed).
 */
async function startJob(deps: CronJobDeps, state: SyncState, scheduled: number): Promise<boolean> {
  const { cj } = state;
  const ns = cj.metadata.namespace ?? '';
  // The annotation is in spec.timeZone, UTC without one (not the controller's zone).
  const request = jobFromTemplate(cj, scheduled, loadTimeZone(cj.spec?.timeZone ?? ''));
  const jobs = deps.client.resource('jobs');
  let created: CachedJob;
  let existed = false;
  try {
    created = await jobs.create(request, { namespace: ns });
  } catch (err) {
    if (isNamespaceTerminating(err)) throw err;
    if (!isAlreadyExists(err)) {
      deps.recorder.event(subjectOf(cj), 'Warning', 'FailedCreate', `Error creating job: ${messageOf(err)}`);
      throw err;
    }
    created = await jobs.get(request.metadata!.name!, { namespace: ns });
    if (controllerOf(created)?.uid !== cj.metadata.uid || inActiveList(cj, created.metadata.uid)) return false;
    existed = true;
  }
  if (existed)
    deps.log.info({ cronjob: `${ns}/${cj.metadata.name}`, job: created.metadata.name }, 'job already exists');
  else deps.recorder.event(subjectOf(cj), 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
  const status = (cj.status ??= {});
  status.active = [...(status.active ?? []), jobReference(created)];
  status.lastScheduleTime = formatTime(scheduled);
  state.updateStatus = true;
  return true;
}
