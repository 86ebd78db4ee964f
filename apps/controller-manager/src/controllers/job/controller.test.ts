// The Job controller against a real API server: completions and parallelism, Indexed Jobs,
// backoff, podFailurePolicy, suspend and deadlines, counted through the tracking finalizer.
import type { Job, Pod } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { describe, expect, it } from 'vitest';
import {
  eventsFor,
  eventually,
  listPods,
  useControllerTestBed,
  eventsIncluding,
} from '../../test-cluster.test-support.js';
import { newTtlAfterFinishedController } from '../ttl-after-finished/controller.js';
import { newJobController } from './controller.js';

const bed = useControllerTestBed((ctx) => [
  newJobController(ctx, { workers: 2 }),
  newTtlAfterFinishedController(ctx, { workers: 1 }),
]);
const { cluster, start } = bed;

function job(name: string, spec: Partial<NonNullable<Job['spec']>> = {}): Job {
  return {
    apiVersion: 'batch/v1',
    kind: 'Job',
    metadata: { name },
    spec: {
      template: { spec: { restartPolicy: 'Never', containers: [{ name: 'work', image: 'busybox' }] } },
      ...spec,
    },
  };
}

/** Plays the kubelet: the pod's container exits with `code` (0: Succeeded, else Failed). */
async function finish(pod: Served<Pod>, code: number): Promise<void> {
  const at = formatTime(bed.running.clock.now());
  const terminated = { exitCode: code, finishedAt: at, startedAt: at, reason: code ? 'Error' : 'Completed' };
  await cluster.client.resource('pods', pod.metadata.namespace!).patch(
    pod.metadata.name,
    {
      status: {
        phase: code ? 'Failed' : 'Succeeded',
        containerStatuses: [
          { name: 'work', image: 'busybox', imageID: '', ready: false, restartCount: 0, state: { terminated } },
        ],
      },
    },
    { subresource: 'status', type: 'merge' },
  );
}

