// The pod GC against a real API server on a fake clock: terminated pods beyond the threshold
// (evicted first, then oldest), pods of nodes that no longer exist (after the quarantine),
// pods stuck terminating on an out-of-service node, and unscheduled terminating pods.
import type { Pod } from '@wheelhouse/api';
import { type Served, isNotFound } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import type { FakeClock } from '@wheelhouse/testing';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { listPods, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newPodGcController } from './controller.js';

let registry = new Registry();
let threshold = 12500;
const bed = useControllerTestBed(
  (ctx) => {
    registry = new Registry();
    const settings = { 'terminated-pod-gc-threshold': threshold };
    return [newPodGcController({ ...ctx, metrics: registry }, { workers: 1, settings })];
  },
  async () => void (threshold = 12500),
);
const { cluster, start } = bed;
const HOLD = 'example.com/hold';

async function makePod(ns: string, name: string, spec: Partial<Pod['spec']> = {}, finalizers?: string[]) {
  return cluster.client.resource('pods', ns).create({
    metadata: { name, ...(finalizers ? { finalizers } : {}) },
    spec: { containers: [{ name: 'c', image: 'nginx' }], ...spec },
  });
}

async function setPhase(ns: string, name: string, status: NonNullable<Pod['status']>): Promise<void> {
  await cluster.client.resource('pods', ns).patch(name, { status }, { subresource: 'status', type: 'merge' });
}

async function readPod(ns: string, name: string): Promise<Served<Pod> | undefined> {
  try {
    return await cluster.client.resource('pods', ns).get(name);
  } catch (err) {
    if (isNotFound(err)) return undefined;
    throw err;
  }
}

/** Lets the GC's clock run a pass at a time (20 s) until `check` holds; passes run in the background. */
async function passesUntil<T>(clock: FakeClock, read: () => Promise<T>, check: (v: T) => boolean): Promise<T> {
  for (let pass = 0; pass < 12; pass++) {
    await clock.advance(20_000);
    for (let poll = 0; poll < 20; poll++) {
      const value = await read();
      if (check(value)) return value;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  throw new Error('the pod GC did not get there within 12 passes');
}

async function release(ns: string, name: string): Promise<void> {
  await cluster.client.resource('pods', ns).patch(name, { metadata: { finalizers: null } }, { type: 'merge' });
}

describe('pod garbage collector', () => {
  it('deletes terminated pods beyond --terminated-pod-gc-threshold, evicted ones first, then the oldest', async () => {
    threshold = 2;
    const ns = await cluster.namespace();
    const { clock } = await start();
    for (const name of ['a', 'b', 'c', 'd', 'e']) {
      await makePod(ns, name);
      await clock.advance(1_000);
    }
    for (const name of ['a', 'b', 'c']) await setPhase(ns, name, { phase: 'Succeeded' });
    await setPhase(ns, 'd', { phase: 'Failed' });
    await setPhase(ns, 'e', { phase: 'Failed', reason: 'Evicted' });
    await makePod(ns, 'running');

    const left = await passesUntil(
      clock,
      () => listPods(cluster.client, ns),
      (pods) => pods.length === 3,
    );
    expect(left.map((p) => p.metadata.name).sort()).toEqual(['c', 'd', 'running']);
    const metrics = await registry.getSingleMetricAsString('pod_gc_collector_force_delete_pods_total');
    expect(metrics).toContain(`pod_gc_collector_force_delete_pods_total{namespace="${ns}",reason="terminated"} 3`);
  });

  it('sets the pods of a node gone for the quarantine Failed (DisruptionTarget) and force-deletes them', async () => {
    const ns = await cluster.namespace();
    await cluster.client.resource('nodes').create({ metadata: { name: `${ns}-here` } });
    await makePod(ns, 'orphan', { nodeName: `${ns}-gone` }, [HOLD]);
    await setPhase(ns, 'orphan', { phase: 'Running' });
    await makePod(ns, 'kept', { nodeName: `${ns}-here` });
    const { clock } = await start();
    const seenMissing = clock.now();

    const orphan = await passesUntil(
      clock,
      () => readPod(ns, 'orphan'),
      (p) => !!p?.metadata.deletionTimestamp,
    );
    expect(orphan!.metadata.deletionGracePeriodSeconds).toBe(0);
    // Times on the wire have whole seconds.
    const quarantineEnd = Math.floor((seenMissing + 40_000) / 1000) * 1000;
    expect(Date.parse(orphan!.metadata.deletionTimestamp!)).toBeGreaterThanOrEqual(quarantineEnd);
    expect(orphan!.status?.phase).toBe('Failed');
    expect(orphan!.status?.conditions).toContainEqual({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByPodGC',
      message: 'PodGC: node no longer exists',
      lastTransitionTime: expect.any(String),
    });
    expect((await readPod(ns, 'kept'))?.metadata.deletionTimestamp).toBeUndefined();
    await release(ns, 'orphan');
  });

  it('force-deletes pods terminating on a node that is down with the out-of-service taint', async () => {
    const ns = await cluster.namespace();
    const outOfService = { key: 'node.kubernetes.io/out-of-service', value: 'nodeshutdown', effect: 'NoExecute' };
    const nodes = cluster.client.resource('nodes');
    await nodes.create({ metadata: { name: `${ns}-down` }, spec: { taints: [outOfService] } });
    await nodes.create({ metadata: { name: `${ns}-up` }, spec: { taints: [outOfService] } });
    const ready = { type: 'Ready', status: 'True', lastTransitionTime: formatTime(Date.now()) };
    await nodes.patch(`${ns}-up`, { status: { conditions: [ready] } }, { subresource: 'status', type: 'merge' });
    for (const [name, node] of [
      ['stuck', `${ns}-down`],
      ['draining', `${ns}-up`],
    ] as const) {
      await makePod(ns, name, { nodeName: node });
      await setPhase(ns, name, { phase: 'Running' });
      await cluster.client.resource('pods', ns).delete(name);
    }
    const { clock } = await start();

    await passesUntil(
      clock,
      () => readPod(ns, 'stuck'),
      (p) => p === undefined,
    );
    const draining = await readPod(ns, 'draining');
    expect(draining?.metadata.deletionGracePeriodSeconds).toBe(30);
  });

  it('sets an unscheduled terminating pod Failed and force-deletes it', async () => {
    const ns = await cluster.namespace();
    await makePod(ns, 'pending', {}, [HOLD]);
    await cluster.client.resource('pods', ns).delete('pending');
    const { clock } = await start();

    const pod = await passesUntil(
      clock,
      () => readPod(ns, 'pending'),
      (p) => p?.status?.phase === 'Failed',
    );
    expect(pod!.metadata.deletionTimestamp).toBeDefined();
    expect(pod!.status?.conditions?.find((c) => c.type === 'DisruptionTarget')).toBeUndefined();
    const metrics = await registry.getSingleMetricAsString('pod_gc_collector_force_delete_pods_total');
    expect(metrics).toContain(`pod_gc_collector_force_delete_pods_total{namespace="${ns}",reason="unscheduled"}`);
    await release(ns, 'pending');
  });
});
