/**
 * Schedule arithmetic of kube's CronJob controller (utils.go): the most recent unmet
 * scheduled time since the last one (or the CronJob's creation, or the starting deadline),
 * how many were missed, and how long to wait for the next one.
 */
import type { CronJob } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import type { CronSchedule } from '@wheelhouse/machinery';
import { timeOf } from '../../workload/pod-status.js';

/** kube's nextScheduleDelta: requeues land this long after the scheduled time (clock skew). */
const NEXT_SCHEDULE_DELTA_MS = 100;

/** More missed schedules than this are "too many" (kube's arbitrary 100). */
const TOO_MANY_MISSED = 100;

/** A CronJob as the controller reads it. */
type CachedCronJob = DeepReadonly<CronJob>;

/** What {@link mostRecentScheduleTime} found. */
interface MostRecent {
  /** The last schedule time, else the creation time (moved up to the starting deadline if asked). */
  earliest: number;
  /** The most recent scheduled time not after now, if any. */
  mostRecent?: number;
  missed: 'none' | 'few' | 'many';
  /** Set when the schedule cannot fire (two activations less than a second apart, or never). */
  error?: string;
}

/** kube's mostRecentScheduleTime; see the module comment. */
export function mostRecentScheduleTime(
  cj: CachedCronJob,
  now: number,
  schedule: CronSchedule,
  includeStartingDeadline: boolean,
): MostRecent {
  let earliest = timeOf(cj.status?.lastScheduleTime) ?? timeOf(cj.metadata?.creationTimestamp) ?? 0;
  const deadline = cj.spec?.startingDeadlineSeconds;
  if (includeStartingDeadline && deadline !== undefined && now - deadline * 1000 > earliest)
    earliest = now - deadline * 1000;
  const t1 = schedule.next(earliest);
  const t2 = t1 === undefined ? undefined : schedule.next(t1);
  if (t1 !== undefined && now < t1) return { earliest, missed: 'none' };
  if (t2 !== undefined && now < t2) return { earliest, mostRecent: t1!, missed: 'none' };
  const between = t1 === undefined || t2 === undefined ? 0 : Math.round((t2 - t1) / 1000);
  if (between < 1) {
    return { earliest, missed: 'none', error: 'time difference between two schedules is less than 1 second' };
  }
  // Roughly how many fit between t1 and now; start one interval early and let the schedule
  // find the exact most recent time (irregular schedules such as "30 6-16/4 * * 1-5").
  const missedCount = Math.floor(Math.trunc((now - t1!) / 1000) / between) + 1;
  let mostRecent: number | undefined;
  for (
    let t = schedule.next(t1! + (missedCount - 2) * between * 1000);
    t !== undefined && t <= now;
    t = schedule.next(t)
  )
    mostRecent = t;
  const missed = missedCount > TOO_MANY_MISSED ? 'many' : missedCount > 0 ? 'few' : 'none';
  return mostRecent === undefined ? { earliest, missed } : { earliest, mostRecent, missed };
}

/**
 * How long until the key should be looked at again (kube's nextScheduleTimeDuration): the
 * next activation after the most recent one (or after now, with missed ones or an error) plus
 * {@link NEXT_SCHEDULE_DELTA_MS}; undefined when the schedule never fires again.
 */
export function nextScheduleDelay(cj: CachedCronJob, now: number, schedule: CronSchedule): number | undefined {
  const r = mostRecentScheduleTime(cj, now, schedule, false);
  let base: number;
  if (r.error !== undefined) base = now;
  else if (r.mostRecent === undefined) base = r.missed === 'none' ? r.earliest : now;
  else base = r.mostRecent;
  const next = schedule.next(base);
  return next === undefined ? undefined : next + NEXT_SCHEDULE_DELTA_MS - now;
}

/** The scheduled time to start a Job for now, if any, and whether too many were missed (kube's nextScheduleTime). */
export function nextScheduleTime(
  cj: CachedCronJob,
  now: number,
  schedule: CronSchedule,
): { scheduled?: number; tooManyMissed: boolean; error?: string } {
  const r = mostRecentScheduleTime(cj, now, schedule, true);
  const error = r.error !== undefined ? { error: r.error } : {};
  if (r.mostRecent === undefined || r.mostRecent > now) return { tooManyMissed: false, ...error };
  return { scheduled: r.mostRecent, tooManyMissed: r.missed === 'many', ...error };
}
