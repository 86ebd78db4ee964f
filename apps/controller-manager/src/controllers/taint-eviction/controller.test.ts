// The taint eviction controller against a real API server on a fake clock: pods that do not
// tolerate a node's NoExecute taints are deleted at once (gracefully, marked DisruptionTarget,
// with kube's event), tolerating pods after their tolerationSeconds, unless the taint goes first.
import type { Pod, Taint, Toleration } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { eventsFor, eventsIncluding, eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newTaintEvictionController } from './controller.js';

let registry = new Registry();
const bed = useControllerTestBed((ctx) => {
  registry = new Registry();
  // One worker: keys are handled in the order their events came, which the tests lean on.
  return [newTaintEvictionController({ ...ctx, metrics: registry }, { workers: 1 })];
});
const { cluster, start } = bed;

const BROKEN = 'example.com/broken';
const SLOW = 'example.com/slow';

function noExecute(key: string, at: number): Taint {
  return { key, effect: 'NoExecute', timeAdded: formatTime(at) };
}

async function makeNode(name: string, taints: Taint[]): Promise<void> {
  await cluster.client.resource('nodes').create({ metadata: { name }, spec: { taints } });
}

async function makePod(ns: string, name: string, node: string, spec: Partial<Pod['spec']> = {}): Promise<void> {
  await cluster.client.resource('pods', ns).create({
    metadata: { name },
    spec: { nodeName: node, containers: [{ name: 'c', image: 'nginx' }], ...spec },
  });
}

function tolerate(key: string, tolerationSeconds?: number): Toleration {
  return { key, operator: 'Exists', effect: 'NoExecute', ...(tolerationSeconds ? { tolerationSeconds } : {}) };
}

function getPod(ns: string, name: string): Promise<Served<Pod>> {
  return cluster.client.resource('pods', ns).get(name);
}

function terminating(ns: string, name: string): Promise<Served<Pod>> {
  return eventually(
    () => getPod(ns, name),
    (p) => !!p.metadata.deletionTimestamp,
    `${name} terminating`,
  );
}

describe('taint eviction controller', () => {
  it('deletes a pod that does not tolerate a NoExecute taint at once, gracefully, marked and reported; tolerating pods stay', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    await makeNode(`${ns}-bad`, [noExecute(BROKEN, clock.now()), { key: 'example.com/quiet', effect: 'NoSchedule' }]);
    await makeNode(`${ns}-good`, []);
    await makePod(ns, 'forever', `${ns}-bad`, { tolerations: [tolerate(BROKEN)] });
    await makePod(ns, 'elsewhere', `${ns}-good`);
    await makePod(ns, 'plain', `${ns}-bad`, { terminationGracePeriodSeconds: 5 });

    const evicted = await terminating(ns, 'plain');
    // Graceful, with the pod's own grace period: its kubelet would finish the deletion.
    expect(evicted.metadata.deletionGracePeriodSeconds).toBe(5);
    expect(evicted.status?.conditions).toContainEqual({
      type: 'DisruptionTarget',
      status: 'True',
      reason: 'DeletionByTaintManager',
      message: 'Taint manager: deleting due to NoExecute taint',
      lastTransitionTime: formatTime(clock.now()),
    });
    await eventsIncluding(cluster.client, ns, 'plain', `TaintManagerEviction: Marking for deletion Pod ${ns}/plain`);
    const events = await cluster.client.resource('events', ns).list();
    expect(events.items.find((e) => e.involvedObject?.name === 'plain')?.source?.component).toBe(
      'taint-eviction-controller',
    );
    const metrics = await registry.getSingleMetricAsString('taint_eviction_controller_pod_deletions_total');
    expect(metrics).toContain('taint_eviction_controller_pod_deletions_total 1');

    await clock.advance(3_600_000);
    for (const name of ['forever', 'elsewhere']) {
      expect((await getPod(ns, name)).metadata.deletionTimestamp).toBeUndefined();
      expect(await eventsFor(cluster.client, ns, name)).toEqual([]);
    }
  });

  it('deletes a tolerating pod after the shortest tolerationSeconds of the tolerations it uses', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const t0 = clock.now();
    await makeNode(`${ns}-n`, [noExecute(BROKEN, t0), noExecute(SLOW, t0)]);
    await makePod(ns, 'sixty', `${ns}-n`, { tolerations: [tolerate(BROKEN, 60), tolerate(SLOW, 120)] });
    await makePod(ns, 'thirty', `${ns}-n`, {
      tolerations: [{ operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }],
    });
    // Handled after the two above: once it is gone, their evictions are scheduled.
    await makePod(ns, 'marker', `${ns}-n`);
    await terminating(ns, 'marker');

    await clock.advance(59_000);
    await terminating(ns, 'thirty');
    expect((await getPod(ns, 'sixty')).metadata.deletionTimestamp).toBeUndefined();

    await clock.advance(1_000);
    const sixty = await terminating(ns, 'sixty');
    const condition = sixty.status?.conditions?.find((c) => c.type === 'DisruptionTarget');
    expect(condition?.lastTransitionTime).toBe(formatTime(t0 + 60_000));
    await eventsIncluding(cluster.client, ns, 'sixty', `TaintManagerEviction: Marking for deletion Pod ${ns}/sixty`);
  });

  it('cancels a scheduled eviction, with an event, when the taint goes first', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const node = `${ns}-n`;
    await makeNode(node, [noExecute(BROKEN, clock.now())]);
    await makePod(ns, 'tolerant', node, { tolerations: [tolerate(BROKEN, 60)] });
    await makePod(ns, 'marker', node);
    await terminating(ns, 'marker');

    await clock.advance(30_000);
    await cluster.client.resource('nodes').patch(node, { spec: { taints: null } }, { type: 'merge' });
    await eventsIncluding(
      cluster.client,
      ns,
      'tolerant',
      `TaintManagerEviction: Cancelling deletion of Pod ${ns}/tolerant`,
    );
    await clock.advance(120_000);
    expect((await getPod(ns, 'tolerant')).metadata.deletionTimestamp).toBeUndefined();
    expect(await eventsFor(cluster.client, ns, 'tolerant')).toEqual([
      `TaintManagerEviction: Cancelling deletion of Pod ${ns}/tolerant`,
    ]);
  });
});
