// The CronJob controller against a real API server, on a fake clock: Jobs on schedule, the
// concurrency policies, suspend, the starting deadline, history limits and time zones. No Job
// controller runs: tests finish Jobs through jobs/status as it would.
import type { CronJob, Job } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import { eventsFor, eventually, useControllerTestBed, eventsIncluding } from '../../test-cluster.test-support.js';
import { newCronJobController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newCronJobController(ctx, { workers: 2 })]);
const { cluster, start } = bed;
const MINUTE = 60_000;

const cronJobs = (ns: string) => cluster.client.resource('cronjobs', ns);
const jobs = (ns: string) => cluster.client.resource('jobs', ns);
const listJobs = async (ns: string) => (await jobs(ns).list()).items;
const names = (list: Served<Job>[]) => list.map((j) => j.metadata.name).sort();

function cronJob(name: string, spec: Partial<NonNullable<CronJob['spec']>> = {}): CronJob {
  return {
    apiVersion: 'batch/v1',
    kind: 'CronJob',
    metadata: { name },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: {
        metadata: { labels: { app: name }, annotations: { team: 'batch' } },
        spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } },
      },
      ...spec,
    },
  };
}

/** The first whole minute after `ms`. */
const nextMinute = (ms: number) => Math.floor(ms / MINUTE) * MINUTE + MINUTE;

/**
 * Moves the fake clock forward one second at a time, reading state between steps (so the
 * controller keeps up), until `check` accepts what `read` returns; fails after `maxMs` of fake time.
 */
async function advanceUntil<T>(read: () => Promise<T>, check: (v: T) => boolean, what: string, maxMs = 3 * MINUTE) {
  const clock = bed.running.clock;
  const end = clock.now() + maxMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (clock.now() >= end) throw new Error(`${what}: not reached after ${maxMs} ms of fake time`);
    await clock.advance(1000);
  }
}

/** Plays the Job controller: the Job finished as `type` at the controllers' clock. */
async function finish(ns: string, job: Served<Job>, type: 'Complete' | 'Failed', startedAt?: number) {
  const now = bed.running.clock.now();
  const t = formatTime(now);
  await jobs(ns).patch(
    job.metadata.name,
    {
      status: {
        startTime: formatTime(startedAt ?? now),
        ...(type === 'Complete' ? { completionTime: t, succeeded: 1 } : { failed: 1 }),
        conditions: [{ type, status: 'True', lastProbeTime: t, lastTransitionTime: t }],
      },
    },
    { subresource: 'status', type: 'merge' },
  );
}

