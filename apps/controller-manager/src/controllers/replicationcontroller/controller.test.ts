// The ReplicationController controller against a real API server: the replica controller's
// behaviour under core/v1's kind, owner references, status fields and event source.
import type { ReplicationController } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import {
  eventsFor,
  eventually,
  listPods,
  livePods,
  markReady,
  useControllerTestBed,
  eventsIncluding,
} from '../../test-cluster.test-support.js';
import { newReplicationControllerController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newReplicationControllerController(ctx, { workers: 2 })]);
const { cluster, start } = bed;

/** An RC as `kubectl create` sends it: no selector, which the API server fills from the template. */
function rc(name: string, replicas: number, podSpec: Record<string, unknown> = {}): ReplicationController {
  return {
    apiVersion: 'v1',
    kind: 'ReplicationController',
    metadata: { name },
    spec: {
      replicas,
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'c', image: 'nginx' }], ...podSpec },
      },
    },
  };
}

async function rcStatus(ns: string, name: string): Promise<NonNullable<ReplicationController['status']>> {
  return (await cluster.client.resource('replicationcontrollers', ns).get(name)).status ?? {};
}

describe('replicationcontroller controller', () => {
  it('keeps its replicas with v1 owner references, status and replication-controller events', async () => {
    const ns = await cluster.namespace();
    const { clock } = await start();
    const rcs = cluster.client.resource('replicationcontrollers', ns);
    const created = await rcs.create(rc('nginx', 3));
    const pods = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 3,
      'three pods',
    );
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^nginx-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
      expect(pod.metadata.ownerReferences).toEqual([
        {
          apiVersion: 'v1',
          kind: 'ReplicationController',
          name: 'nginx',
          uid: created.metadata.uid,
          controller: true,
          blockOwnerDeletion: true,
        },
      ]);
    }
    await markReady(cluster.client, pods[0]!, clock.now());
    const status = await eventually(
      () => rcStatus(ns, 'nginx'),
      (s) => s.replicas === 3 && s.readyReplicas === 1,
      'three replicas, one ready',
    );
    expect(status).toEqual({
      replicas: 3,
      fullyLabeledReplicas: 3,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: 1,
    });
    await eventually(
      () => eventsFor(cluster.client, ns, 'nginx'),
      (e) => e.length === 3,
      'three events',
    );
    const events = (await cluster.client.resource('events', ns).list()).items.filter(
      (e) => e.involvedObject?.name === 'nginx',
    );
    for (const e of events) {
      expect(e.involvedObject).toMatchObject({ apiVersion: 'v1', kind: 'ReplicationController' });
      expect(e.source?.component).toBe('replication-controller');
    }
    expect(events.map((e) => `${e.reason}: ${e.message}`).sort()).toEqual(
      pods.map((p) => `SuccessfulCreate: Created pod: ${p.metadata.name}`).sort(),
    );

    // A deleted pod is replaced; scaling down keeps the ready pod.
    await cluster.client.resource('pods', ns).delete(pods[1]!.metadata.name);
    await eventually(
      () => listPods(cluster.client, ns),
      (p) => livePods(p).length === 3 && !p.some((x) => x.metadata.name === pods[1]!.metadata.name),
      'a replacement',
    );
    await rcs.patch('nginx', { spec: { replicas: 1 } }, { type: 'merge' });
    const left = await eventually(
      () => listPods(cluster.client, ns),
      (p) => livePods(p).length === 1,
      'one pod',
    );
    expect(left.map((p) => p.metadata.name)).toEqual([pods[0]!.metadata.name]);
    await eventually(
      () => rcStatus(ns, 'nginx'),
      (s) => s.replicas === 1 && s.observedGeneration === 2,
      'status of generation 2',
    );
    expect(await eventsIncluding(cluster.client, ns, 'nginx', /^SuccessfulDelete: Deleted pod: nginx-/)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^SuccessfulDelete: Deleted pod: nginx-/)]),
    );
  });

  it('adopts matching orphans and leaves pods of other selectors alone', async () => {
    const ns = await cluster.namespace();
    const pods = cluster.client.resource('pods', ns);
    const spec = { containers: [{ name: 'c', image: 'nginx' }] };
    await pods.create({ metadata: { name: 'orphan', labels: { app: 'api' } }, spec });
    await pods.create({ metadata: { name: 'stranger', labels: { app: 'other' } }, spec });
    await start();
    const owner = await cluster.client.resource('replicationcontrollers', ns).create(rc('api', 2));
    const owned = await eventually(
      () => listPods(cluster.client, ns, 'app=api'),
      (p) => p.length === 2,
      'one more pod',
    );
    expect(owned.find((p) => p.metadata.name === 'orphan')?.metadata.ownerReferences?.[0]).toMatchObject({
      kind: 'ReplicationController',
      uid: owner.metadata.uid,
    });
    expect((await pods.get('stranger')).metadata.ownerReferences).toBeUndefined();
  });

  it('records FailedCreate and a ReplicaFailure condition while pods cannot be created', async () => {
    const ns = await cluster.namespace();
    await start();
    await cluster.client.resource('replicationcontrollers', ns).create(rc('bad', 2, { priorityClassName: 'missing' }));
    const failed = await eventually(
      () => rcStatus(ns, 'bad'),
      (s) => (s.conditions ?? []).length > 0,
      'a ReplicaFailure condition',
    );
    expect(failed.conditions).toEqual([
      expect.objectContaining({ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate' }),
    ]);
    expect(failed.conditions![0]!.message).toContain('no PriorityClass with name missing was found');
    const events = await eventsFor(cluster.client, ns, 'bad');
    expect(events.length).toBeGreaterThanOrEqual(1);
    for (const event of events)
      expect(event).toMatch(
        /^FailedCreate: Error creating: pods ".*" is forbidden: no PriorityClass with name missing/,
      );
  });
});
