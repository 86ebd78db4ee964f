// The DaemonSet controller against a real API server: one pinned pod per eligible node, node
// changes, revisions, rolling updates and OnDelete, status.
import type { DaemonSet, Node, Pod } from '@wheelhouse/api';
import type { Served } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { eventually, listPods, livePods, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newDaemonSetController } from './controller.js';

const nodes: string[] = [];
const bed = useControllerTestBed(
  (ctx) => [newDaemonSetController(ctx, { workers: 2 })],
  async () => {
    for (const n of nodes.splice(0))
      await cluster.client
        .resource('nodes')
        .delete(n)
        .catch(() => undefined);
  },
);
const { cluster, start, readyAll } = bed;

async function addNode(name: string, labels: Record<string, string> = {}, spec: Node['spec'] = {}): Promise<void> {
  nodes.push(name);
  await cluster.client.resource('nodes').create({ metadata: { name, labels }, spec });
}

function daemonSet(name: string, extra: Partial<NonNullable<DaemonSet['spec']>> = {}): DaemonSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'DaemonSet',
    metadata: { name },
    spec: {
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { nodeSelector: { role: 'worker' }, containers: [{ name: 'c', image: 'agent:1' }] },
      },
      ...extra,
    },
  };
}

const pinnedNode = (p: Served<Pod>): string | undefined =>
  p.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms?.[0]
    ?.matchFields?.[0]?.values?.[0];

async function dsStatus(ns: string, name: string) {
  return (await cluster.client.resource('daemonsets', ns).get(name)).status ?? {};
}

describe('daemonset controller', () => {
  it('runs one pinned pod per eligible node and follows nodes coming, going and tainted', async () => {
    const ns = await cluster.namespace();
    const p = `${ns}-`;
    await addNode(`${p}a`, { role: 'worker' });
    await addNode(`${p}b`, { role: 'worker' }, { taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] });
    await addNode(`${p}c`, { role: 'edge' });
    await start();
    await cluster.client.resource('daemonsets', ns).create(daemonSet('agent'));
    const [pod] = await eventually(
      () => listPods(cluster.client, ns),
      (l) => l.length === 1,
      'one pod',
    );
    expect(pinnedNode(pod!)).toBe(`${p}a`);
    expect(pod!.metadata.name).toMatch(/^agent-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(pod!.spec?.nodeName).toBeUndefined();
    expect(pod!.spec?.tolerations).toEqual(
      expect.arrayContaining([
        { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
        { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
      ]),
    );
    const revisions = (await cluster.client.resource('controllerrevisions', ns).list()).items;
    expect(revisions).toHaveLength(1);
    const hash = pod!.metadata.labels!['controller-revision-hash']!;
    expect(revisions[0]).toMatchObject({ metadata: { name: `agent-${hash}` }, revision: 1 });
    await readyAll(ns);
    const status = await eventually(
      () => dsStatus(ns, 'agent'),
      (s) => s.numberReady === 1,
      'one ready',
    );
    expect(status).toMatchObject({
      desiredNumberScheduled: 1,
      currentNumberScheduled: 1,
      numberMisscheduled: 0,
      updatedNumberScheduled: 1,
      numberAvailable: 1,
      observedGeneration: 1,
    });

    // A new node gets its pod; a node tainted NoExecute loses it; a deleted node's unscheduled pod goes.
    await addNode(`${p}d`, { role: 'worker' });
    await eventually(
      () => listPods(cluster.client, ns),
      (l) => livePods(l).map(pinnedNode).includes(`${p}d`),
      'a pod on d',
    );
    await cluster.client
      .resource('nodes')
      .patch(`${p}a`, { spec: { taints: [{ key: 'bad', effect: 'NoExecute' }] } }, { type: 'merge' });
    await eventually(
      () => listPods(cluster.client, ns),
      (l) => !livePods(l).map(pinnedNode).includes(`${p}a`),
      'a evicted',
    );
    await cluster.client.resource('nodes').delete(`${p}d`);
    await eventually(
      () => listPods(cluster.client, ns),
      (l) => livePods(l).length === 0,
      'no pods left',
    );
    await eventually(
      () => dsStatus(ns, 'agent'),
      (s) => s.desiredNumberScheduled === 0,
      'nothing desired',
    );
  });

  it('rolls a new template out one node at a time, and leaves pods alone with OnDelete', async () => {
    const ns = await cluster.namespace();
    const p = `${ns}-`;
    for (const n of ['a', 'b', 'c']) await addNode(`${p}${n}`, { role: 'worker' });
    await start();
    const dss = cluster.client.resource('daemonsets', ns);
    await dss.create(
      daemonSet('agent', { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } }),
    );
    await eventually(
      () => listPods(cluster.client, ns),
      (l) => l.length === 3,
      'three pods',
    );
    await readyAll(ns);
    await eventually(
      () => dsStatus(ns, 'agent'),
      (s) => s.numberAvailable === 3,
      'three available',
    );

    await dss.patch(
      'agent',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'agent:2' }] } } } },
      { type: 'strategic' },
    );
    // Only one node is without an available pod at any time.
    const seen = new Set<number>();
    const status = await eventually(
      async () => {
        const pods = livePods(await listPods(cluster.client, ns));
        const ready = pods.filter((x) => x.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True'));
        seen.add(ready.length);
        await readyAll(ns);
        return dsStatus(ns, 'agent');
      },
      (s) => s.observedGeneration === 2 && s.updatedNumberScheduled === 3 && s.numberAvailable === 3,
      'the rollout',
    );
    expect(Math.min(...seen)).toBeGreaterThanOrEqual(2);
    expect(status.observedGeneration).toBe(2);
    const pods = livePods(await listPods(cluster.client, ns));
    expect(pods.map((x) => x.spec?.containers?.[0]?.image)).toEqual(['agent:2', 'agent:2', 'agent:2']);
    const revisions = (await cluster.client.resource('controllerrevisions', ns).list()).items;
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);

    // OnDelete: a new template waits for pods to be deleted.
    await dss.patch(
      'agent',
      { spec: { updateStrategy: { type: 'OnDelete', rollingUpdate: null } } },
      { type: 'merge' },
    );
    await dss.patch(
      'agent',
      { spec: { template: { spec: { containers: [{ name: 'c', image: 'agent:3' }] } } } },
      { type: 'strategic' },
    );
    await eventually(
      () => dsStatus(ns, 'agent'),
      (s) => s.observedGeneration === 4 && s.updatedNumberScheduled === undefined,
      'nothing updated',
    );
    const victim = pods[0]!;
    await cluster.client.resource('pods', ns).delete(victim.metadata.name);
    const after = await eventually(
      () => listPods(cluster.client, ns),
      (l) =>
        livePods(l).filter((x) => x.spec?.containers?.[0]?.image === 'agent:3').length === 1 &&
        livePods(l).length === 3,
      'one replaced pod',
    );
    expect(pinnedNode(after.find((x) => x.spec?.containers?.[0]?.image === 'agent:3')!)).toBe(pinnedNode(victim));
  });
});
