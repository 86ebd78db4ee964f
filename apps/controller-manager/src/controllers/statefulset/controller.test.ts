// The StatefulSet controller against a real API server: ordered creation and deletion, stable
// names, rolling updates with a partition, Parallel pods and volumeClaimTemplates.
import type { StatefulSet } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import {
  eventually,
  listPods,
  markReady,
  useControllerTestBed,
  eventsIncluding,
} from '../../test-cluster.test-support.js';
import { newStatefulSetController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newStatefulSetController(ctx, { workers: 2 })]);
const { cluster, start, readyAll } = bed;

function statefulSet(
  name: string,
  replicas: number,
  extra: Partial<NonNullable<StatefulSet['spec']>> = {},
): StatefulSet {
  return {
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name },
    spec: {
      replicas,
      serviceName: `${name}-headless`,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'db:1' }] } },
      ...extra,
    },
  };
}

const names = (pods: { metadata: { name: string } }[]) => pods.map((p) => p.metadata.name).sort();

async function setStatus(ns: string, name: string) {
  return (await cluster.client.resource('statefulsets', ns).get(name)).status ?? {};
}

describe('statefulset controller', () => {
  it('creates pods in order, each after the previous is ready, recreates a deleted one by name, and scales down from the top', async () => {
    const ns = await cluster.namespace();
    await start();
    await cluster.client.resource('statefulsets', ns).create(statefulSet('web', 3));
    const [first] = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 1,
      'web-0 alone',
    );
    expect(first!.metadata.name).toBe('web-0');
    expect(first!.metadata.labels).toMatchObject({
      app: 'web',
      'statefulset.kubernetes.io/pod-name': 'web-0',
      'apps.kubernetes.io/pod-index': '0',
    });
    expect(first!.spec).toMatchObject({ hostname: 'web-0', subdomain: 'web-headless' });
    const revision = first!.metadata.labels!['controller-revision-hash']!;
    expect(revision).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]+$/);
    // Nothing more until web-0 is Running and Ready.
    expect(names(await listPods(cluster.client, ns))).toEqual(['web-0']);
    await markReady(cluster.client, first!, bed.running.clock.now());
    await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 2,
      'web-1',
    );
    await readyAll(ns);
    await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 3,
      'web-2',
    );
    await readyAll(ns);
    const status = await eventually(
      () => setStatus(ns, 'web'),
      (s) => s.readyReplicas === 3,
      'three ready',
    );
    expect(status).toMatchObject({
      replicas: 3,
      currentReplicas: 3,
      updatedReplicas: 3,
      availableReplicas: 3,
      currentRevision: revision,
      updateRevision: revision,
      collisionCount: 0,
      observedGeneration: 1,
    });
    expect(
      await eventsIncluding(
        cluster.client,
        ns,
        'web',
        'SuccessfulCreate: create Pod web-0 in StatefulSet web successful',
      ),
    ).toContain('SuccessfulCreate: create Pod web-0 in StatefulSet web successful');

    const old = (await listPods(cluster.client, ns)).find((p) => p.metadata.name === 'web-1')!;
    await cluster.client.resource('pods', ns).delete('web-1');
    const back = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.some((x) => x.metadata.name === 'web-1' && x.metadata.uid !== old.metadata.uid),
      'web-1 recreated',
    );
    expect(names(back)).toEqual(['web-0', 'web-1', 'web-2']);
    await readyAll(ns);

    await cluster.client.resource('statefulsets', ns).patch('web', { spec: { replicas: 1 } }, { type: 'merge' });
    await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 1,
      'scaled to one',
    );
    // Event names grow with their time, so the list is in the order they happened.
    const deletes = async () =>
      (await cluster.client.resource('events', ns).list()).items
        .filter((e) => e.reason === 'SuccessfulDelete')
        .map((e) => e.message);
    const events = await eventually(deletes, (e) => e.length === 2, 'two delete events');
    expect(events).toEqual([
      'delete Pod web-2 in StatefulSet web successful',
      'delete Pod web-1 in StatefulSet web successful',
    ]);
  });

  it('rolls an update from the highest ordinal down to the partition, then completes it', async () => {
    const ns = await cluster.namespace();
    await start();
    const sets = cluster.client.resource('statefulsets', ns);
    await sets.create(statefulSet('db', 3, { podManagementPolicy: 'Parallel' }));
    await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 3,
      'three pods at once',
    );
    await readyAll(ns);
    const before = await eventually(
      () => setStatus(ns, 'db'),
      (s) => s.readyReplicas === 3,
      'ready',
    );
    await sets.patch(
      'db',
      {
        spec: {
          updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } },
          template: { spec: { containers: [{ name: 'c', image: 'db:2' }] } },
        },
      },
      { type: 'strategic' },
    );
    const image = async (name: string) =>
      (await listPods(cluster.client, ns)).find((p) => p.metadata.name === name && !p.metadata.deletionTimestamp)?.spec
        ?.containers?.[0]?.image;
    const partial = await eventually(
      async () => {
        await readyAll(ns);
        return setStatus(ns, 'db');
      },
      (s) => s.updatedReplicas === 2 && s.readyReplicas === 3,
      'ordinals 1 and 2 updated',
    );
    expect(await image('db-0')).toBe('db:1');
    expect(await image('db-2')).toBe('db:2');
    expect(partial.currentRevision).toBe(before.currentRevision);
    expect(partial.updateRevision).not.toBe(before.currentRevision);

    await sets.patch('db', { spec: { updateStrategy: { rollingUpdate: { partition: 0 } } } }, { type: 'strategic' });
    const done = await eventually(
      async () => {
        await readyAll(ns);
        return setStatus(ns, 'db');
      },
      (s) => s.updatedReplicas === 3 && s.readyReplicas === 3 && s.currentRevision === s.updateRevision,
      'the rollout to complete',
    );
    expect(done.currentReplicas).toBe(3);
    expect(await image('db-0')).toBe('db:2');
    const revisions = (await cluster.client.resource('controllerrevisions', ns).list()).items;
    expect(revisions.map((r) => r.revision).sort()).toEqual([1, 2]);
  });

  it('creates the claims of volumeClaimTemplates before their pods, unowned under the default Retain policy', async () => {
    const ns = await cluster.namespace();
    await start();
    await cluster.client.resource('statefulsets', ns).create(
      statefulSet('kv', 2, {
        podManagementPolicy: 'Parallel',
        // The container mounts the claim by its template's name, as kube's examples do.
        template: {
          metadata: { labels: { app: 'kv' } },
          spec: { containers: [{ name: 'c', image: 'db:1', volumeMounts: [{ name: 'data', mountPath: '/data' }] }] },
        },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data', labels: { tier: 'db' } },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      }),
    );
    const pods = await eventually(
      () => listPods(cluster.client, ns),
      (p) => p.length === 2,
      'two pods',
    );
    const kv1 = pods.find((p) => p.metadata.name === 'kv-1')!;
    expect(kv1.spec?.volumes?.find((v) => v.name === 'data')?.persistentVolumeClaim).toEqual({
      claimName: 'data-kv-1',
    });
    // The template's mount, then the service account token's that admission adds.
    expect(kv1.spec?.containers?.[0]?.volumeMounts?.[0]).toEqual({ name: 'data', mountPath: '/data' });
    const claims = (await cluster.client.resource('persistentvolumeclaims', ns).list()).items;
    expect(claims.map((c) => c.metadata.name).sort()).toEqual(['data-kv-0', 'data-kv-1']);
    expect(claims[0]!.metadata.labels).toEqual({ app: 'kv', tier: 'db' });
    expect(claims.every((c) => c.metadata.ownerReferences === undefined)).toBe(true);
    await readyAll(ns);
    await eventually(
      () => setStatus(ns, 'kv'),
      (s) => s.readyReplicas === 2,
      'ready',
    );
    await eventsIncluding(
      cluster.client,
      ns,
      'kv',
      'SuccessfulCreate: create Claim data-kv-0 Pod kv-0 in StatefulSet kv success',
    );
  });

  it('owns claims as persistentVolumeClaimRetentionPolicy says: by the set when deleted, by a condemned pod when scaled', async () => {
    const ns = await cluster.namespace();
    await start();
    const sets = cluster.client.resource('statefulsets', ns);
    const created = await sets.create(
      statefulSet('db', 2, {
        podManagementPolicy: 'Parallel',
        persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Delete', whenScaled: 'Delete' },
        volumeClaimTemplates: [
          {
            metadata: { name: 'data' },
            spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
          },
        ],
      }),
    );
    const claims = cluster.client.resource('persistentvolumeclaims', ns);
    await eventually(
      () => claims.list(),
      (l) => l.items.length === 2,
      'two claims',
    );
    const owners = (await claims.get('data-db-0')).metadata.ownerReferences;
    const setRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'db', uid: created.metadata.uid };
    expect(owners).toEqual([{ ...setRef, controller: true, blockOwnerDeletion: true }]);
    await readyAll(ns);
    await sets.patch('db', { spec: { replicas: 1 } }, { type: 'merge' });
    // db-1 is condemned: its claim is owned by the pod instead of the set before the pod goes
    // (kube 1.32's updateClaimOwnerRefForSetAndPod: one controller reference, never both).
    const condemned = await eventually(
      () => claims.get('data-db-1'),
      (c) => (c.metadata.ownerReferences ?? []).some((r) => r.kind === 'Pod' && r.name === 'db-1'),
      'claim owned by its condemned pod',
    );
    expect(condemned.metadata.ownerReferences).toEqual([
      expect.objectContaining({ kind: 'Pod', name: 'db-1', controller: true, blockOwnerDeletion: true }),
    ]);
  });
});
