import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.test-support.js';
import { awaitSeen, createSeen, syncedQuota } from './resource-quota.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const ns = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const pod = (name: string, resources?: object, extra: object = {}) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name },
  spec: { containers: [{ name: 'app', image: 'nginx', ...(resources ? { resources } : {}) }], ...extra },
});

describe('LimitRanger', () => {
  const NS = '/api/v1/namespaces/lr/';
  beforeAll(async () => {
    await t.req('POST', '/api/v1/namespaces', ns('lr'));
    await createSeen(t, `${NS}limitranges`, {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'limits' },
      spec: {
        limits: [
          { type: 'Container', default: { cpu: '500m' }, defaultRequest: { cpu: '200m' }, min: { cpu: '100m' } },
        ],
      },
    });
  });

  it('defaults requests and limits and says so in kubernetes.io/limit-ranger', async () => {
    const res = await t.req('POST', `${NS}pods`, pod('defaulted'));
    expect(res.status).toBe(201);
    expect(res.body.spec.containers[0].resources).toEqual({ limits: { cpu: '500m' }, requests: { cpu: '200m' } });
    expect(res.body.metadata.annotations['kubernetes.io/limit-ranger']).toBe(
      'LimitRanger plugin set: cpu request for container app; cpu limit for container app',
    );
  });

  it('refuses a container below the minimum with kube text', async () => {
    const res = await t.req('POST', `${NS}pods`, pod('small', { requests: { cpu: '50m' }, limits: { cpu: '50m' } }));
    expect(res.status).toBe(403);
    expect(res.body.reason).toBe('Forbidden');
    expect(res.body.message).toBe(
      'pods "small" is forbidden: minimum cpu usage per Container is 100m, but request is 50m',
    );
  });

  it('states a problem several containers share once, as kube aggregates them', async () => {
    await createSeen(t, `${NS}limitranges`, {
      apiVersion: 'v1',
      kind: 'LimitRange',
      metadata: { name: 'ratio' },
      spec: { limits: [{ type: 'Container', maxLimitRequestRatio: { memory: '2' } }] },
    });
    const two = pod('two');
    two.spec.containers.push({ name: 'side', image: 'nginx' });
    const res = await t.req('POST', `${NS}pods`, two);
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'pods "two" is forbidden: memory max limit to request ratio per Container is 2, but no request is specified or request is 0',
    );
  });
});

describe('ResourceQuota admission', () => {
  const NS = '/api/v1/namespaces/rq/';
  const quota = (name: string, hard: Record<string, string>, used: Record<string, string>) =>
    syncedQuota(t, 'rq', name, hard, used);

  beforeAll(async () => {
    await t.req('POST', '/api/v1/namespaces', ns('rq'));
    await quota('pods', { pods: '2', 'requests.cpu': '1' }, { pods: '0', 'requests.cpu': '0' });
  });

  it('charges status.used and refuses the create past the limit with exceeded quota', async () => {
    const small = { requests: { cpu: '100m' } };
    expect((await t.req('POST', `${NS}pods`, pod('a', small))).status).toBe(201);
    expect((await t.req('POST', `${NS}pods`, pod('b', small))).status).toBe(201);
    const used = (await t.req('GET', `${NS}resourcequotas/pods`)).body.status.used;
    expect(used).toEqual({ pods: '2', 'requests.cpu': '200m' });
    const res = await t.req('POST', `${NS}pods`, pod('c', small));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe(
      'pods "c" is forbidden: exceeded quota: pods, requested: pods=1, used: pods=2, limited: pods=2',
    );
  });

  it('asks pods to state the cpu a quota constrains', async () => {
    const res = await t.req('POST', `${NS}pods`, pod('d'));
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('pods "d" is forbidden: failed quota: pods: must specify requests.cpu for: app');
  });

  it('lets no parallel creates past the limit', async () => {
    await t.req('POST', '/api/v1/namespaces', ns('rq2'));
    const path = '/api/v1/namespaces/rq2/';
    const created = await t.req('POST', `${path}resourcequotas`, {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'cm' },
      spec: { hard: { configmaps: '3' } },
    });
    const res = await t.req('PUT', `${path}resourcequotas/cm/status`, {
      ...created.body,
      status: { hard: { configmaps: '3' }, used: { configmaps: '0' } },
    });
    await awaitSeen(t, `${path}resourcequotas`, res.body.metadata.resourceVersion);
    const results = await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        t.req('POST', `${path}configmaps`, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm${i}` } }),
      ),
    );
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 403)).toHaveLength(5);
    expect((await t.req('GET', `${path}resourcequotas/cm`)).body.status.used).toEqual({ configmaps: '3' });
  });

  it('refuses objects a quota covers until its usage is known', async () => {
    await t.req('POST', '/api/v1/namespaces', ns('rq3'));
    const fresh = await createSeen(t, '/api/v1/namespaces/rq3/resourcequotas', {
      apiVersion: 'v1',
      kind: 'ResourceQuota',
      metadata: { name: 'fresh' },
      spec: { hard: { secrets: '5' } },
    });
    // As kube: a quota constrains what its status.hard names; here status.used does not count it yet.
    const synced = await t.req('PUT', '/api/v1/namespaces/rq3/resourcequotas/fresh/status', {
      ...fresh,
      status: { hard: { secrets: '5' } },
    });
    expect(synced.status).toBe(200);
    await awaitSeen(t, '/api/v1/namespaces/rq3/resourcequotas', synced.body.metadata.resourceVersion);
    const res = await t.req('POST', '/api/v1/namespaces/rq3/secrets', {
      apiVersion: 'v1',
      kind: 'Secret',
      metadata: { name: 's' },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toBe('secrets "s" is forbidden: status unknown for quota: fresh, resources: secrets');
  });
});
