/** CronJob defaulting (batch/v1 SetObjectDefaults_CronJob). */
import { deepClone } from '@wheelhouse/machinery';
import type { CronJob } from '../schema/batch-v1-cronjob.js';
import { defaultJobSpecParts } from './kinds.js';

/**
 * CronJob: concurrencyPolicy Allow, suspend false, successfulJobsHistoryLimit 3,
 * failedJobsHistoryLimit 1, and the job template's nested defaults (defaultJobSpecParts). The
 * template's JobSpec fields themselves are not defaulted (Kubernetes defaults it only on the Job the controller creates).
 * Returns a defaulted deep copy; never mutates its argument.
 */
export function defaultCronJob(cronJob: CronJob): CronJob {
  const copy = deepClone(cronJob);
  const spec = (copy.spec ??= {});
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  defaultJobSpecParts(((spec.jobTemplate ??= {}).spec ??= {}));
  return copy;
}
