/** status.active bookkeeping and finished-Job helpers of the CronJob controller. */
import type { CronJob, Job } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';

type ObjectReference = NonNullable<NonNullable<CronJob['status']>['active']>[number];

/** True when status.active lists a Job with `uid`. */
export function inActiveList(cj: DeepReadonly<CronJob>, uid: string): boolean {
  return (cj.status?.active ?? []).some((ref) => ref.uid === uid);
}

/** True when status.active lists a Job named `name` in `namespace`. */
export function inActiveListByName(cj: DeepReadonly<CronJob>, name: string, namespace: string): boolean {
  return (cj.status?.active ?? []).some((ref) => ref.name === name && ref.namespace === namespace);
}

/** Drops the Job with `uid` from status.active. */
export function deleteFromActiveList(cj: CronJob, uid: string): void {
  const status = (cj.status ??= {});
  status.active = (status.active ?? []).filter((ref) => ref.uid !== uid);
}

/** The reference status.active keeps for a Job (client-go's GetReference). */
export function jobReference(job: DeepReadonly<Served<Job>>): ObjectReference {
  return {
    kind: 'Job',
    namespace: job.metadata.namespace ?? '',
    name: job.metadata.name,
    uid: job.metadata.uid,
    apiVersion: 'batch/v1',
    resourceVersion: job.metadata.resourceVersion,
  };
}

/** `Complete` or `Failed` when the Job has that condition True, else undefined. */
export function finishedCondition(job: DeepReadonly<Job>): 'Complete' | 'Failed' | undefined {
  for (const c of job.status?.conditions ?? []) {
    if ((c.type === 'Complete' || c.type === 'Failed') && c.status === 'True') return c.type;
  }
  return undefined;
}
