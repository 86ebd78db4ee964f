/** CronJob defaulting (batch/v1 SetObjectDefaults_CronJob). */
import { deepClone } from '@wheelhouse/machinery';
import type { CronJob } from '../schema/batch-v1-cronjob.js';
import { defaultPodTemplate } from './pod.js';

/**
 * CronJob: concurrencyPolicy Allow, suspend false, successfulJobsHistoryLimit 3,
 * failedJobsHistoryLimit 1, and pod defaults in the job template. The template's JobSpec
 * itself is not defaulted (Kubernetes defaults it only on the Job the controller creates).
 * Returns a defaulted deep copy; never mutates its argument.
 */
export function defaultCronJob(cronJob: CronJob): CronJob {
  const copy = deepClone(cronJob);
  const spec = (copy.spec ??= {});
  if (!spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  spec.suspend ??= false;
  spec.successfulJobsHistoryLimit ??= 3;
  spec.failedJobsHistoryLimit ??= 1;
  const jobSpec = ((spec.jobTemplate ??= {}).spec ??= {});
  for (const rule of jobSpec.podFailurePolicy?.rules ?? [])
    for (const c of rule.onPodConditions ?? []) if (!c.status) c.status = 'True';
  defaultPodTemplate((jobSpec.template ??= {}));
  return copy;
}