describe('cronjob controller', () => {
  it('creates the Job of each scheduled minute, owned and annotated, and tracks it in status', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const cj = await cronJobs(ns).create(cronJob('hello'));
    const scheduled = nextMinute(Date.parse(cj.metadata.creationTimestamp!));
    const [job] = await advanceUntil(
      () => listJobs(ns),
      (l) => l.length === 1,
      'a job',
    );
    expect(job!.metadata.name).toBe(`hello-${scheduled / MINUTE}`);
    expect(job!.metadata.labels).toMatchObject({ app: 'hello' });
    expect(job!.metadata.annotations).toMatchObject({
      team: 'batch',
      'batch.kubernetes.io/cronjob-scheduled-timestamp': new Date(scheduled).toISOString().replace('.000Z', 'Z'),
    });
    expect(job!.metadata.ownerReferences).toEqual([
      {
        apiVersion: 'batch/v1',
        kind: 'CronJob',
        name: 'hello',
        uid: cj.metadata.uid,
        controller: true,
        blockOwnerDeletion: true,
      },
    ]);
    const running = await eventually(
      () => cronJobs(ns).get('hello'),
      (c) => c.status?.active?.length === 1,
      'active 1',
    );
    expect(running.status?.active?.[0]).toMatchObject({
      kind: 'Job',
      name: job!.metadata.name,
      uid: job!.metadata.uid,
    });
    expect(running.status?.lastScheduleTime).toBe(formatTime(scheduled));
    await finish(ns, job!, 'Complete');
    const done = await eventually(
      () => cronJobs(ns).get('hello'),
      (c) => (c.status?.active ?? []).length === 0,
      'no active job',
    );
    expect(done.status?.lastSuccessfulTime).toBe(formatTime(clock.now()));
    const second = await advanceUntil(
      () => listJobs(ns),
      (l) => l.length === 2,
      'a second job',
    );
    expect(names(second)).toEqual([`hello-${scheduled / MINUTE}`, `hello-${scheduled / MINUTE + 1}`]);
    await eventually(
      () => eventsFor(cluster.client, ns, 'hello'),
      (e) =>
        e.includes(`SuccessfulCreate: Created job hello-${scheduled / MINUTE}`) &&
        e.includes(`SawCompletedJob: Saw completed job: hello-${scheduled / MINUTE}, condition: Complete`),
      'the events',
    );
  });

  it('Forbid skips a run while one is active, then starts the missed one', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const cj = await cronJobs(ns).create(cronJob('solo', { concurrencyPolicy: 'Forbid' }));
    const first = nextMinute(Date.parse(cj.metadata.creationTimestamp!)) / MINUTE;
    const [job] = await advanceUntil(
      () => listJobs(ns),
      (l) => l.length === 1,
      'a job',
    );
    await eventually(
      () => cronJobs(ns).get('solo'),
      (c) => c.status?.active?.length === 1,
      'active',
    );
    await advanceUntil(
      () => eventsFor(cluster.client, ns, 'solo'),
      (e) =>
        e.some((x) =>
          x.startsWith(
            'JobAlreadyActive: Not starting job because prior execution is running and concurrency policy is Forbid',
          ),
        ),
      'JobAlreadyActive',
    );
    expect(names(await listJobs(ns))).toEqual([`solo-${first}`]);
    const skipped = Math.floor(clock.now() / MINUTE);
    await finish(ns, job!, 'Complete');
    const after = await eventually(
      () => listJobs(ns),
      (l) => l.length === 2,
      'the missed run',
    );
    expect(names(after)).toEqual([`solo-${first}`, `solo-${skipped}`]);
  });

  it('Replace deletes the running Job and starts the next', async () => {
    const ns = await cluster.namespace();
    await start();
    const cj = await cronJobs(ns).create(cronJob('swap', { concurrencyPolicy: 'Replace' }));
    const first = nextMinute(Date.parse(cj.metadata.creationTimestamp!)) / MINUTE;
    await advanceUntil(
      () => listJobs(ns),
      (l) => l.length === 1,
      'a job',
    );
    await eventually(
      () => cronJobs(ns).get('swap'),
      (c) => c.status?.active?.length === 1,
      'active',
    );
    const replaced = await advanceUntil(
      () => listJobs(ns),
      (l) => l.length === 1 && l[0]!.metadata.name !== `swap-${first}`,
      'the replacement',
    );
    expect(replaced[0]!.metadata.name).toBe(`swap-${first + 1}`);
    const status = await eventually(
      () => cronJobs(ns).get('swap'),
      (c) => c.status?.active?.[0]?.name === `swap-${first + 1}`,
      'the new active job',
    );
    expect(status.status?.active).toHaveLength(1);
    expect(await eventsIncluding(cluster.client, ns, 'swap', `SuccessfulDelete: Deleted job swap-${first}`)).toContain(
      `SuccessfulDelete: Deleted job swap-${first}`,
    );
  });

  it('keeps the newest finished Jobs within the history limits', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const cj = await cronJobs(ns).create(
      cronJob('keep', { suspend: true, successfulJobsHistoryLimit: 2, failedJobsHistoryLimit: 1 }),
    );
    const owner = { apiVersion: 'batch/v1', kind: 'CronJob', name: 'keep', uid: cj.metadata.uid, controller: true };
    const base = clock.now() - 10 * MINUTE;
    const outcomes: ['Complete' | 'Failed', number][] = [
      ['Complete', 1],
      ['Failed', 2],
      ['Complete', 3],
      ['Failed', 4],
      ['Complete', 5],
      ['Complete', 6],
    ];
    for (const [type, minute] of outcomes) {
      const job = await jobs(ns).create({
        metadata: { name: `keep-${minute}`, ownerReferences: [owner] },
        spec: cronJob('keep').spec!.jobTemplate!.spec!,
      });
      await finish(ns, job, type, base + minute * MINUTE);
    }
    // Any change wakes the controller; the limits apply even while suspended.
    await cronJobs(ns).patch('keep', { metadata: { labels: { touched: 'yes' } } }, { type: 'merge' });
    const left = await eventually(
      () => listJobs(ns),
      (l) => l.length === 3,
      'three jobs left',
    );
    expect(names(left)).toEqual(['keep-4', 'keep-5', 'keep-6']);
    await eventually(
      () => eventsFor(cluster.client, ns, 'keep'),
      (e) => ['keep-1', 'keep-2', 'keep-3'].every((gone) => e.includes(`SuccessfulDelete: Deleted job ${gone}`)),
      'a SuccessfulDelete event for each',
    );
    const status = await eventually(
      () => cronJobs(ns).get('keep'),
      (c) => c.status?.lastSuccessfulTime !== undefined,
      'lastSuccessfulTime',
    );
    expect(status.status?.lastSuccessfulTime).toBe(formatTime(clock.now()));
  });

  it('warns about a running Job it did not create and drops active Jobs that are gone', async () => {
    const ns = await cluster.namespace();
    await start();
    const cj = await cronJobs(ns).create(cronJob('odd', { suspend: true }));
    const owner = { apiVersion: 'batch/v1', kind: 'CronJob', name: 'odd', uid: cj.metadata.uid, controller: true };
    await jobs(ns).create({
      metadata: { name: 'stray', ownerReferences: [owner] },
      spec: cronJob('odd').spec!.jobTemplate!.spec!,
    });
    await eventually(
      () => eventsFor(cluster.client, ns, 'odd'),
      (e) => e.includes('UnexpectedJob: Saw a job that the controller did not create or forgot: stray'),
      'UnexpectedJob',
    );
    const ghost = { kind: 'Job', apiVersion: 'batch/v1', namespace: ns, name: 'ghost', uid: 'no-such-uid' };
    const current = await cronJobs(ns).get('odd');
    await cronJobs(ns).updateStatus({ ...current, status: { active: [ghost] } });
    await eventually(
      () => eventsFor(cluster.client, ns, 'odd'),
      (e) => e.includes('MissingJob: Active job went missing: ghost'),
      'MissingJob',
    );
    await eventually(
      () => cronJobs(ns).get('odd'),
      (c) => (c.status?.active ?? []).length === 0,
      'active emptied',
    );
  });

  it('starts nothing while suspended; resumed, it runs only the most recent missed time', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const cj = await cronJobs(ns).create(cronJob('nap', { suspend: true }));
    const first = nextMinute(Date.parse(cj.metadata.creationTimestamp!));
    await clock.advance(first + 3 * MINUTE + 30_000 - clock.now());
    expect(await listJobs(ns)).toEqual([]);
    await cronJobs(ns).patch('nap', { spec: { suspend: false } }, { type: 'merge' });
    const started = await eventually(
      () => listJobs(ns),
      (l) => l.length > 0,
      'a job after resuming',
    );
    expect(names(started)).toEqual([`nap-${first / MINUTE + 3}`]);
  });

  it('skips a start missed by more than startingDeadlineSeconds and runs the next one', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const cj = await cronJobs(ns).create(cronJob('late', { suspend: true, startingDeadlineSeconds: 10 }));
    const first = nextMinute(Date.parse(cj.metadata.creationTimestamp!));
    await clock.advance(first + 30_000 - clock.now());
    await cronJobs(ns).patch('late', { spec: { suspend: false } }, { type: 'merge' });
    // Without the deadline the run of `first` would start at once, before the next one.
    const started = await advanceUntil(
      () => listJobs(ns),
      (l) => l.length > 0,
      'the next run',
    );
    expect(names(started)).toEqual([`late-${first / MINUTE + 1}`]);
  });

  it('warns about too many missed start times and runs the most recent one', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const cj = await cronJobs(ns).create(cronJob('behind', { suspend: true }));
    const first = nextMinute(Date.parse(cj.metadata.creationTimestamp!));
    await clock.advance(first + 150 * MINUTE + 30_000 - clock.now());
    await cronJobs(ns).patch('behind', { spec: { suspend: false } }, { type: 'merge' });
    const started = await eventually(
      () => listJobs(ns),
      (l) => l.length > 0,
      'a job',
    );
    expect(names(started)).toEqual([`behind-${first / MINUTE + 150}`]);
    await eventually(
      () => eventsFor(cluster.client, ns, 'behind'),
      (e) =>
        e.includes(
          'TooManyMissedTimes: too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew',
        ),
      'TooManyMissedTimes',
    );
  });

  it('reads the schedule in spec.timeZone', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    await cronJobs(ns).create(cronJob('tokyo', { schedule: '0 9 * * *', timeZone: 'Asia/Tokyo' }));
    // 09:00 in Tokyo (UTC+9, no DST) is midnight UTC.
    const midnight = Math.floor(clock.now() / 86_400_000) * 86_400_000 + 86_400_000;
    await clock.advance(midnight - 5_000 - clock.now());
    expect(await listJobs(ns)).toEqual([]);
    const [job] = await advanceUntil(
      () => listJobs(ns),
      (l) => l.length === 1,
      'the 09:00 Tokyo run',
    );
    expect(job!.metadata.name).toBe(`tokyo-${midnight / MINUTE}`);
    const day = new Date(midnight).toISOString().slice(0, 10);
    expect(job!.metadata.annotations?.['batch.kubernetes.io/cronjob-scheduled-timestamp']).toBe(
      `${day}T09:00:00+09:00`,
    );
  });
});
