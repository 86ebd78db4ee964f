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
