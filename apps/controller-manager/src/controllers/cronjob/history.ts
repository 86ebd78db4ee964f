/**
 * Job deletion and history limits of the CronJob controller (kube's deleteJob and
 * cleanupFinishedJobs): beyond successfulJobsHistoryLimit / failedJobsHistoryLimit, the
 * finished Jobs that started first are deleted (background propagation).
 */
import type { CronJob, Job } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { messageOf } from '../../workload/pod-control.js';
import { timeOf } from '../../workload/pod-status.js';
import { deleteFromActiveList, finishedCondition } from './active.js';
import type { CronJobDeps, SyncState } from './context.js';

type CachedJob = DeepReadonly<Served<Job>>;

/** The subject of a CronJob's events. */
export const subjectOf = (cj: Served<CronJob>) => ({ apiVersion: 'batch/v1', kind: 'CronJob', metadata: cj.metadata });

/** Jobs that started first come first; never-started ones last; ties by name (kube's byJobStartTime). */
function byJobStartTime(a: CachedJob, b: CachedJob): number {
  const [sa, sb] = [timeOf(a.status?.startTime), timeOf(b.status?.startTime)];
  if (sa === undefined && sb !== undefined) return 1;
  if (sa !== undefined && sb === undefined) return -1;
  if (sa === sb) return a.metadata.name < b.metadata.name ? -1 : a.metadata.name > b.metadata.name ? 1 : 0;
  return sa! - sb!;
}

/**
 * Deletes `job` (background propagation) and drops it from status.active, with a
 * SuccessfulDelete event; on failure records FailedDelete and returns false.
 */
export async function deleteJob(deps: CronJobDeps, state: SyncState, job: CachedJob): Promise<boolean> {
  const { namespace, name } = { namespace: job.metadata.namespace ?? '', name: job.metadata.name };
  try {
    await deps.client.resource('jobs').delete(name, { namespace, propagationPolicy: 'Background' });
  } catch (err) {
    deps.recorder.event(subjectOf(state.cj), 'Warning', 'FailedDelete', `Deleted job: ${messageOf(err)}`);
    deps.log.error({ err, job: `${namespace}/${name}` }, 'failed to delete job of cronjob');
    return false;
  }
  deleteFromActiveList(state.cj, job.metadata.uid);
  deps.recorder.event(subjectOf(state.cj), 'Normal', 'SuccessfulDelete', `Deleted job ${name}`);
  return true;
}

async function removeOldestJobs(deps: CronJobDeps, state: SyncState, jobs: CachedJob[], max: number): Promise<boolean> {
  const excess = jobs.length - max;
  if (excess <= 0) return false;
  let removed = false;
  for (const job of [...jobs].sort(byJobStartTime).slice(0, excess))
    if (await deleteJob(deps, state, job)) removed = true;
  return removed;
}

/** Deletes the finished Jobs beyond the history limits; marks the status for update when any went. */
export async function cleanupFinishedJobs(
  deps: CronJobDeps,
  state: SyncState,
  jobs: readonly CachedJob[],
): Promise<void> {
  const { successfulJobsHistoryLimit: okLimit, failedJobsHistoryLimit: failLimit } = state.cj.spec ?? {};
  if (okLimit === undefined && failLimit === undefined) return;
  const succeeded = jobs.filter((j) => finishedCondition(j) === 'Complete');
  const failed = jobs.filter((j) => finishedCondition(j) === 'Failed');
  if (okLimit !== undefined && (await removeOldestJobs(deps, state, succeeded, okLimit))) state.updateStatus = true;
  if (failLimit !== undefined && (await removeOldestJobs(deps, state, failed, failLimit))) state.updateStatus = true;
}
