import { readFile } from 'node:fs/promises';
import type { PriorityClass } from '@wheelhouse/api';
import { loadAll } from 'js-yaml';
import { until } from '@wheelhouse/testing';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  createNode,
  finishTerminatingPods,
  nodeObject,
  podEvents,
  podObject,
  startTestApi,
  waitForPod,
  type TestApi,
} from './cluster.test-support.js';
import { defaultSchedulerConfig } from './config/load.js';
import { inTreeRegistry } from './plugins/registry.js';
import { buildScheduler, type Scheduler } from './scheduler.js';

const silent = pino({ level: 'silent' });

function noLeaderElection() {
  const config = defaultSchedulerConfig(new Set(inTreeRegistry().keys()));
  config.leaderElection.leaderElect = false;
  return config;
}

describe('the scheduler against an API server (nodes as objects, no kubelet)', () => {
  let api: TestApi;
  let scheduler: Scheduler;
  const ctl = new AbortController();
  let running: Promise<void>;

  beforeAll(async () => {
    api = await startTestApi();
    await createNode(api.client, nodeObject('cordoned', '4', { unschedulable: true }));
    await createNode(api.client, nodeObject('small-1', '2'));
    await createNode(api.client, nodeObject('small-2', '2'));
    scheduler = buildScheduler({ client: api.client, config: noLeaderElection(), logger: silent });
    running = scheduler.start(ctl.signal);
  }, 60_000);

  afterAll(async () => {
    ctl.abort();
    await running;
    await api?.stop();
  });

  it('binds a pod and records the Scheduled event', async () => {
    await api.client.resource('pods').create(podObject('web', '1'));
    const pod = await waitForPod(api.client, 'web', 'bound', (p) => !!p.spec?.nodeName);
    expect(['small-1', 'small-2']).toContain(pod.spec?.nodeName);
    await expect
      .poll(() => podEvents(api.client, 'web'))
      .toContainEqual(['Scheduled', `Successfully assigned default/web to ${pod.spec?.nodeName}`]);
  });

  it('leaves a pod that fits nowhere waiting with the FailedScheduling message, and places it once room appears', async () => {
    await api.client.resource('pods').create(podObject('big', '3'));
    const expected =
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 Insufficient cpu. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.';
    const waiting = await waitForPod(api.client, 'big', 'PodScheduled=False', (p) =>
      (p.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.status === 'False'),
    );
    const condition = waiting.status?.conditions?.find((c) => c.type === 'PodScheduled');
    expect(condition).toMatchObject({ status: 'False', reason: 'Unschedulable', message: expected });
    await expect.poll(() => podEvents(api.client, 'big')).toContainEqual(['FailedScheduling', expected]);
    await createNode(api.client, nodeObject('large', '8'));
    const placed = await waitForPod(api.client, 'big', 'bound', (p) => !!p.spec?.nodeName);
    expect(placed.spec?.nodeName).toBe('large');
  });

  it('leaves alone pods whose schedulerName names no profile', async () => {
    await api.client.resource('pods').create(podObject('other', '100m', { schedulerName: 'someone-else' }));
    await api.client.resource('pods').create(podObject('after-other', '100m'));
    await waitForPod(api.client, 'after-other', 'bound', (p) => !!p.spec?.nodeName);
    const other = await api.client.resource('pods').get('other', { namespace: 'default' });
    expect(other.spec?.nodeName).toBeUndefined();
    expect(await podEvents(api.client, 'other')).toEqual([]);
  });

  it('preempts lower-priority pods by priority class, respecting a PodDisruptionBudget', async () => {
    const classes = api.client.resource('priorityclasses');
    await classes.create({ metadata: { name: 'test-batch' }, value: 1000 });
    await classes.create({ metadata: { name: 'test-production' }, value: 100000 });
    await createNode(api.client, nodeObject('prio-a', '2', { labels: { pool: 'prio' } }));
    await createNode(api.client, nodeObject('prio-b', '2', { labels: { pool: 'prio' } }));
    const onPool = { nodeSelector: { pool: 'prio' }, priorityClassName: 'test-batch' };
    await api.client.resource('pods').create(podObject('guarded', '2', onPool, { app: 'guarded' }));
    await api.client.resource('pods').create(podObject('plain', '2', onPool, { app: 'plain' }));
    await waitForPod(api.client, 'guarded', 'bound', (p) => !!p.spec?.nodeName);
    const plain = await waitForPod(api.client, 'plain', 'bound', (p) => !!p.spec?.nodeName);
    await api.client.resource('poddisruptionbudgets', 'default').create({
      metadata: { name: 'guard' },
      spec: { minAvailable: 1, selector: { matchLabels: { app: 'guarded' } } },
    });
    await api.client
      .resource('poddisruptionbudgets', 'default')
      .patch(
        'guard',
        { status: { disruptionsAllowed: 0, currentHealthy: 1, desiredHealthy: 1, expectedPods: 1 } },
        { type: 'merge', subresource: 'status' },
      );
    const pdbs = scheduler.informerFactory.informerFor('poddisruptionbudgets.policy');
    await until(
      () => pdbs.lister().get('guard', 'default')?.status?.disruptionsAllowed === 0,
      'the PDB status in the cache',
    );
    await api.client
      .resource('pods')
      .create(podObject('urgent', '2', { nodeSelector: { pool: 'prio' }, priorityClassName: 'test-production' }));
    const nominated = await waitForPod(api.client, 'urgent', 'nominated', (p) => !!p.status?.nominatedNodeName);
    expect(nominated.status?.nominatedNodeName).toBe(plain.spec?.nodeName);
    const victim = await waitForPod(api.client, 'plain', 'terminating', (p) => !!p.metadata?.deletionTimestamp);
    expect(victim.status?.conditions).toContainEqual(
      expect.objectContaining({ type: 'DisruptionTarget', status: 'True', reason: 'PreemptionByScheduler' }),
    );
    await expect
      .poll(() => podEvents(api.client, 'plain'))
      .toContainEqual(['Preempted', expect.stringMatching(/^Preempted by pod .* on node prio-/)]);
    expect(await finishTerminatingPods(api.client)).toEqual(['plain']);
    const placed = await waitForPod(api.client, 'urgent', 'bound', (p) => !!p.spec?.nodeName);
    expect(placed.spec?.nodeName).toBe(plain.spec?.nodeName);
  });
  it('accepts the PriorityClasses of manifests/priority-classes.yaml, all below system-cluster-critical', async () => {
    const text = await readFile(new URL('../../../manifests/priority-classes.yaml', import.meta.url), 'utf8');
    const docs = loadAll(text) as PriorityClass[];
    for (const pc of docs) await api.client.resource('priorityclasses').create(pc);
    const values = Object.fromEntries(docs.map((d) => [d.metadata?.name, d.value]));
    expect(values).toEqual({ monitoring: 1000000, production: 100000, batch: 1000, 'best-effort': 0 });
    expect(Math.max(...docs.map((d) => d.value ?? 0))).toBeLessThan(2000000000);
  });
});

