import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { etcdctl } from '@wheelhouse/testing';
import { pod, startTestServer, type TestServer } from '../harness.test-support.js';

let t: TestServer;
const NS = '/api/v1/namespaces/lists/pods';
const names = (body: { items: Array<{ metadata: { name: string } }> }): string[] =>
  body.items.map((i) => i.metadata.name);

beforeAll(async () => {
  t = await startTestServer();
  await t.req('POST', '/api/v1/namespaces', { metadata: { name: 'lists' } });
  for (let i = 0; i < 7; i++) {
    await t.req(
      'POST',
      NS,
      pod(
        `p${i}`,
        { app: i % 2 ? 'odd' : 'even', tier: i < 3 ? 'front' : 'back' },
        { spec: { nodeName: i < 2 ? 'n1' : '', containers: [{ name: 'c', image: 'x' }] } },
      ),
    );
  }
});
afterAll(async () => {
  await t?.stop();
});

describe('list', () => {
  it('returns a typed list with the store revision', async () => {
    const res = await t.req('GET', NS);
    expect(res.body).toMatchObject({ kind: 'PodList', apiVersion: 'v1' });
    expect(names(res.body)).toEqual(['p0', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6']);
    expect(Number(res.body.metadata.resourceVersion)).toBeGreaterThan(0);
  });

  it('filters by label selector (=, !=, in, notin, exists, !exists)', async () => {
    const q = async (sel: string): Promise<string[]> =>
      names((await t.req('GET', `${NS}?labelSelector=${encodeURIComponent(sel)}`)).body);
    expect(await q('app=odd')).toEqual(['p1', 'p3', 'p5']);
    expect(await q('app==odd,tier=front')).toEqual(['p1']);
    expect(await q('app!=odd')).toEqual(['p0', 'p2', 'p4', 'p6']);
    expect(await q('tier in (front),app notin (odd)')).toEqual(['p0', 'p2']);
    expect(await q('app')).toHaveLength(7);
    expect(await q('!app')).toEqual([]);
    expect((await t.req('GET', `${NS}?labelSelector=${encodeURIComponent('a in (')}`)).status).toBe(400);
  });

  it('filters by field selector and rejects unknown fields', async () => {
    const res = await t.req('GET', `/api/v1/pods?fieldSelector=${encodeURIComponent('spec.nodeName=n1')}`);
    expect(names(res.body)).toEqual(['p0', 'p1']);
    const byName = await t.req('GET', `${NS}?fieldSelector=metadata.name%3Dp3`);
    expect(names(byName.body)).toEqual(['p3']);
    const bad = await t.req('GET', `${NS}?fieldSelector=spec.nope%3Dx`);
    expect(bad.status).toBe(400);
    expect(bad.body.message).toBe('field label not supported: spec.nope');
  });

  it('pages with limit/continue from one consistent snapshot', async () => {
    const first = await t.req('GET', `${NS}?limit=3`);
    expect(names(first.body)).toEqual(['p0', 'p1', 'p2']);
    expect(first.body.metadata.remainingItemCount).toBe(4);
    await t.req('DELETE', `${NS}/p4`);
    await t.req('POST', NS, pod('p7'));
    const second = await t.req('GET', `${NS}?limit=3&continue=${first.body.metadata.continue}`);
    expect(names(second.body)).toEqual(['p3', 'p4', 'p5']);
    expect(second.body.metadata.resourceVersion).toBe(first.body.metadata.resourceVersion);
    const third = await t.req('GET', `${NS}?limit=3&continue=${second.body.metadata.continue}`);
    expect(names(third.body)).toEqual(['p6']);
    expect(third.body.metadata.continue).toBeUndefined();
    const now = await t.req('GET', NS);
    expect(names(now.body)).toContain('p7');
    expect(names(now.body)).not.toContain('p4');
  });

  it('pages through filtered results', async () => {
    const first = await t.req('GET', `${NS}?limit=2&labelSelector=app%3Dodd`);
    expect(names(first.body)).toEqual(['p1', 'p3']);
    expect(first.body.metadata.remainingItemCount).toBeUndefined();
    const second = await t.req('GET', `${NS}?limit=2&labelSelector=app%3Dodd&continue=${first.body.metadata.continue}`);
    expect(names(second.body)).toEqual(['p5']);
  });

  it('410 Expired for a continue token whose revision was compacted; 400 for a garbage token', async () => {
    const first = await t.req('GET', `${NS}?limit=2`);
    await t.req('POST', NS, pod('compact-me'));
    const rev = Number((await t.req('GET', NS)).body.metadata.resourceVersion);
    expect((await etcdctl(t.etcd.endpoint, ['compact', String(rev)])).code).toBe(0);
    const res = await t.req('GET', `${NS}?limit=2&continue=${first.body.metadata.continue}`);
    expect(res.status).toBe(410);
    expect(res.body.reason).toBe('Expired');
    expect((await t.req('GET', `${NS}?limit=2&continue=garbage`)).status).toBe(400);
  });

  it('resourceVersion semantics: 0 from cache, NotOlderThan, Exact, bad combinations', async () => {
    const zero = await t.req('GET', `${NS}?resourceVersion=0&limit=1`);
    expect(zero.body.items.length).toBeGreaterThan(1);
    const latest = (await t.req('GET', NS)).body.metadata.resourceVersion;
    const notOlder = await t.req('GET', `${NS}?resourceVersion=${latest}&resourceVersionMatch=NotOlderThan`);
    expect(Number(notOlder.body.metadata.resourceVersion)).toBeGreaterThanOrEqual(Number(latest));
    const exact = await t.req('GET', `${NS}?resourceVersion=${latest}&resourceVersionMatch=Exact`);
    expect(exact.body.metadata.resourceVersion).toBe(latest);
    expect((await t.req('GET', `${NS}?resourceVersion=2&resourceVersionMatch=Exact`)).status).toBe(410);
    expect((await t.req('GET', `${NS}?resourceVersionMatch=Exact`)).status).toBe(400);
    expect((await t.req('GET', `${NS}?resourceVersion=abc`)).status).toBe(400);
    // limit is an int64 as Go parses it: a negative one pages nothing, an unparsable one is 400.
    const negative = await t.req('GET', `${NS}?limit=-1`);
    expect(negative.status).toBe(200);
    expect(negative.body.metadata.continue).toBeUndefined();
    expect((await t.req('GET', `${NS}?limit=1x`)).body.message).toBe('strconv.ParseInt: parsing "1x": invalid syntax');
  });

  it('lists across namespaces and cluster-scoped resources', async () => {
    await t.req('POST', '/api/v1/namespaces/default/pods', pod('elsewhere'));
    const all = await t.req('GET', '/api/v1/pods');
    expect(all.body.items.map((i: { metadata: { namespace: string } }) => i.metadata.namespace)).toEqual(
      expect.arrayContaining(['default', 'lists']),
    );
    const nss = await t.req('GET', '/api/v1/namespaces');
    expect(names(nss.body)).toEqual(
      expect.arrayContaining(['default', 'kube-system', 'kube-public', 'kube-node-lease', 'lists']),
    );
  });
});

describe('tables', () => {
  const TABLE =
    'application/json;as=Table;v=v1;g=meta.k8s.io,application/json;as=Table;v=v1beta1;g=meta.k8s.io,application/json';

  it('renders lists as Tables with kubectl columns and partial object metadata', async () => {
    const res = await t.req('GET', `${NS}?limit=500`, undefined, { accept: TABLE });
    expect(res.body).toMatchObject({ kind: 'Table', apiVersion: 'meta.k8s.io/v1' });
    expect(res.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Ready',
      'Status',
      'Restarts',
      'Age',
      'IP',
      'Node',
      'Nominated Node',
      'Readiness Gates',
    ]);
    expect(res.body.columnDefinitions.filter((c: { priority: number }) => c.priority === 1)).toHaveLength(4);
    const row = res.body.rows.find((r: { cells: unknown[] }) => r.cells[0] === 'p0');
    expect(row.cells.slice(0, 4)).toEqual(['p0', '0/1', 'Pending', '0']);
    expect(row.cells[4]).toMatch(/^\d+s$/);
    expect(row.object).toMatchObject({ kind: 'PartialObjectMetadata', metadata: { name: 'p0', namespace: 'lists' } });
  });

  it('renders a single object as a one-row Table, and deployments with their columns', async () => {
    await t.req('POST', '/apis/apps/v1/namespaces/lists/deployments', {
      metadata: { name: 'd' },
      spec: {
        replicas: 3,
        selector: { matchLabels: { a: 'b' } },
        template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'nginx:1' }] } },
      },
    });
    const res = await t.req('GET', '/apis/apps/v1/namespaces/lists/deployments/d', undefined, { accept: TABLE });
    expect(res.body.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Ready',
      'Up-to-date',
      'Available',
      'Age',
      'Containers',
      'Images',
      'Selector',
    ]);
    expect(res.body.rows[0].cells).toEqual(['d', '0/3', 0, 0, expect.any(String), 'c', 'nginx:1', 'a=b']);
  });
});

describe('metrics', () => {
  it('/metrics counts requests by verb, resource and code, with latencies and cached objects', async () => {
    await t.req('GET', `${NS}/nope`);
    const text = (await t.req('GET', '/metrics')).body as string;
    expect(text).toMatch(
      /^apiserver_request_total\{verb="LIST",group="",version="v1",resource="pods",subresource="",code="200"\} \d+$/m,
    );
    expect(text).toMatch(
      /^apiserver_request_total\{verb="GET",group="",version="v1",resource="pods",subresource="",code="404"\} 1$/m,
    );
    expect(text).toMatch(
      /^apiserver_request_duration_seconds_bucket\{le="0.005",verb="POST",group="",version="v1",resource="pods",subresource=""\} \d+$/m,
    );
    expect(text).toMatch(/^apiserver_storage_objects\{resource="pods"\} [1-9]\d*$/m);
  });
});
