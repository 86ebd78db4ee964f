// The ReplicaSet controller against a real API server: replicas, names, ownership, scale-down
// order, terminating pods, availability and failures, as kube-controller-manager does them.
import type { ReplicaSet } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import {
  eventsFor,
  eventually,
  listPods,
  livePods,
  markReady,
  useControllerTestBed,
} from '../../test-cluster.test-support.js';
import { newReplicaSetController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newReplicaSetController(ctx, { workers: 2 })]);
const { cluster, start } = bed;

function replicaSet(name: string, replicas: number, podSpec: Record<string, unknown> = {}): ReplicaSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name, tier: 'web' } },
        spec: { containers: [{ name: 'c', image: 'nginx' }], ...podSpec },
      },
    },
  };
}

async function rsStatus(ns: string, name: string): Promise<NonNullable<ReplicaSet['status']>> {
  return (await cluster.client.resource('replicasets', ns).get(name)).status ?? {};
}

describe('replicaset controller', () => {
  it('creates owned pods named <rs>-<5 chars>, reports status and events, and scales down', async () => {
    const ns = await cluster.namespace();
    await start();
    const rs = await cluster.client.resource('replicasets', ns).create(replicaSet('web', 3));
    const pods = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 3,
      'three pods',
    );
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.metadata.labels).toEqual({ app: 'web', tier: 'web' });
      expect(pod.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'web',
          uid: rs.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    const status = await eventually(
      () => rsStatus(ns, 'web'),
      (s) => s.replicas === 3,
      'status.replicas 3',
    );
    expect(status).toMatchObject({ fullyLabeledReplicas: 3, observedGeneration: 1 });
    expect(status.readyReplicas).toBeUndefined();
    const created = pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort();
    await eventually(
      () => eventsFor(cluster.client, ns, 'web'),
      (e) => e.length === 3,
      'three events',
    );
    expect(await eventsFor(cluster.client, ns, 'web')).toEqual(created);

    // Ready pods are kept; the unready one goes first.
    const [a, b, c] = pods;
    await markReady(cluster.client, a!, bed.running.clock.now());
    await markReady(cluster.client, b!, bed.running.clock.now());
    await eventually(
      () => rsStatus(ns, 'web'),
      (s) => s.readyReplicas === 2,
      'two ready',
    );
    await cluster.client.resource('replicasets', ns).patch('web', { spec: { replicas: 2 } }, { type: 'merge' });
    const left = await eventually(
      () => listPods(cluster.client, ns),
      (p) => livePods(p).length === 2,
      'two pods',
    );
    expect(left.map((p) => p.metadata.name).sort()).toEqual([a!.metadata.name, b!.metadata.name].sort());
    await eventually(
      () => eventsFor(cluster.client, ns, 'web'),
      (e) => e.includes(`SuccessfulDelete: Deleted pod: ${c!.metadata.name}`),
      'the delete event',
    );
    await eventually(
      () => rsStatus(ns, 'web'),
      (s) => s.replicas === 2 && s.observedGeneration === 2,
      'status of gen 2',
    );
  });

  it('adopts matching orphans, releases pods it no longer selects, and replaces terminating pods', async () => {
    const ns = await cluster.namespace();
    const pods = cluster.client.resource('pods', ns);
    const orphan = await pods.create({
      metadata: { name: 'orphan', labels: { app: 'api', tier: 'web' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    await start();
    const rs = await cluster.client.resource('replicasets', ns).create(replicaSet('api', 2));
    const owned = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 2,
      'one more pod',
    );
    expect(owned.find((p) => p.metadata.name === 'orphan')?.metadata.ownerReferences?.[0]?.uid).toBe(rs.metadata.uid);

    // Relabelled out of the selector: released (no owner left) and replaced.
    await pods.patch('orphan', { metadata: { labels: { app: 'other' } } }, { type: 'merge' });
    await eventually(
      () => pods.get('orphan'),
      (p) => (p.metadata.ownerReferences ?? []).length === 0,
      'the release',
    );
    await eventually(
      () => listPods(cluster.client, ns, 'app=api'),
      (p) => p.length === 2,
      'a replacement',
    );

    // A pod being deleted (held by a finalizer) no longer counts: a replacement starts at once.
    const victim = (await listPods(cluster.client, ns, 'app=api'))[0]!;
    await pods.patch(victim.metadata.name, { metadata: { finalizers: ['test/hold'] } }, { type: 'merge' });
    await pods.delete(victim.metadata.name);
    const after = await eventually(
      () => listPods(cluster.client, ns, 'app=api'),
      (p) => livePods(p).length === 2 && p.length === 3,
      'a replacement beside the terminating pod',
    );
    expect(after.filter((p) => p.metadata.deletionTimestamp).map((p) => p.metadata.name)).toEqual([
      victim.metadata.name,
    ]);
    await eventually(
      () => rsStatus(ns, 'api'),
      (s) => s.replicas === 2,
      'two replicas',
    );
    await pods.patch(victim.metadata.name, { metadata: { finalizers: null } }, { type: 'merge' });
    void orphan;
  });

  it('counts a pod available only after minReadySeconds on its clock', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const manifest = replicaSet('slow', 1);
    manifest.spec!.minReadySeconds = 30;
    await cluster.client.resource('replicasets', ns).create(manifest);
    const [pod] = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 1,
      'a pod',
    );
    await markReady(cluster.client, pod!, clock.now());
    const ready = await eventually(
      () => rsStatus(ns, 'slow'),
      (s) => s.readyReplicas === 1,
      'ready',
    );
    expect(ready.availableReplicas).toBeUndefined();
    await clock.advance(31_000);
    await eventually(
      () => rsStatus(ns, 'slow'),
      (s) => s.availableReplicas === 1,
      'available after 30 s',
    );
  });

  it('records one FailedCreate per attempt and a ReplicaFailure condition until pods can be created', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    await cluster.client.resource('replicasets', ns).create(replicaSet('bad', 5, { priorityClassName: 'missing' }));
    const failed = await eventually(
      () => rsStatus(ns, 'bad'),
      (s) => (s.conditions ?? []).length > 0,
      'a ReplicaFailure condition',
    );
    expect(failed.conditions).toEqual([
      expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }),
    ]);
    expect(failed.conditions![0]!.message).toContain('no PriorityClass with name missing was found');
    const events = await eventsFor(cluster.client, ns, 'bad');
    // One event per sync attempt, not one per pod: slow start stops at the first failed batch (of
    // one), so 5 replicas never give 5 events. The status write itself wakes one more sync, which
    // may or may not have run by now.
    expect(events.length).toBeGreaterThanOrEqual(1);
    expect(events.length).toBeLessThan(5);
    for (const event of events)
      expect(event).toMatch(
        /^FailedCreate: Error creating: pods ".*" is forbidden: no PriorityClass with name missing/,
      );

    await cluster.client.resource('priorityclasses').create({ metadata: { name: 'missing' }, value: 10 });
    await clock.advance(5_000);
    const ok = await eventually(
      async () => {
        await clock.advance(1_000);
        return rsStatus(ns, 'bad');
      },
      (s) => s.replicas === 5 && !s.conditions,
      'five pods and no condition',
    );
    expect(ok.fullyLabeledReplicas).toBe(5);
    await cluster.client.resource('priorityclasses').delete('missing');
  });
});