describe('two schedulers with leader election', () => {
  let api: TestApi;
  const schedulers: { s: Scheduler; ctl: AbortController; done: Promise<void> }[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    for (let i = 0; i < 3; i++) await createNode(api.client, nodeObject(`n${i}`, '8'));
    for (const identity of ['one', 'two']) {
      const config = defaultSchedulerConfig(new Set(inTreeRegistry().keys()));
      config.leaderElection = {
        ...config.leaderElection,
        leaseDurationMs: 2000,
        renewDeadlineMs: 1500,
        retryPeriodMs: 500,
      };
      const s = buildScheduler({ client: api.client, config, logger: silent, identity });
      const ctl = new AbortController();
      schedulers.push({ s, ctl, done: s.start(ctl.signal) });
    }
  }, 60_000);

  afterAll(async () => {
    for (const x of schedulers) x.ctl.abort();
    await Promise.all(schedulers.map((x) => x.done));
    await api?.stop();
  });

  async function scheduledCount(s: Scheduler): Promise<number> {
    const metric = await s.metrics.registry.getSingleMetric('scheduler_schedule_attempts_total')?.get();
    return (metric?.values ?? []).filter((v) => v.labels.result === 'scheduled').reduce((a, v) => a + v.value, 0);
  }

  it('bind each pod once, and the other takes over when the leader stops', async () => {
    for (let i = 0; i < 10; i++) await api.client.resource('pods').create(podObject(`p${i}`, '100m'));
    for (let i = 0; i < 10; i++) await waitForPod(api.client, `p${i}`, 'bound', (p) => !!p.spec?.nodeName);
    const counts = await Promise.all(schedulers.map((x) => scheduledCount(x.s)));
    expect([...counts].sort((a, b) => a - b)).toEqual([0, 10]);
    for (let i = 0; i < 10; i++) {
      // The recorder writes events after the binding, asynchronously (as kube's broadcaster does).
      await until(async () => (await podEvents(api.client, `p${i}`)).length > 0, `p${i}'s event`);
      const reasons = (await podEvents(api.client, `p${i}`)).map(([r]) => r);
      expect(reasons).toEqual(['Scheduled']);
    }
    const byCount = await Promise.all(schedulers.map(async (x) => ({ x, n: await scheduledCount(x.s) })));
    const leader = byCount.find((e) => e.n === 10)?.x;
    const follower = byCount.find((e) => e.n === 0)?.x;
    leader?.ctl.abort();
    await leader?.done;
    await api.client.resource('pods').create(podObject('after-failover', '100m'));
    await waitForPod(api.client, 'after-failover', 'bound', (p) => !!p.spec?.nodeName);
    expect(await scheduledCount(follower?.s as Scheduler)).toBe(1);
  });
});
