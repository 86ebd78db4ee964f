// How the garbage collector resolves owner references across scopes, and what it leaves
// alone: a namespaced owner named by a cluster-scoped object, and kinds the API does not serve.
import { randomUUID } from 'node:crypto';
import { PrometheusWorkQueueMetrics } from '@wheelhouse/client';
import { captureLogger } from '@wheelhouse/testing';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { eventsIncluding, eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newGarbageCollectorController } from './controller.js';
import { createConfigMap, createPod, createReplicaSet, exists, podNames, refTo } from './gc.test-support.js';

const captured = captureLogger();
const registry = new Registry();
const metricsProvider = new PrometheusWorkQueueMetrics(registry);
const bed = useControllerTestBed((ctx) => [
  newGarbageCollectorController({ ...ctx, logger: captured.logger, metricsProvider }, { workers: 2 }),
]);
const { cluster, start } = bed;

const logged = (msg: string): Record<string, unknown>[] => captured.records.filter((r) => r.msg === msg);

/** How many keys the attemptToDelete queue has taken in so far. */
async function attemptToDeleteAdds(): Promise<number> {
  const metric = await registry.getSingleMetric('workqueue_adds_total')!.get();
  return metric.values.find((v) => v.labels.name === 'garbage_collector_attempt_to_delete')?.value ?? 0;
}

/** A pod whose owner never existed, and the wait until the collector deleted it (proof it has worked through its queue once). */
async function collectSentinel(ns: string): Promise<void> {
  const c = cluster.client;
  await createPod(c, ns, 'sentinel', [refTo({ metadata: { name: 'ghost', uid: randomUUID() } })]);
  await eventually(
    () => exists(() => c.resource('pods', ns).get('sentinel')),
    (e) => !e,
    'the sentinel pod collected',
  );
}

describe('owner references across scopes', () => {
  it('a cluster-scoped owner keeps a namespaced dependent until it goes; a namespaced owner of a cluster-scoped object is ignored', async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    const node = await c.resource('nodes').create({ metadata: { name: `${ns}-owner` } });
    const keeper = await createConfigMap(c, ns, 'keeper');
    await createConfigMap(c, ns, 'by-node', [
      { apiVersion: 'v1', kind: 'Node', name: node.metadata.name, uid: node.metadata.uid },
    ]);
    const keeperRef = { apiVersion: 'v1', kind: 'ConfigMap', name: 'keeper', uid: keeper.metadata.uid };
    await c.resource('nodes').create({ metadata: { name: `${ns}-dependent`, ownerReferences: [keeperRef] } });
    await start();
    await collectSentinel(ns);
    await eventually(
      () => logged('item is cluster-scoped, but refers to a namespaced owner'),
      (r) => r.length > 0,
      'the invalid reference logged',
    );
    expect(await exists(() => c.resource('configmaps', ns).get('by-node'))).toBe(true);
    expect(await exists(() => c.resource('nodes').get(`${ns}-dependent`))).toBe(true);

    await c.resource('nodes').delete(node.metadata.name);
    await eventually(
      () => exists(() => c.resource('configmaps', ns).get('by-node')),
      (e) => !e,
      "the Node's ConfigMap collected",
    );
    expect(await exists(() => c.resource('nodes').get(`${ns}-dependent`))).toBe(true);
    await c.resource('nodes').delete(`${ns}-dependent`);
  });

  it("resolves a namespaced owner in the dependent's namespace: OwnerRefInvalidNamespace, and the dependent goes", async () => {
    const [home, away] = [await cluster.namespace(), await cluster.namespace()];
    const c = cluster.client;
    const rs = await createReplicaSet(c, home, 'web');
    await createPod(c, home, 'at-home', [refTo(rs)]);
    await start();
    await createPod(c, away, 'away', [refTo(rs)]);
    await eventually(
      () => podNames(c, away),
      (names) => names.length === 0,
      'the pod naming an owner of another namespace collected',
    );
    const [line] = await eventsIncluding(c, away, 'away', /^OwnerRefInvalidNamespace: /);
    expect(line).toBe(
      `OwnerRefInvalidNamespace: ownerRef [apps/v1/ReplicaSet, namespace: ${away}, name: web, uid: ${rs.metadata.uid}] does not exist in namespace "${away}"`,
    );
    expect(await podNames(c, home)).toEqual(['at-home']);
  });

  it('leaves a reference to a kind the API does not serve alone, with one log line and no retries', async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    await start();
    const widget = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', uid: randomUUID() };
    await createPod(c, ns, 'widget-owned', [widget]);
    await collectSentinel(ns);
    const unknown = 'owner reference to a kind the API does not serve; left alone';
    await eventually(
      () => logged(unknown),
      (r) => r.length > 0,
      'the unknown kind logged',
    );
    const adds = await attemptToDeleteAdds();
    for (let i = 0; i < 5; i++) {
      await bed.running.clock.advance(20 * 60_000);
      await c.resource('pods', ns).get('widget-owned');
    }
    expect(await attemptToDeleteAdds()).toBe(adds);
    expect(logged(unknown)).toHaveLength(1);
    expect(logged(unknown)[0]).toMatchObject({ apiVersion: 'example.com/v1', kind: 'Widget' });
    const pod = await c.resource('pods', ns).get('widget-owned');
    expect(pod.metadata.ownerReferences).toEqual([widget]);
    expect(pod.metadata.deletionTimestamp).toBeUndefined();
  });
});
