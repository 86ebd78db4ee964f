/** The apiserver on Wheelhouse's own store (a separate process) instead of etcd: the same semantics. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { get } from 'node:http';
import { deployment, pod, startTestServer, type TestServer } from '../harness.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({}, 'store');
});
afterAll(async () => {
  await t?.stop();
});

const PODS = '/api/v1/namespaces/default/pods';

describe('on the Wheelhouse store', () => {
  it('creates, reads, conflicts and deletes', async () => {
    const created = await t.req('POST', PODS, pod('s1'));
    expect(created.status).toBe(201);
    expect((await t.req('POST', PODS, pod('s1'))).body.reason).toBe('AlreadyExists');
    const d = (await t.req('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('d1'))).body;
    await t.req(
      'PATCH',
      '/apis/apps/v1/namespaces/default/deployments/d1',
      { spec: { replicas: 3 } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect((await t.req('PUT', '/apis/apps/v1/namespaces/default/deployments/d1', d)).status).toBe(409);
    expect((await t.req('DELETE', `${PODS}/s1`)).status).toBe(200);
    expect((await t.req('GET', `${PODS}/s1`)).status).toBe(404);
  });

  it('pages a list from one snapshot', async () => {
    for (const n of ['a', 'b', 'c']) await t.req('POST', PODS, pod(n));
    const first = await t.req('GET', `${PODS}?limit=2`);
    expect(first.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['a', 'b']);
    await t.req('DELETE', `${PODS}/c`);
    const second = await t.req('GET', `${PODS}?limit=2&continue=${first.body.metadata.continue}`);
    expect(second.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['c']);
  });

  it('streams watch events', async () => {
    const lines: string[] = [];
    const req = get(`${t.url}${PODS}?watch=true&fieldSelector=metadata.name%3Dw`, (res) =>
      res.on('data', (d: Buffer) => lines.push(...d.toString().split('\n').filter(Boolean))),
    );
    await t.req('POST', PODS, pod('w'));
    await t.req('DELETE', `${PODS}/w`);
    for (let i = 0; i < 200 && lines.length < 2; i++) await new Promise((r) => setTimeout(r, 20));
    req.destroy();
    expect(lines.map((l) => (JSON.parse(l) as { type: string }).type)).toEqual(['ADDED', 'DELETED']);
  });
});
