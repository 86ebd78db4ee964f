// kube's schedule arithmetic of the CronJob controller, table-driven (UTC).
import type { CronJob } from '@wheelhouse/api';
import { TimeZone, parseCronSchedule } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import { mostRecentScheduleTime, nextScheduleDelay, nextScheduleTime } from './schedule.js';

const at = (hms: string) => Date.parse(`2026-03-02T${hms}Z`);
const cj = (created: string, extra: { last?: string; deadline?: number } = {}): CronJob => ({
  metadata: { name: 'c', creationTimestamp: `2026-03-02T${created}Z` },
  spec: { ...(extra.deadline !== undefined ? { startingDeadlineSeconds: extra.deadline } : {}) },
  status: extra.last ? { lastScheduleTime: `2026-03-02T${extra.last}Z` } : {},
});
const every = (spec: string) => parseCronSchedule(spec, TimeZone.UTC);

describe('mostRecentScheduleTime', () => {
  it.each([
    ['nothing due yet', cj('10:00:30'), '10:00:50', '*/1 * * * *', undefined, 'none'],
    ['one due', cj('10:00:30'), '10:01:10', '*/1 * * * *', '10:01:00', 'none'],
    ['a few missed', cj('10:00:30'), '10:05:10', '*/1 * * * *', '10:05:00', 'few'],
    [
      'counted from the last schedule',
      cj('09:00:00', { last: '10:04:00' }),
      '10:05:10',
      '*/1 * * * *',
      '10:05:00',
      'none',
    ],
    ['too many missed', cj('07:00:30'), '10:00:10', '*/1 * * * *', '10:00:00', 'many'],
    ['the deadline hides older ones', cj('07:00:30', { deadline: 60 }), '10:00:10', '*/1 * * * *', '10:00:00', 'none'],
    ['irregular schedules', cj('06:00:00'), '15:00:00', '30 6-16/4 * * *', '14:30:00', 'few'],
  ])('%s', (_what, cronJob, now, spec, expected, missed) => {
    const r = mostRecentScheduleTime(cronJob, at(now), every(spec), true);
    expect(r.mostRecent).toBe(expected === undefined ? undefined : at(expected));
    expect(r.missed).toBe(missed);
    expect(r.error).toBeUndefined();
  });

  it('reports a schedule that never fires', () => {
    expect(mostRecentScheduleTime(cj('10:00:00'), at('10:00:10'), every('0 0 31 2 *'), true).error).toBe(
      'time difference between two schedules is less than 1 second',
    );
    expect(nextScheduleTime(cj('10:00:00'), at('10:00:10'), every('0 0 31 2 *')).scheduled).toBeUndefined();
  });
});

describe('nextScheduleDelay', () => {
  it.each([
    ['before the first run', cj('10:00:30'), '10:00:50', 10_100],
    ['after a run', cj('10:00:30', { last: '10:01:00' }), '10:01:05', 55_100],
    ['with missed runs, from now', cj('10:00:30'), '10:05:10', 50_100],
  ])('%s', (_what, cronJob, now, delay) => {
    expect(nextScheduleDelay(cronJob, at(now), every('*/1 * * * *'))).toBe(delay);
  });
});
