import type { CronJob, Job } from '@wheelhouse/api';
import type { Lister, Served } from '@wheelhouse/client';
import type { TimeZone } from '@wheelhouse/machinery';
import type { SyncDeps } from '../../workload/sync-deps.js';

/** What the CronJob sync reads and writes through. */
export interface CronJobDeps extends SyncDeps {
  cronJobs: Lister<Served<CronJob>>;
  jobs: Lister<Served<Job>>;
  /** The zone of schedules without spec.timeZone (kube: the controller manager's own zone). */
  localZone: TimeZone;
}

/** The CronJob one sync works on: a copy whose status it edits, and whether that status must be written. */
export interface SyncState {
  cj: Served<CronJob>;
  updateStatus: boolean;
}
