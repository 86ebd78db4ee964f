import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.test-support.js';
import { createSeen, namespace, quotaSeen, syncedQuota, usedOf } from './resource-quota.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const configMap = (name: string) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });

describe('ResourceQuota admission of dry runs', () => {
  const NS = 'rq-dry';
  const CMS = `/api/v1/namespaces/${NS}/configmaps`;
  beforeAll(async () => {
    await namespace(t, NS);
    await syncedQuota(t, NS, 'cm', { configmaps: '1' }, { configmaps: '0' });
  });

  it('admits a dry-run create that fits without charging the quota', async () => {
    const res = await t.req('POST', `${CMS}?dryRun=All`, configMap('dry'));
    expect(res.status).toBe(201);
    expect(await usedOf(t, NS, 'cm')).toEqual({ configmaps: '0' });
    expect((await t.req('GET', `${CMS}/dry`)).status).toBe(404);
    // The quota still has room for a real create after the dry run.
    const real = await t.req('POST', CMS, configMap('real'));
    expect(real.status).toBe(201);
    expect(await usedOf(t, NS, 'cm')).toEqual({ configmaps: '1' });
  });

  it('refuses a dry-run create past the limit with exceeded quota', async () => {
    await quotaSeen(t, NS, 'cm');
    const res = await t.req('POST', `${CMS}?dryRun=All`, configMap('over'));
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(res.body.message).toBe(
      'configmaps "over" is forbidden: exceeded quota: cm, requested: configmaps=1, used: configmaps=1, limited: configmaps=1',
    );
    expect(await usedOf(t, NS, 'cm')).toEqual({ configmaps: '1' });
  });
});

describe('ResourceQuota admission before the controller syncs a quota', () => {
  const NS = 'rq-unsynced';
  it('constrains nothing while status.hard is unset (kube evaluates status.hard, never spec.hard)', async () => {
    await namespace(t, NS);
    await createSeen(t, `/api/v1/namespaces/${NS}/resourcequotas`, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'new' },
      spec: { hard: { secrets: '1' } },
    });
    for (const name of ['s1', 's2']) {
      const res = await t.req('POST', `/api/v1/namespaces/${NS}/secrets`, {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name },
      });
      expect(res.status).toBe(201);
    }
    expect(await usedOf(t, NS, 'new')).toBeUndefined();
  });
});

describe('ResourceQuota admission of updates', () => {
  const NS = 'rq-update';
  const PVCS = `/api/v1/namespaces/${NS}/persistentvolumeclaims`;
  const SVCS = `/api/v1/namespaces/${NS}/services`;
  const merge = { 'content-type': 'application/merge-patch+json' };
  const grow = (storage: string) => ({ spec: { resources: { requests: { storage } } } });

  beforeAll(async () => {
    await namespace(t, NS);
    await syncedQuota(
      t,
      NS,
      'storage',
      { 'requests.storage': '2Gi', persistentvolumeclaims: '5' },
      { 'requests.storage': '0', persistentvolumeclaims: '0' },
    );
    await syncedQuota(
      t,
      NS,
      'lb',
      { 'services.loadbalancers': '0', services: '1' },
      { 'services.loadbalancers': '0', services: '0' },
    );
    await createSeen(t, PVCS, {
      apiVersion: 'v1',
      kind: 'PersistentVolumeClaim',
      metadata: { name: 'data' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    });
    // Only a bound claim may grow its request.
    const claim = (await t.req('GET', `${PVCS}/data`)).body;
    const bound = await t.req('PUT', `${PVCS}/data/status`, { ...claim, status: { phase: 'Bound' } });
    expect(bound.status).toBe(200);
    await quotaSeen(t, NS, 'storage');
  });

  it('checks a dry-run update without charging it', async () => {
    const res = await t.req('PATCH', `${PVCS}/data?dryRun=All`, grow('2Gi'), merge);
    expect(res.status).toBe(200);
    expect(res.body.spec.resources.requests.storage).toBe('2Gi');
    expect(await usedOf(t, NS, 'storage')).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '1Gi' });
    const over = await t.req('PATCH', `${PVCS}/data?dryRun=All`, grow('4Gi'), merge);
    expect(over.status).toBe(403);
    expect(over.body.message).toBe(
      'persistentvolumeclaims "data" is forbidden: exceeded quota: storage, requested: requests.storage=3Gi, ' +
        'used: requests.storage=1Gi, limited: requests.storage=2Gi',
    );
  });

  it('charges a claim growing its storage request with the growth only', async () => {
    const res = await t.req('PATCH', `${PVCS}/data`, grow('2Gi'), merge);
    expect(res.status).toBe(200);
    expect(await usedOf(t, NS, 'storage')).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '2Gi' });
  });

  it('refuses a claim growing past the quota with exceeded quota, counting the growth as requested', async () => {
    await quotaSeen(t, NS, 'storage');
    const res = await t.req('PATCH', `${PVCS}/data`, grow('3Gi'), merge);
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(res.body.message).toBe(
      'persistentvolumeclaims "data" is forbidden: exceeded quota: storage, requested: requests.storage=1Gi, ' +
        'used: requests.storage=2Gi, limited: requests.storage=2Gi',
    );
    expect((await t.req('GET', `${PVCS}/data`)).body.spec.resources.requests.storage).toBe('2Gi');
  });

  it('admits updates that add no usage while the quota is full', async () => {
    await quotaSeen(t, NS, 'storage');
    const res = await t.req('PATCH', `${PVCS}/data`, { metadata: { labels: { tier: 'db' } } }, merge);
    expect(res.status).toBe(200);
    expect(await usedOf(t, NS, 'storage')).toEqual({ persistentvolumeclaims: '1', 'requests.storage': '2Gi' });
  });

  it('refuses a service changing its type to LoadBalancer past services.loadbalancers', async () => {
    await createSeen(t, SVCS, {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'web' },
      spec: { ports: [{ port: 80 }] },
    });
    await quotaSeen(t, NS, 'lb');
    expect(await usedOf(t, NS, 'lb')).toEqual({ services: '1', 'services.loadbalancers': '0' });
    const res = await t.req('PATCH', `${SVCS}/web`, { spec: { type: 'LoadBalancer' } }, merge);
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(res.body.message).toBe(
      'services "web" is forbidden: exceeded quota: lb, requested: services.loadbalancers=1, ' +
        'used: services.loadbalancers=0, limited: services.loadbalancers=0',
    );
    expect((await t.req('GET', `${SVCS}/web`)).body.spec.type).toBe('ClusterIP');
  });

  it('charges nothing when a counted-only kind is updated (its evaluator handles creates only)', async () => {
    await syncedQuota(t, NS, 'cm', { configmaps: '1' }, { configmaps: '0' });
    await createSeen(t, `/api/v1/namespaces/${NS}/configmaps`, configMap('settings'));
    await quotaSeen(t, NS, 'cm');
    const res = await t.req('PATCH', `/api/v1/namespaces/${NS}/configmaps/settings`, { data: { a: 'b' } }, merge);
    expect(res.status).toBe(200);
    expect(await usedOf(t, NS, 'cm')).toEqual({ configmaps: '1' });
  });
});
