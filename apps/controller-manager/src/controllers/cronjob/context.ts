import type { CronJob, Job } from '@wheelhouse/api';
import type { Clock, EventRecorder, Lister, RestClient, Served } from '@wheelhouse/client';
import type { TimeZone } from '@wheelhouse/machinery';
import type { Logger } from 'pino';

/** What the CronJob sync reads and writes through. */
export interface CronJobDeps {
  client: RestClient;
  cronJobs: Lister<Served<CronJob>>;
  jobs: Lister<Served<Job>>;
  recorder: EventRecorder;
  clock: Clock;
  log: Logger;
  /** The zone of schedules without spec.timeZone (kube: the controller manager's own zone). */
  localZone: TimeZone;
}

/** The CronJob one sync works on: a copy whose status it edits, and whether that status must be written. */
export interface SyncState {
  cj: Served<CronJob>;
  updateStatus: boolean;
}
