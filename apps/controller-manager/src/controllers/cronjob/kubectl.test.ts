// CronJobs through the real kubectl (v1.32) against an in-process API server, with the cronjob
// controller on a fake clock: `create cronjob` (a protobuf body), `get cronjobs` columns,
// `create job --from=cronjob/NAME` (kubectl builds the Job client-side) and a refused schedule.
import type { Job } from '@wheelhouse/api';
import { kubectlHome, type Kubectl } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newCronJobController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newCronJobController(ctx, { workers: 1 })]);
const { cluster, start } = bed;
let kubectl: Kubectl;

beforeAll(async () => {
  kubectl = await kubectlHome({ server: cluster.url, prefix: 'cronjob-kubectl-home-' });
});

afterAll(async () => {
  await kubectl?.cleanup();
});

const rows = (out: string) => out.trimEnd().split('\n');

describe('kubectl and cronjobs', () => {
  it('creates a CronJob, lists it with its columns, and a Job from it with --from=cronjob/NAME', async () => {
    const ns = await cluster.namespace();
    expect(
      await kubectl.ok(
        'create',
        'cronjob',
        'hello',
        '-n',
        ns,
        '--image=busybox',
        '--schedule=*/1 * * * *',
        '--',
        'echo',
        'hi',
      ),
    ).toBe('cronjob.batch/hello created\n');
    const cj = JSON.parse(await kubectl.ok('get', 'cj', 'hello', '-n', ns, '-o', 'json'));
    expect(cj.spec).toMatchObject({
      schedule: '*/1 * * * *',
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    const table = rows(await kubectl.ok('get', 'cronjobs', '-n', ns));
    expect(table[0]).toMatch(/^NAME\s+SCHEDULE\s+TIMEZONE\s+SUSPEND\s+ACTIVE\s+LAST SCHEDULE\s+AGE$/);
    expect(table[1]).toMatch(/^hello\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+0\s+<none>\s+\d+s$/);
    const wide = rows(await kubectl.ok('get', 'cronjobs', '-n', ns, '-o', 'wide'));
    expect(wide[0]).toMatch(/\s+AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR$/);
    expect(wide[1]).toMatch(/\s+hello\s+busybox\s+<none>$/);

    expect(await kubectl.ok('create', 'job', 'manual', '-n', ns, '--from=cronjob/hello')).toBe(
      'job.batch/manual created\n',
    );
    const job = JSON.parse(await kubectl.ok('get', 'job', 'manual', '-n', ns, '-o', 'json')) as Job;
    expect(job.metadata?.annotations).toMatchObject({ 'cronjob.kubernetes.io/instantiate': 'manual' });
    expect(job.metadata?.ownerReferences).toEqual([
      { apiVersion: 'batch/v1', kind: 'CronJob', name: 'hello', uid: cj.metadata.uid, controller: true },
    ]);
    expect(job.spec?.template?.spec?.containers?.[0]).toMatchObject({ image: 'busybox', command: ['echo', 'hi'] });
    expect(job.spec?.selector?.matchLabels).toEqual({ 'batch.kubernetes.io/controller-uid': job.metadata?.uid });
  }, 120_000);

  it('shows the active Job and the last schedule once the controller ran it', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    await kubectl.ok('create', 'cronjob', 'tick', '-n', ns, '--image=busybox', '--schedule=*/1 * * * *');
    const next = Math.floor(clock.now() / 60_000) * 60_000 + 60_000;
    await clock.advance(next + 5_000 - clock.now());
    const table = await eventually(
      async () => rows(await kubectl.ok('get', 'cronjobs', '-n', ns)),
      (t) => /\s1\s/.test(t[1] ?? ''),
      'ACTIVE 1',
    );
    expect(table[1]).toMatch(/^tick\s+\*\/1 \* \* \* \*\s+<none>\s+False\s+1\s+5s\s+\d+s$/);
    expect(rows(await kubectl.ok('get', 'jobs', '-n', ns))[1]).toMatch(new RegExp(`^tick-${next / 60_000}\\s`));
    const described = await eventually(
      () => kubectl.ok('describe', 'cronjob', 'tick', '-n', ns),
      (d) => d.includes('SuccessfulCreate'),
      'describe with the event',
    );
    expect(described).toMatch(/Concurrency Policy:\s+Allow/);
    expect(described).toMatch(new RegExp(`Active Jobs:\\s+tick-${next / 60_000}`));
    expect(described).toMatch(
      new RegExp(`Normal\\s+SuccessfulCreate\\s+\\S+\\s+cronjob-controller\\s+Created job tick-${next / 60_000}`),
    );
  }, 120_000);

  it('refuses an invalid schedule with the API server message', async () => {
    const ns = await cluster.namespace();
    const r = await kubectl.run('create', 'cronjob', 'bad', '-n', ns, '--image=busybox', '--schedule=61 * * * *');
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(
      'CronJob.batch "bad" is invalid: spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    );
  }, 120_000);
});
