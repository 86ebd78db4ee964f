import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { etcdctl } from '@wheelhouse/testing';
import { deployment, pod, startTestServer, type TestServer } from '../harness.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const PODS = '/api/v1/namespaces/default/pods';
const DEPLOYS = '/apis/apps/v1/namespaces/default/deployments';

describe('storage', () => {
  it('stores objects as JSON under /registry/<resource>/<namespace>/<name> with resourceVersion = mod_revision', async () => {
    const res = await t.req('POST', PODS, pod('store-1', { app: 'web' }));
    expect(res.status).toBe(201);
    const got = await etcdctl(t.etcd.endpoint, ['get', '/registry/pods/default/store-1', '-w', 'json']);
    const kv = JSON.parse(got.stdout).kvs[0];
    const stored = JSON.parse(Buffer.from(kv.value, 'base64').toString());
    expect(stored.metadata.name).toBe('store-1');
    expect(stored.metadata.resourceVersion).toBeUndefined();
    expect(res.body.metadata.resourceVersion).toBe(String(kv.mod_revision));
    const cached = await t.req('GET', `${PODS}/store-1?resourceVersion=0`);
    expect(cached.body.metadata.uid).toBe(res.body.metadata.uid);
    const ns = await etcdctl(t.etcd.endpoint, ['get', '/registry/namespaces/kube-system', '--print-value-only']);
    expect(JSON.parse(ns.stdout).metadata.name).toBe('kube-system');
  });

  it('draws a new name when the one generated from generateName is taken, up to eight times, as kube-apiserver', async () => {
    const body = { metadata: { generateName: 'clash-' }, spec: { containers: [{ name: 'c', image: 'x' }] } };
    let draws = 0;
    // The first ten draws are 0 (two creates drawing the same name), then 0.5.
    const random = vi.spyOn(Math, 'random').mockImplementation(() => (draws++ < 10 ? 0 : 0.5));
    try {
      const first = await t.req('POST', PODS, body);
      const second = await t.req('POST', PODS, body);
      expect(first.status).toBe(201);
      expect(second.status).toBe(201);
      expect(second.body.metadata.name).toMatch(/^clash-[a-z0-9]{5}$/);
      expect(second.body.metadata.name).not.toBe(first.body.metadata.name);
      // Every draw the same: eight attempts, then the conflict is the answer.
      draws = 0;
      random.mockImplementation(() => 0);
      const third = await t.req('POST', PODS, body);
      expect(third.status).toBe(409);
      expect(third.body).toMatchObject({
        reason: 'AlreadyExists',
        message: `pods "${first.body.metadata.name}" already exists`,
      });
    } finally {
      random.mockRestore();
    }
  });

  it('fills uid, creationTimestamp, generation and a name from generateName', async () => {
    const res = await t.req('POST', PODS, {
      metadata: { generateName: 'gen-' },
      spec: { containers: [{ name: 'c', image: 'x' }] },
    });
    expect(res.status).toBe(201);
    expect(res.body.metadata.name).toMatch(/^gen-[a-z0-9]{5}$/);
    expect(res.body.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    // Pods have no generation in Kubernetes 1.32; kinds with a spec strategy start at 1.
    expect(res.body.metadata.generation).toBeUndefined();
    expect(res.body).toMatchObject({ kind: 'Pod', apiVersion: 'v1', status: { phase: 'Pending' } });
    expect(res.body.spec).toMatchObject({
      restartPolicy: 'Always',
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
      terminationGracePeriodSeconds: 30,
      serviceAccountName: 'default',
    });
  });
  it("drops empty metadata maps and lists, as Go's omitempty does, on create, update and patch", async () => {
    const empty = { labels: {}, annotations: {}, finalizers: [], ownerReferences: [] };
    const created = await t.req('POST', PODS, { ...pod('empty-meta'), metadata: { name: 'empty-meta', ...empty } });
    expect(created.status).toBe(201);
    const absent = (meta: Record<string, unknown>) =>
      ['labels', 'annotations', 'finalizers', 'ownerReferences'].filter((k) => k in meta);
    expect(absent(created.body.metadata)).toEqual([]);
    const labelled = await t.req(
      'PATCH',
      `${PODS}/empty-meta`,
      { metadata: { labels: { a: 'b' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(labelled.body.metadata.labels).toEqual({ a: 'b' });
    const put = await t.req('PUT', `${PODS}/empty-meta`, {
      ...labelled.body,
      metadata: { ...labelled.body.metadata, ...empty },
    });
    expect(put.status).toBe(200);
    expect(absent(put.body.metadata)).toEqual([]);
    expect(absent((await t.req('GET', `${PODS}/empty-meta`)).body.metadata)).toEqual([]);
  });
});

describe('errors as Kubernetes Status objects', () => {
  it('409 AlreadyExists on a second create', async () => {
    await t.req('POST', DEPLOYS, deployment('dup'));
    const res = await t.req('POST', DEPLOYS, deployment('dup'));
    expect(res.status).toBe(409);
    expect(res.body).toMatchObject({
      kind: 'Status',
      apiVersion: 'v1',
      status: 'Failure',
      reason: 'AlreadyExists',
      code: 409,
      message: 'deployments.apps "dup" already exists',
      details: { name: 'dup', group: 'apps', kind: 'deployments' },
    });
  });

  it('404 NotFound for missing objects and unknown paths', async () => {
    const core = await t.req('GET', `${PODS}/nope`);
    expect(core.status).toBe(404);
    expect(core.body).toMatchObject({
      reason: 'NotFound',
      message: 'pods "nope" not found',
      details: { name: 'nope', kind: 'pods' },
    });
    const apps = await t.req('GET', `${DEPLOYS}/nope`);
    expect(apps.body.message).toBe('deployments.apps "nope" not found');
    const unknown = await t.req('GET', '/api/v1/namespaces/default/widgets');
    expect(unknown.status).toBe(404);
    expect(unknown.body.message).toBe('the server could not find the requested resource');
    expect((await t.req('GET', '/nowhere')).body.reason).toBe('NotFound');
  });

  it('409 Conflict on an update with a stale resourceVersion', async () => {
    const created = (await t.req('POST', DEPLOYS, deployment('stale'))).body;
    const fresh = { ...created, spec: { ...created.spec, replicas: 2 } };
    expect((await t.req('PUT', `${DEPLOYS}/stale`, fresh)).status).toBe(200);
    const res = await t.req('PUT', `${DEPLOYS}/stale`, { ...created, spec: { ...created.spec, replicas: 3 } });
    expect(res.status).toBe(409);
    expect(res.body.message).toBe(
      'Operation cannot be fulfilled on deployments.apps "stale": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('422 Invalid for a bad name or labels', async () => {
    const res = await t.req('POST', PODS, pod('Bad_Name'));
    expect(res.status).toBe(422);
    expect(res.body.reason).toBe('Invalid');
    expect(res.body.message).toContain('Pod "Bad_Name" is invalid: metadata.name: Invalid value: "Bad_Name"');
    expect(res.body.details.causes[0]).toMatchObject({ reason: 'FieldValueInvalid', field: 'metadata.name' });
    const labels = await t.req('POST', PODS, pod('ok-name', { 'bad key!': 'x' }));
    expect(labels.status).toBe(422);
    const missing = await t.req('POST', PODS, { metadata: {}, spec: {} });
    expect(missing.body.message).toContain('name or generateName is required');
  });

  it('400 for malformed JSON or YAML and a kind that does not match the URL; the server keeps serving', async () => {
    const bad = await t.req('POST', PODS, '{"metadata": ', { 'content-type': 'application/json' });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
    const badYaml = await t.req('POST', PODS, 'metadata: [unclosed', { 'content-type': 'application/yaml' });
    expect(badYaml.status).toBe(400);
    const notObject = await t.req('POST', PODS, '[1,2]', { 'content-type': 'application/json' });
    expect(notObject.status).toBe(400);
    const kind = await t.req('POST', PODS, { ...pod('k'), kind: 'Service' });
    expect(kind.status).toBe(400);
    const patch = await t.req('PATCH', `${PODS}/store-1`, 'not json', {
      'content-type': 'application/merge-patch+json',
    });
    expect(patch.status).toBe(400);
    expect((await t.req('GET', '/readyz')).status).toBe(200);
  });

  it('413 for bodies over 3 MiB', async () => {
    const big = JSON.stringify({ metadata: { name: 'big' }, data: { x: 'a'.repeat(3 * 1024 * 1024 + 10) } });
    const res = await t.req('POST', '/api/v1/namespaces/default/configmaps', big, {
      'content-type': 'application/json',
    });
    expect(res.status).toBe(413);
    expect(res.body.reason).toBe('RequestEntityTooLarge');
  });

  it('accepts YAML and bodies without a Content-Type', async () => {
    const yaml = await t.req(
      'POST',
      '/api/v1/namespaces/default/configmaps',
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  a: "1"\n',
      { 'content-type': 'application/yaml' },
    );
    expect(yaml.status).toBe(201);
    expect(yaml.body.data).toEqual({ a: '1' });
    const none = await fetch(`${t.url}/api/v1/namespaces/default/configmaps`, {
      method: 'POST',
      body: Buffer.from(JSON.stringify({ metadata: { name: 'no-ct' } })),
    });
    expect(none.status).toBe(201);
  });

  it('404 for objects in a namespace that does not exist', async () => {
    const res = await t.req('POST', '/api/v1/namespaces/ghost/pods', pod('p'));
    expect(res.status).toBe(404);
    expect(res.body.message).toBe('namespaces "ghost" not found');
  });
});

describe('update, status and generation', () => {
  it('bumps generation on spec changes only and keeps status on main updates', async () => {
    const d = (await t.req('POST', DEPLOYS, deployment('gen'))).body;
    const labelled = (await t.req('PUT', `${DEPLOYS}/gen`, { ...d, metadata: { ...d.metadata, labels: { a: 'b' } } }))
      .body;
    expect(labelled.metadata.generation).toBe(1);
    const scaled = (
      await t.req('PUT', `${DEPLOYS}/gen`, {
        ...labelled,
        spec: { ...labelled.spec, replicas: 5 },
        status: { replicas: 9 },
      })
    ).body;
    expect(scaled.metadata.generation).toBe(2);
    expect(scaled.status).toEqual({});
    expect(scaled.metadata.uid).toBe(d.metadata.uid);
  });

  it('/status changes only status', async () => {
    const d = (await t.req('POST', DEPLOYS, deployment('st'))).body;
    const res = await t.req('PUT', `${DEPLOYS}/st/status`, {
      ...d,
      spec: { ...d.spec, replicas: 7 },
      status: { replicas: 1, readyReplicas: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toEqual({ replicas: 1, readyReplicas: 1 });
    expect(res.body.spec.replicas).toBe(1);
    expect(res.body.metadata.generation).toBe(1);
    const patched = await t.req(
      'PATCH',
      `${DEPLOYS}/st/status`,
      { status: { availableReplicas: 1 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(patched.body.status).toEqual({ replicas: 1, readyReplicas: 1, availableReplicas: 1 });
  });

  it("refuses a /status write naming another uid (the kubelet's precondition), as kube's BeforeUpdate does", async () => {
    const d = (await t.req('POST', DEPLOYS, deployment('st-uid'))).body;
    const mergePatch = { 'content-type': 'application/merge-patch+json' };
    const other = await t.req(
      'PATCH',
      `${DEPLOYS}/st-uid/status`,
      { metadata: { uid: 'other' }, status: { replicas: 2 } },
      mergePatch,
    );
    expect(other.status).toBe(422);
    expect(other.body.message).toBe(
      'Deployment.apps "st-uid" is invalid: metadata.uid: Invalid value: "other": field is immutable',
    );
    const same = await t.req(
      'PATCH',
      `${DEPLOYS}/st-uid/status`,
      { metadata: { uid: d.metadata.uid }, status: { replicas: 2 } },
      mergePatch,
    );
    expect(same.status).toBe(200);
    expect(same.body.status.replicas).toBe(2);
  });

  it('an unchanged update keeps the resourceVersion', async () => {
    const d = (await t.req('POST', DEPLOYS, deployment('same'))).body;
    const res = await t.req('PUT', `${DEPLOYS}/same`, d);
    expect(res.body.metadata.resourceVersion).toBe(d.metadata.resourceVersion);
  });

  it('drops unknown fields with a Warning header by default, and refuses them with fieldValidation=Strict', async () => {
    const warned = await t.req('POST', PODS, {
      ...pod('warned'),
      spec: { containers: [{ name: 'c', image: 'x' }], bogus: 1 },
    });
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.bogus\\""');
    expect(warned.body.spec.bogus).toBeUndefined();
    const strict = await t.req('POST', `${PODS}?fieldValidation=Strict`, {
      ...pod('strict'),
      spec: { containers: [{ name: 'c', image: 'x' }], bogus: 1 },
    });
    expect(strict.status).toBe(400);
    expect(strict.body.message).toBe(
      'Pod in version "v1" cannot be handled as a Pod: strict decoding error: unknown field "spec.bogus"',
    );
  });

  it('dryRun=All validates without storing', async () => {
    const res = await t.req('POST', `${PODS}?dryRun=All`, pod('dry'));
    expect(res.status).toBe(201);
    expect((await t.req('GET', `${PODS}/dry`)).status).toBe(404);
    expect((await t.req('POST', `${PODS}?dryRun=Some`, pod('dry'))).status).toBe(400);
  });
});

describe('patch', () => {
  it('merge, json and strategic merge patches', async () => {
    await t.req('POST', DEPLOYS, deployment('pt'));
    const merge = await t.req(
      'PATCH',
      `${DEPLOYS}/pt`,
      { metadata: { labels: { tier: 'web' } } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(merge.status).toBe(200);
    expect(merge.body.metadata.labels).toEqual({ tier: 'web' });
    const json = await t.req('PATCH', `${DEPLOYS}/pt`, [{ op: 'replace', path: '/spec/replicas', value: 4 }], {
      'content-type': 'application/json-patch+json',
    });
    expect(json.body.spec.replicas).toBe(4);
    expect(json.body.metadata.generation).toBe(2);
    const smp = { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'busybox' }] } } } };
    const strategic = await t.req('PATCH', `${DEPLOYS}/pt`, smp, {
      'content-type': 'application/strategic-merge-patch+json',
    });
    expect(strategic.body.spec.template.spec.containers.map((c: { name: string }) => c.name).sort()).toEqual([
      'c',
      'sidecar',
    ]);
    const ordered = {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'c' }, { name: 'sidecar' }],
            containers: [{ name: 'c', image: 'nginx:2' }],
          },
        },
      },
    };
    const reordered = await t.req('PATCH', `${DEPLOYS}/pt`, ordered, {
      'content-type': 'application/strategic-merge-patch+json',
    });
    expect(
      reordered.body.spec.template.spec.containers.map((c: { name: string; image: string }) => `${c.name}=${c.image}`),
    ).toEqual(['c=nginx:2', 'sidecar=busybox']);
    const removed = await t.req(
      'PATCH',
      `${DEPLOYS}/pt`,
      { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } },
      { 'content-type': 'application/strategic-merge-patch+json' },
    );
    expect(removed.body.spec.template.spec.containers.map((c: { name: string }) => c.name)).toEqual(['c']);
  });

  it('rejects patches that do not apply, unknown patch types and missing objects', async () => {
    const bad = await t.req('PATCH', `${DEPLOYS}/pt`, [{ op: 'remove', path: '/spec/nothing' }], {
      'content-type': 'application/json-patch+json',
    });
    expect(bad.status).toBe(422);
    const type = await t.req('PATCH', `${DEPLOYS}/pt`, {}, { 'content-type': 'text/plain' });
    expect(type.status).toBe(415);
    const missing = await t.req('PATCH', `${DEPLOYS}/ghost`, {}, { 'content-type': 'application/merge-patch+json' });
    expect(missing.status).toBe(404);
    const stale = await t.req(
      'PATCH',
      `${DEPLOYS}/pt`,
      { metadata: { resourceVersion: '1' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(stale.status).toBe(409);
  });
});

describe('scale', () => {
  it('reads and writes autoscaling/v1 Scale', async () => {
    await t.req('POST', DEPLOYS, deployment('sc', 2));
    const s = await t.req('GET', `${DEPLOYS}/sc/scale`);
    expect(s.body).toMatchObject({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      spec: { replicas: 2 },
      status: { replicas: 0, selector: 'app=sc' },
    });
    const p = await t.req(
      'PATCH',
      `${DEPLOYS}/sc/scale`,
      { spec: { replicas: 5 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(p.body.spec.replicas).toBe(5);
    expect((await t.req('GET', `${DEPLOYS}/sc`)).body.spec.replicas).toBe(5);
    const stale = await t.req('PUT', `${DEPLOYS}/sc/scale`, { ...s.body, spec: { replicas: 1 } });
    expect(stale.status).toBe(409);
    expect((await t.req('GET', `/api/v1/namespaces/default/configmaps/x/scale`)).status).toBe(404);
  });
});

describe('delete', () => {
  it('deletes at once and answers with the object; preconditions are checked', async () => {
    const p = (await t.req('POST', PODS, pod('del'))).body;
    expect((await t.req('DELETE', `${PODS}/del`, { preconditions: { uid: 'other' } })).status).toBe(409);
    const res = await t.req('DELETE', `${PODS}/del`, { propagationPolicy: 'Background' });
    expect(res.status).toBe(200);
    expect(res.body.metadata.uid).toBe(p.metadata.uid);
    expect((await t.req('GET', `${PODS}/del`)).status).toBe(404);
    expect((await t.req('DELETE', `${PODS}/del`)).status).toBe(404);
  });

  it('marks objects with finalizers and pods bound to a node instead of removing them', async () => {
    await t.req('POST', '/api/v1/namespaces/default/configmaps', {
      metadata: { name: 'fin', finalizers: ['example.com/hold'] },
    });
    const res = await t.req('DELETE', '/api/v1/namespaces/default/configmaps/fin');
    expect(res.body.metadata.deletionTimestamp).toBeDefined();
    expect((await t.req('GET', '/api/v1/namespaces/default/configmaps/fin')).status).toBe(200);
    await t.req('POST', PODS, pod('bound', {}, { spec: { nodeName: 'n1', containers: [{ name: 'c', image: 'x' }] } }));
    const bound = await t.req('DELETE', `${PODS}/bound`);
    expect(bound.body.metadata.deletionGracePeriodSeconds).toBe(30);
    const now = await t.req('DELETE', `${PODS}/bound?gracePeriodSeconds=0`);
    expect(now.status).toBe(200);
    expect((await t.req('GET', `${PODS}/bound`)).status).toBe(404);
  });
});
