// The garbage collector against a real API server, with no other controller running:
// background, foreground and orphan cascades, and dependents of owners that never existed.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { eventually, runControllers, scalableCrd, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newGarbageCollectorController } from './controller.js';
import { ENABLE_FLAG } from './flags.js';
import { createConfigMap, createPod, createReplicaSet, exists, podNames, refTo } from './gc.test-support.js';

const bed = useControllerTestBed((ctx) => [newGarbageCollectorController(ctx, { workers: 2 })]);
const { cluster, start } = bed;

describe('garbage collector', () => {
  it("deletes a ReplicaSet's pods once it is deleted, and only the dangling reference of a pod with another owner", async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    const rs = await createReplicaSet(c, ns, 'web');
    const keeper = await createConfigMap(c, ns, 'keeper');
    const owned = refTo(rs, { controller: true, blockOwnerDeletion: true });
    await createPod(c, ns, 'web-a', [owned]);
    await createPod(c, ns, 'web-b', [owned]);
    const keeperRef = refTo(keeper, { apiVersion: 'v1', kind: 'ConfigMap' });
    await createPod(c, ns, 'shared', [owned, keeperRef]);
    await start();
    await c.resource('replicasets', ns).delete('web');
    await eventually(
      () => podNames(c, ns),
      (names) => names.join() === 'shared',
      'the pods owned by the ReplicaSet alone gone',
    );
    const shared = await eventually(
      () => c.resource('pods', ns).get('shared'),
      (p) => p.metadata.ownerReferences?.length === 1,
      'the dangling reference removed',
    );
    expect(shared.metadata.ownerReferences).toEqual([keeperRef]);
    expect(shared.metadata.deletionTimestamp).toBeUndefined();
  });

  it('foreground: the owner stays until its blocking dependents are gone, then goes', async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    const rs = await createReplicaSet(c, ns, 'fg');
    await createPod(c, ns, 'blocking', [refTo(rs, { blockOwnerDeletion: true })], ['example.com/hold']);
    await createPod(c, ns, 'free', [refTo(rs, { blockOwnerDeletion: false })]);
    await start();
    await c.resource('replicasets', ns).delete('fg', { propagationPolicy: 'Foreground' });
    await eventually(
      () => c.resource('pods', ns).list(),
      (l) => l.items.length === 1 && !!l.items[0]!.metadata.deletionTimestamp,
      'the free pod gone and the blocking one terminating',
    );
    // The ReplicaSet waits for its blocking dependent.
    const waiting = await c.resource('replicasets', ns).get('fg');
    expect(waiting.metadata.deletionTimestamp).toBeDefined();
    expect(waiting.metadata.finalizers).toEqual(['foregroundDeletion']);

    await c.resource('pods', ns).patch('blocking', { metadata: { finalizers: null } }, { type: 'merge' });
    await eventually(
      () => exists(() => c.resource('replicasets', ns).get('fg')),
      (e) => !e,
      'the ReplicaSet deleted once its blocking pod is gone',
    );
    expect(await podNames(c, ns)).toEqual([]);
  });

  it('foreground through two levels: the ReplicaSet is deleted in the foreground too, and the Deployment goes last', async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    const deploy = await c.resource('deployments', ns).create({
      metadata: { name: 'app' },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'app' } },
        template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
    const controlled = { controller: true, blockOwnerDeletion: true };
    const rs = await c.resource('replicasets', ns).create({
      metadata: { name: 'app-1', ownerReferences: [refTo(deploy, { kind: 'Deployment', ...controlled })] },
      spec: {
        replicas: 0,
        selector: { matchLabels: { app: 'app' } },
        template: { metadata: { labels: { app: 'app' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
      },
    });
    await createPod(c, ns, 'app-1-x', [refTo(rs, controlled)], ['example.com/hold']);
    await start();
    await c.resource('deployments', ns).delete('app', { propagationPolicy: 'Foreground' });
    await eventually(
      () => c.resource('pods', ns).get('app-1-x'),
      (p) => !!p.metadata.deletionTimestamp,
      'the pod terminating',
    );
    const waitingRs = await eventually(
      () => c.resource('replicasets', ns).get('app-1'),
      (r) => !!r.metadata.deletionTimestamp,
      'the ReplicaSet deleted in the foreground',
    );
    expect(waitingRs.metadata.finalizers).toEqual(['foregroundDeletion']);
    expect((await c.resource('deployments', ns).get('app')).metadata.finalizers).toEqual(['foregroundDeletion']);

    await c.resource('pods', ns).patch('app-1-x', { metadata: { finalizers: null } }, { type: 'merge' });
    await eventually(
      () => exists(() => c.resource('deployments', ns).get('app')),
      (e) => !e,
      'the Deployment deleted after its ReplicaSet',
    );
    expect(await exists(() => c.resource('replicasets', ns).get('app-1'))).toBe(false);
  });

  it('orphan: the dependents keep running without the reference, and the owner goes', async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    const rs = await createReplicaSet(c, ns, 'or');
    const owned = refTo(rs, { controller: true, blockOwnerDeletion: true });
    await createPod(c, ns, 'or-a', [owned]);
    await createPod(c, ns, 'or-b', [owned]);
    await start();
    await c.resource('replicasets', ns).delete('or', { propagationPolicy: 'Orphan' });
    await eventually(
      () => exists(() => c.resource('replicasets', ns).get('or')),
      (e) => !e,
      'the ReplicaSet deleted',
    );
    const pods = (await c.resource('pods', ns).list()).items;
    expect(pods.map((p) => p.metadata.name).sort()).toEqual(['or-a', 'or-b']);
    for (const p of pods) {
      expect(p.metadata.ownerReferences).toBeUndefined();
      expect(p.metadata.deletionTimestamp).toBeUndefined();
    }
  });

  it('deletes a dependent whose owner never existed or has another uid', async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    const rs = await createReplicaSet(c, ns, 'real');
    await start();
    await createPod(c, ns, 'ghost-owned', [refTo({ metadata: { name: 'ghost', uid: randomUUID() } })]);
    await createPod(c, ns, 'stale-uid', [refTo({ metadata: { name: 'real', uid: randomUUID() } })]);
    await createPod(c, ns, 'kept', [refTo(rs)]);
    await eventually(
      () => podNames(c, ns),
      (names) => names.join() === 'kept',
      'the pods of absent owners deleted',
    );
  });

  it('with --enable-garbage-collector=false watches nothing and leaves dependents of absent owners alone', async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    const settings = { [ENABLE_FLAG]: false };
    const running = await runControllers(cluster, (ctx) => [
      newGarbageCollectorController(ctx, { workers: 1, settings }),
    ]);
    try {
      await createPod(c, ns, 'orphaned', [refTo({ metadata: { name: 'ghost', uid: randomUUID() } })]);
      expect(running.ctx.informers.list()).toEqual([]);
      expect(await podNames(c, ns)).toEqual(['orphaned']);
    } finally {
      await running.stop();
    }
  });
  it('collects the dependents of custom resources, and custom resources owned by built-in objects, CRDs added later too', async () => {
    const ns = await cluster.namespace();
    const c = cluster.client;
    await scalableCrd(c, 'doohickeys', 'Doohickey');
    const path = `/apis/example.com/v1/namespaces/${ns}/doohickeys`;
    const createCr = (name: string, ownerReferences: object[] = []) =>
      c.request<{ metadata: { name: string; uid: string } }>({
        method: 'POST',
        path,
        body: { apiVersion: 'example.com/v1', kind: 'Doohickey', metadata: { name, ownerReferences } },
      });
    const owner = await createCr('owner');
    await createConfigMap(c, ns, 'of-owner', [refTo(owner, { apiVersion: 'example.com/v1', kind: 'Doohickey' })]);
    const rs = await createReplicaSet(c, ns, 'rs');
    await createCr('of-rs', [refTo(rs)]);
    const { clock } = await start();
    await c.request({ method: 'DELETE', path: `${path}/owner` });
    await eventually(
      () => exists(() => c.resource('configmaps', ns).get('of-owner')),
      (e) => !e,
      "the custom resource's ConfigMap deleted",
    );
    await c.resource('replicasets', ns).delete('rs');
    await eventually(
      () => c.request<{ items: unknown[] }>({ method: 'GET', path }),
      (l) => l.items.length === 0,
      "the ReplicaSet's custom resource deleted",
    );

    // A CRD created after the collector started is watched from its next resync on.
    await scalableCrd(c, 'whatsits', 'Whatsit');
    const later = `/apis/example.com/v1/namespaces/${ns}/whatsits`;
    const whatsit = await c.request<{ metadata: { name: string; uid: string } }>({
      method: 'POST',
      path: later,
      body: { apiVersion: 'example.com/v1', kind: 'Whatsit', metadata: { name: 'w' } },
    });
    await createConfigMap(c, ns, 'of-whatsit', [refTo(whatsit, { apiVersion: 'example.com/v1', kind: 'Whatsit' })]);
    await c.request({ method: 'DELETE', path: `${later}/w` });
    await eventually(
      async () => {
        await clock.advance(30_000);
        return exists(() => c.resource('configmaps', ns).get('of-whatsit'));
      },
      (e) => !e,
      "the later custom resource's ConfigMap deleted",
    );
  });
});
