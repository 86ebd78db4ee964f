/** The Job a CronJob creates for a scheduled time (kube's getJobFromTemplate2), and its name. */
import type { CronJob, Job } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import type { TimeZone } from '@wheelhouse/machinery';
import { controllerRef } from '../../workload/pod-control.js';

/** The annotation with the scheduled time, RFC 3339 in the CronJob's zone (UTC without one). */
const SCHEDULED_TIMESTAMP_ANNOTATION = 'batch.kubernetes.io/cronjob-scheduled-timestamp';

/** `<cronjob>-<scheduled time in minutes since the epoch>`: one name per scheduled time, so a retry cannot create two. */
export function jobName(cronJobName: string, scheduled: number): string {
  return `${cronJobName}-${Math.floor(scheduled / 60_000)}`;
}

const pad = (n: number, width = 2): string => String(Math.abs(n)).padStart(width, '0');

/** Go's time.RFC3339 of `ms` in `zone`: `2006-01-02T15:04:05-07:00`, `Z` for a zero offset. */
function formatRfc3339(ms: number, zone: TimeZone): string {
  const w = zone.wall(ms);
  const offsetMin = Math.round(zone.offsetAt(ms) / 60_000);
  const date = `${pad(w.year, 4)}-${pad(w.month)}-${pad(w.day)}T${pad(w.hour)}:${pad(w.minute)}:${pad(w.second)}`;
  if (offsetMin === 0) return `${date}Z`;
  const sign = offsetMin < 0 ? '-' : '+';
  return `${date}${sign}${pad(Math.trunc(Math.abs(offsetMin) / 60))}:${pad(Math.abs(offsetMin) % 60)}`;
}

/**
 * The Job for `scheduled`: the template's labels, annotations (plus the scheduled-timestamp
 * annotation in `zone`) and spec, named by {@link jobName}, controlled by the CronJob.
 */
export function jobFromTemplate(cj: DeepReadonly<CronJob>, scheduled: number, zone: TimeZone): Job {
  const template = cj.spec?.jobTemplate;
  const annotations = { ...template?.metadata?.annotations };
  annotations[SCHEDULED_TIMESTAMP_ANNOTATION] = formatRfc3339(scheduled, zone);
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: {
      name: jobName(cj.metadata?.name ?? '', scheduled),
      ...(template?.metadata?.labels ? { labels: { ...template.metadata.labels } } : {}),
      annotations,
      ownerReferences: [controllerRef({ metadata: cj.metadata ?? {} }, 'batch/v1', 'CronJob')],
    },
    spec: structuredClone(template?.spec ?? {}) as Job['spec'],
  };
}