const jobs = (ns: string) => cluster.client.resource('jobs', ns);
const active = (pods: Served<Pod>[]) =>
  pods.filter((p) => !p.metadata.deletionTimestamp && p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed');
const condition = (j: Served<Job>, type: string) => j.status?.conditions?.find((c) => c.type === type);

describe('job controller', () => {
  it('runs completions at the given parallelism, counts them through the finalizer and completes', async () => {
    const ns = await cluster.namespace();
    await start();
    await jobs(ns).create(job('pi', { completions: 3, parallelism: 2 }));
    const first = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 2,
      'two pods',
    );
    for (const pod of first) {
      expect(pod.metadata.name).toMatch(/^pi-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.metadata.finalizers).toEqual(['batch.kubernetes.io/job-tracking']);
      expect(pod.metadata.labels?.['batch.kubernetes.io/job-name']).toBe('pi');
    }
    const running1 = await eventually(
      () => jobs(ns).get('pi'),
      (j) => j.status?.active === 2,
      'active 2',
    );
    expect(running1.status?.startTime).toBeDefined();
    await finish(first[0]!, 0);
    await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 3 && active(p).length === 2,
      'a third pod',
    );
    for (const pod of active(await listPods(cluster.client, ns))) await finish(pod, 0);
    const done = await eventually(
      () => jobs(ns).get('pi'),
      (j) => condition(j, 'Complete')?.status === 'True',
      'Complete',
    );
    expect(done.status).toMatchObject({ succeeded: 3, ready: 0, uncountedTerminatedPods: {} });
    expect(done.status?.active).toBeUndefined();
    expect(done.status?.completionTime).toBeDefined();
    expect(condition(done, 'SuccessCriteriaMet')).toMatchObject({ status: 'True', reason: 'CompletionsReached' });
    expect(condition(done, 'Complete')).toMatchObject({
      reason: 'CompletionsReached',
      message: 'Reached expected number of succeeded pods',
    });
    const pods = await listPods(cluster.client, ns);
    expect(pods.every((p) => (p.metadata.finalizers ?? []).length === 0)).toBe(true);
    await eventually(
      () => eventsFor(cluster.client, ns, 'pi'),
      (e) => e.includes('Completed: Job completed'),
      'the event',
    );
  });

  it('gives Indexed pods their index and reports completed indexes', async () => {
    const ns = await cluster.namespace();
    await start();
    await jobs(ns).create(job('idx', { completions: 3, parallelism: 3, completionMode: 'Indexed' }));
    const pods = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 3,
      'three pods',
    );
    const byIndex = new Map(pods.map((p) => [p.metadata.annotations?.['batch.kubernetes.io/job-completion-index'], p]));
    expect([...byIndex.keys()].sort()).toEqual(['0', '1', '2']);
    const pod2 = byIndex.get('2')!;
    expect(pod2.metadata.name).toMatch(/^idx-2-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod2.metadata.labels?.['batch.kubernetes.io/job-completion-index']).toBe('2');
    expect(pod2.spec?.hostname).toBe('idx-2');
    expect(pod2.spec?.containers?.[0]?.env).toContainEqual({
      name: 'JOB_COMPLETION_INDEX',
      valueFrom: {
        fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['batch.kubernetes.io/job-completion-index']" },
      },
    });
    await finish(byIndex.get('0')!, 0);
    await finish(pod2, 0);
    await eventually(
      () => jobs(ns).get('idx'),
      (j) => j.status?.completedIndexes === '0,2',
      'indexes 0,2',
    );
    await finish(byIndex.get('1')!, 0);
    const done = await eventually(
      () => jobs(ns).get('idx'),
      (j) => condition(j, 'Complete')?.status === 'True',
      'Complete',
    );
    expect(done.status).toMatchObject({ completedIndexes: '0-2', succeeded: 3 });
  });

  it('replaces failed pods after the pod-failure backoff and fails past backoffLimit', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    await jobs(ns).create(job('flaky', { backoffLimit: 1 }));
    const [p1] = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 1,
      'a pod',
    );
    await finish(p1!, 1);
    await eventually(
      () => jobs(ns).get('flaky'),
      (j) => j.status?.failed === 1,
      'one failure',
    );
    // The replacement waits for the 10 s backoff.
    expect(active(await listPods(cluster.client, ns))).toHaveLength(0);
    await clock.advance(11_000);
    const [p2] = await eventually(
      () => listPods(cluster.client, ns).then(active),
      (p) => p.length === 1,
      'a replacement',
    );
    await finish(p2!, 1);
    const failed = await eventually(
      () => jobs(ns).get('flaky'),
      (j) => condition(j, 'Failed')?.status === 'True',
      'Failed',
    );
    expect(failed.status?.failed).toBe(2);
    expect(condition(failed, 'FailureTarget')).toMatchObject({ reason: 'BackoffLimitExceeded' });
    expect(condition(failed, 'Failed')).toMatchObject({
      reason: 'BackoffLimitExceeded',
      message: 'Job has reached the specified backoff limit',
    });
    await eventually(
      () => eventsFor(cluster.client, ns, 'flaky'),
      (e) => e.includes('BackoffLimitExceeded: Job has reached the specified backoff limit'),
      'the warning',
    );
  });

  it('applies podFailurePolicy: Ignore does not count, FailJob fails the Job with the rule', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    await jobs(ns).create(
      job('policy', {
        backoffLimit: 0,
        podFailurePolicy: {
          rules: [
            { action: 'Ignore', onExitCodes: { operator: 'In', values: [7] } },
            { action: 'FailJob', onExitCodes: { containerName: 'work', operator: 'In', values: [42] } },
          ],
        },
      }),
    );
    const [p1] = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 1,
      'a pod',
    );
    await finish(p1!, 7);
    // An ignored failure does not count, but the replacement still waits out the backoff.
    await eventually(
      () => listPods(cluster.client, ns),
      (p) => (p[0]?.metadata.finalizers ?? []).length === 0,
      'counted',
    );
    await clock.advance(11_000);
    const [p2] = await eventually(
      () => listPods(cluster.client, ns).then(active),
      (p) => p.length === 1,
      'a replacement',
    );
    expect((await jobs(ns).get('policy')).status?.failed).toBeUndefined();
    await finish(p2!, 42);
    const failed = await eventually(
      () => jobs(ns).get('policy'),
      (j) => condition(j, 'Failed')?.status === 'True',
      'Failed',
    );
    expect(condition(failed, 'Failed')).toMatchObject({
      reason: 'PodFailurePolicy',
      message: `Container work for pod ${ns}/${p2!.metadata.name} failed with exit code 42 matching FailJob rule at index 1`,
    });
    expect(failed.status?.failed).toBe(1);
  });

  it('keeps a suspended Job without pods, resumes it, and fails it past activeDeadlineSeconds', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    await jobs(ns).create(job('later', { suspend: true, activeDeadlineSeconds: 30, parallelism: 2, completions: 4 }));
    const suspended = await eventually(
      () => jobs(ns).get('later'),
      (j) => condition(j, 'Suspended')?.status === 'True',
      'Suspended',
    );
    expect(condition(suspended, 'Suspended')).toMatchObject({ reason: 'JobSuspended', message: 'Job suspended' });
    expect(suspended.status?.startTime).toBeUndefined();
    expect(await listPods(cluster.client, ns)).toHaveLength(0);
    await jobs(ns).patch('later', { spec: { suspend: false } }, { type: 'merge' });
    const resumed = await eventually(
      () => jobs(ns).get('later'),
      (j) => j.status?.active === 2,
      'two active',
    );
    expect(condition(resumed, 'Suspended')).toMatchObject({ status: 'False', reason: 'JobResumed' });
    expect(
      await eventsIncluding(cluster.client, ns, 'later', 'Suspended: Job suspended', 'Resumed: Job resumed'),
    ).toEqual(expect.arrayContaining(['Suspended: Job suspended', 'Resumed: Job resumed']));
    await clock.advance(31_000);
    const failed = await eventually(
      async () => {
        await clock.advance(1_000);
        return jobs(ns).get('later');
      },
      (j) => condition(j, 'Failed')?.status === 'True',
      'DeadlineExceeded',
    );
    expect(condition(failed, 'Failed')).toMatchObject({
      reason: 'DeadlineExceeded',
      message: 'Job was active longer than specified deadline',
    });
    expect(failed.status?.failed).toBe(2);
    expect(await listPods(cluster.client, ns)).toHaveLength(0);
  });

  it('deletes a finished Job once ttlSecondsAfterFinished has passed', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    await jobs(ns).create(job('brief', { ttlSecondsAfterFinished: 60 }));
    const [pod] = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 1,
      'a pod',
    );
    await finish(pod!, 0);
    await eventually(
      () => jobs(ns).get('brief'),
      (j) => condition(j, 'Complete')?.status === 'True',
      'Complete',
    );
    await clock.advance(30_000);
    expect((await jobs(ns).get('brief')).metadata.deletionTimestamp).toBeUndefined();
    await clock.advance(31_000);
    // Deleted in the foreground: without a garbage collector it stays with the foregroundDeletion finalizer.
    await eventually(
      () =>
        jobs(ns)
          .get('brief')
          .then(
            (j) => j.metadata.deletionTimestamp,
            () => 'gone',
          ),
      (t) => t !== undefined,
      'the Job deleted',
    );
  });
});
