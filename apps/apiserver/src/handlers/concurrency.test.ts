/**
 * Optimistic concurrency as kube-apiserver: writes without a resourceVersion precondition
 * (PUT, merge / JSON / strategic patches, server-side apply, scale) are retried inside the
 * server until they land, so hundreds of them at once all succeed with every change kept;
 * a stale resourceVersion, a true apply conflict or a write naming another object fails.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, startTestServer, type TestResponse, type TestServer } from '../harness.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const CM = '/api/v1/namespaces/default/configmaps';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';
const LEASES = '/apis/coordination.k8s.io/v1/namespaces/default/leases';
const MERGE = { 'content-type': 'application/merge-patch+json' };
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
const STRATEGIC = { 'content-type': 'application/strategic-merge-patch+json' };
const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const N = 200;

function configMap(name: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { seed: 'x' }, ...extra };
}

async function all(count: number, send: (i: number) => Promise<TestResponse>): Promise<TestResponse[]> {
  return Promise.all(Array.from({ length: count }, (_, i) => send(i)));
}

function statuses(responses: TestResponse[]): Record<number, number> {
  const out: Record<number, number> = {};
  for (const r of responses) out[r.status] = (out[r.status] ?? 0) + 1;
  return out;
}

function range(prefix: string, count = N): string[] {
  return Array.from({ length: count }, (_, i) => `${prefix}${i}`);
}

describe('concurrent writes without a resourceVersion all succeed', () => {
  it(`${N} merge patches of distinct labels`, async () => {
    expect((await t.req('POST', CM, configMap('labels'))).status).toBe(201);
    const res = await all(N, (i) =>
      t.req('PATCH', `${CM}/labels`, { metadata: { labels: { [`l${i}`]: 'v' } } }, MERGE),
    );
    expect(statuses(res)).toEqual({ 200: N });
    const got = (await t.req('GET', `${CM}/labels`)).body;
    expect(Object.keys(got.metadata.labels).sort()).toEqual(range('l').sort());
  });

  it(`${N} JSON patches adding distinct annotations`, async () => {
    // A non-empty map to add to: an empty one is not stored (Go's omitempty), and a JSON
    // patch cannot add under a path that is missing.
    const seeded = { metadata: { name: 'json', annotations: { seed: 's' } } };
    expect((await t.req('POST', CM, configMap('json', seeded))).status).toBe(201);
    const res = await all(N, (i) =>
      t.req('PATCH', `${CM}/json`, [{ op: 'add', path: `/metadata/annotations/a${i}`, value: String(i) }], JSON_PATCH),
    );
    expect(statuses(res)).toEqual({ 200: N });
    const got = (await t.req('GET', `${CM}/json`)).body;
    expect(Object.keys(got.metadata.annotations).sort()).toEqual([...range('a'), 'seed'].sort());
  });

  it(`${N} strategic merge patches each adding an env var to the same container`, async () => {
    expect((await t.req('POST', DEPLOYS, deployment('smp'))).status).toBe(201);
    const res = await all(N, (i) =>
      t.req(
        'PATCH',
        `${DEPLOYS}/smp`,
        { spec: { template: { spec: { containers: [{ name: 'c', env: [{ name: `E${i}`, value: 'v' }] }] } } } },
        STRATEGIC,
      ),
    );
    expect(statuses(res)).toEqual({ 200: N });
    const got = (await t.req('GET', `${DEPLOYS}/smp`)).body;
    const env = got.spec.template.spec.containers[0].env.map((e: { name: string }) => e.name);
    expect(env.sort()).toEqual(range('E').sort());
  });

  it(`${N} server-side applies of distinct fields by distinct managers, racing to create the object`, async () => {
    const res = await all(N, (i) =>
      t.req(
        'PATCH',
        `${CM}/applied?fieldManager=m${i}`,
        JSON.stringify(configMap('applied', { data: { seed: 'x', [`k${i}`]: 'v' } })),
        APPLY,
      ),
    );
    // `seed` is applied by everyone with the same value: shared ownership, not a conflict.
    expect(statuses(res)).toEqual({ 200: N - 1, 201: 1 });
    const got = (await t.req('GET', `${CM}/applied`)).body;
    expect(Object.keys(got.data).sort()).toEqual([...range('k'), 'seed'].sort());
    expect(got.metadata.managedFields.map((m: { manager: string }) => m.manager).sort()).toEqual(range('m').sort());
  });

  it(`${N} PUTs without resourceVersion: each is stored, the last one wins`, async () => {
    expect((await t.req('POST', CM, configMap('put'))).status).toBe(201);
    const res = await all(N, (i) => t.req('PUT', `${CM}/put`, configMap('put', { data: { writer: String(i) } })));
    expect(statuses(res)).toEqual({ 200: N });
    const rvs = res.map((r) => Number(r.body.metadata.resourceVersion));
    expect(new Set(rvs).size).toBe(N);
    const last = res[rvs.indexOf(Math.max(...rvs))]!.body;
    const got = (await t.req('GET', `${CM}/put`)).body;
    expect(got.data).toEqual(last.data);
    expect(got.metadata.resourceVersion).toBe(last.metadata.resourceVersion);
  });

  it('100 scale patches and 100 label patches of one deployment at once', async () => {
    expect((await t.req('POST', DEPLOYS, deployment('scaled'))).status).toBe(201);
    const res = await all(200, (i) =>
      i % 2 === 0
        ? t.req('PATCH', `${DEPLOYS}/scaled/scale`, { spec: { replicas: i } }, MERGE)
        : t.req('PATCH', `${DEPLOYS}/scaled`, { metadata: { labels: { [`l${i}`]: 'v' } } }, MERGE),
    );
    expect(statuses(res)).toEqual({ 200: 200 });
    const got = (await t.req('GET', `${DEPLOYS}/scaled`)).body;
    expect(Object.keys(got.metadata.labels)).toHaveLength(100);
    expect(got.spec.replicas % 2).toBe(0);
  });
});

describe('what still fails', () => {
  it('409 for a stale resourceVersion, whether in a PUT body or in a patch', async () => {
    const created = (await t.req('POST', CM, configMap('stale'))).body;
    expect((await t.req('PATCH', `${CM}/stale`, { data: { a: '1' } }, MERGE)).status).toBe(200);
    const message =
      'Operation cannot be fulfilled on configmaps "stale": the object has been modified; please apply your changes to the latest version and try again';
    const put = await t.req('PUT', `${CM}/stale`, { ...created, data: { b: '2' } });
    expect(put.status).toBe(409);
    expect(put.body).toMatchObject({ reason: 'Conflict', message, details: { name: 'stale', kind: 'configmaps' } });
    const rv = created.metadata.resourceVersion;
    const patch = await t.req('PATCH', `${CM}/stale`, { metadata: { resourceVersion: rv }, data: { c: '3' } }, MERGE);
    expect(patch.status).toBe(409);
    expect(patch.body.message).toBe(message);
  });

  it("409 with kube's precondition message for a DELETE whose resourceVersion is stale", async () => {
    const created = (await t.req('POST', CM, configMap('del'))).body;
    expect((await t.req('PATCH', `${CM}/del`, { data: { a: '1' } }, MERGE)).status).toBe(200);
    const current = (await t.req('GET', `${CM}/del`)).body.metadata.resourceVersion;
    const res = await t.req('DELETE', `${CM}/del`, {
      apiVersion: 'v1',
      kind: 'DeleteOptions',
      preconditions: { resourceVersion: created.metadata.resourceVersion },
    });
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      reason: 'Conflict',
      message: `Operation cannot be fulfilled on configmaps "del": Precondition failed: ResourceVersion in precondition: ${created.metadata.resourceVersion}, ResourceVersion in object meta: ${current}`,
      details: { name: 'del', kind: 'configmaps' },
    });
    expect((await t.req('GET', `${CM}/del`)).status).toBe(200);
  });

  it('409 for a true apply conflict, listing each manager and its fields as kube does', async () => {
    const owner = configMap('owned', { data: { a: '1', b: '2' } });
    expect((await t.req('PATCH', `${CM}/owned?fieldManager=owner`, JSON.stringify(owner), APPLY)).status).toBe(201);
    expect((await t.req('PATCH', `${CM}/owned?fieldManager=editor`, { data: { c: '3' } }, MERGE)).status).toBe(200);
    const taker = configMap('owned', { data: { a: 'x', b: 'y', c: 'z' } });
    const res = await t.req('PATCH', `${CM}/owned?fieldManager=taker`, JSON.stringify(taker), APPLY);
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      'Apply failed with 3 conflicts: conflicts with "editor" using v1:\n- .data.c\nconflicts with "owner":\n- .data.a\n- .data.b',
    );
    expect(res.body.details.causes).toEqual(
      expect.arrayContaining([
        { reason: 'FieldManagerConflict', message: 'conflict with "owner"', field: '.data.a' },
        { reason: 'FieldManagerConflict', message: 'conflict with "editor" using v1', field: '.data.c' },
      ]),
    );
  });

  it('422 for a PUT of a Lease without resourceVersion (its strategy forbids unconditional updates); patches retry', async () => {
    const lease = { apiVersion: 'coordination.k8s.io/v1', kind: 'Lease', metadata: { name: 'l' }, spec: {} };
    const created = (await t.req('POST', LEASES, lease)).body;
    const res = await t.req('PUT', `${LEASES}/l`, { ...lease, spec: { holderIdentity: 'a' } });
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({
      reason: 'Invalid',
      message:
        'leases.coordination.k8s.io "l" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update',
      details: { name: 'l', group: 'coordination.k8s.io', kind: 'leases' },
    });
    const withRv = await t.req('PUT', `${LEASES}/l`, { ...created, spec: { holderIdentity: 'a' } });
    expect(withRv.status).toBe(200);
    const patches = await all(20, (i) =>
      t.req('PATCH', `${LEASES}/l`, { metadata: { labels: { [`l${i}`]: 'v' } } }, MERGE),
    );
    expect(statuses(patches)).toEqual({ 200: 20 });
  });
});

describe('a write must name the object of its URL', () => {
  const NS_MISMATCH = 'the namespace of the provided object does not match the namespace sent on the request';

  it('400 for a create whose body names another namespace', async () => {
    const res = await t.req(
      'POST',
      CM,
      configMap('elsewhere', { metadata: { name: 'elsewhere', namespace: 'kube-system' } }),
    );
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ reason: 'BadRequest', message: NS_MISMATCH });
  });

  it("400 for a PUT body with another namespace or name; an empty namespace takes the URL's", async () => {
    expect((await t.req('POST', CM, configMap('ident'))).status).toBe(201);
    const ns = await t.req(
      'PUT',
      `${CM}/ident`,
      configMap('ident', { metadata: { name: 'ident', namespace: 'kube-system' } }),
    );
    expect(ns.status).toBe(400);
    expect(ns.body.message).toBe(NS_MISMATCH);
    const name = await t.req('PUT', `${CM}/ident`, configMap('other'));
    expect(name.status).toBe(400);
    expect(name.body.message).toBe('the name of the object (other) does not match the name on the URL (ident)');
    const ok = await t.req('PUT', `${CM}/ident`, configMap('ident', { metadata: { name: 'ident', namespace: '' } }));
    expect(ok.status).toBe(200);
    expect(ok.body.metadata.namespace).toBe('default');
  });

  it('400 for patches (JSON, merge, strategic) and applies that change the name or namespace', async () => {
    expect((await t.req('POST', CM, configMap('moved'))).status).toBe(201);
    const jsonNs = await t.req(
      'PATCH',
      `${CM}/moved`,
      [{ op: 'replace', path: '/metadata/namespace', value: 'kube-system' }],
      JSON_PATCH,
    );
    expect(jsonNs.status).toBe(400);
    expect(jsonNs.body.message).toBe(NS_MISMATCH);
    const jsonName = await t.req(
      'PATCH',
      `${CM}/moved`,
      [{ op: 'replace', path: '/metadata/name', value: 'x' }],
      JSON_PATCH,
    );
    expect(jsonName.body.message).toBe('the name of the object (x) does not match the name on the URL (moved)');
    const removed = await t.req('PATCH', `${CM}/moved`, [{ op: 'remove', path: '/metadata/name' }], JSON_PATCH);
    expect(removed.body.message).toBe('the name of the object () does not match the name on the URL (moved)');
    const merge = await t.req('PATCH', `${CM}/moved`, { metadata: { namespace: 'kube-system' } }, MERGE);
    expect(merge.body.message).toBe(NS_MISMATCH);
    const smp = await t.req('PATCH', `${CM}/moved`, { metadata: { name: 'y' } }, STRATEGIC);
    expect(smp.body.message).toBe('the name of the object (y) does not match the name on the URL (moved)');
    const applied = configMap('moved', { metadata: { name: 'moved', namespace: 'kube-system' } });
    const apply = await t.req('PATCH', `${CM}/moved?fieldManager=a`, JSON.stringify(applied), APPLY);
    expect(apply.status).toBe(400);
    expect(apply.body.message).toBe(NS_MISMATCH);
    for (const r of [jsonName, removed, merge, smp]) expect(r.status).toBe(400);
    const got = (await t.req('GET', `${CM}/moved`)).body;
    expect(got.metadata).toMatchObject({ name: 'moved', namespace: 'default' });
    expect(got.metadata.resourceVersion).toBeDefined();
    expect((await t.req('GET', '/api/v1/namespaces/kube-system/configmaps/moved')).status).toBe(404);
  });
});
