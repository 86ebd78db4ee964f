/** Forged continue tokens against a running apiserver: a list never leaves its own resource and namespace. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.test-support.js';

let t: TestServer;
let rv: number;

function token(fields: Record<string, unknown>): string {
  return Buffer.from(JSON.stringify(fields)).toString('base64url');
}

function service(name: string): Record<string, unknown> {
  return { apiVersion: 'v1', kind: 'Service', metadata: { name }, spec: { ports: [{ port: 80 }] } };
}

beforeAll(async () => {
  t = await startTestServer();
  await t.req('POST', '/api/v1/namespaces', { metadata: { name: 'other' } });
  for (const ns of ['default', 'other'])
    for (const name of ['alpha', 'beta']) await t.req('POST', `/api/v1/namespaces/${ns}/services`, service(name));
  const secret = { metadata: { name: 'topsecret' }, data: { password: Buffer.from('hunter2').toString('base64') } };
  await t.req('POST', '/api/v1/namespaces/default/secrets', secret);
  await t.req('POST', '/api/v1/namespaces/other/configmaps', { metadata: { name: 'zz' }, data: { a: 'b' } });
  rv = Number((await t.req('GET', '/api/v1/services')).body.metadata.resourceVersion);
});
afterAll(async () => {
  await t?.stop();
});

const STARTS = [
  '/registry/secrets/',
  '/registry/secrets/default/',
  '/registry/secrets/default/topsecret',
  'registry/secrets/default/',
  '../secrets/default/',
  '../../secrets/default/topsecret',
  '../../../registry/secrets/',
  'default/../../secrets/default/',
  './default',
  'default//alpha',
  '/',
  '\u0000',
  ' ',
  '~',
  'other/alpha\u0000',
  'default/alpha\u0000',
  '',
];

describe('forged continue tokens', () => {
  it.each(['/api/v1/services', '/api/v1/namespaces/default/services', '/api/v1/namespaces/other/services'])(
    'keep %s inside its resource and namespace',
    async (path) => {
      const ns = path.split('/')[4];
      for (const start of STARTS)
        for (const at of [rv, -1, 1]) {
          const res = await t.req('GET', `${path}?limit=50&continue=${token({ v: 'meta.k8s.io/v1', rv: at, start })}`);
          expect([200, 400, 410], `${start} at ${at}: ${JSON.stringify(res.body)}`).toContain(res.status);
          if (res.status !== 200) {
            expect(res.body.kind).toBe('Status');
            continue;
          }
          expect(res.body.kind).toBe('ServiceList');
          for (const item of res.body.items) {
            expect(item.kind, start).toBe('Service');
            expect(item.data, start).toBeUndefined();
            if (ns) expect(item.metadata.namespace, start).toBe(ns);
          }
        }
    },
  );

  it("refuses the issue's tokens with kube's 400 (an absolute secrets prefix, an empty start key)", async () => {
    const leak = await t.req(
      'GET',
      `/api/v1/services?limit=5&continue=${token({ v: 'meta.k8s.io/v1', rv, start: '/registry/secrets/' })}`,
    );
    expect(leak.status).toBe(400);
    expect(leak.body).toMatchObject({
      kind: 'Status',
      reason: 'BadRequest',
      message: 'invalid continue token: continue key is not valid: /registry/secrets/',
    });
    const empty = await t.req(
      'GET',
      `/api/v1/namespaces/default/services?limit=5&continue=${token({ v: 'meta.k8s.io/v1', rv, start: '' })}`,
    );
    expect(empty.status).toBe(400);
    expect(empty.body.message).toBe(
      'invalid continue token: continue key is not valid: encoded start key empty (version meta.k8s.io/v1)',
    );
  });

  it('pages a namespaced list with tokens relative to the namespace, and a token from elsewhere stays in its own', async () => {
    const first = await t.req('GET', '/api/v1/namespaces/other/services?limit=1');
    const cont = first.body.metadata.continue as string;
    expect(JSON.parse(Buffer.from(cont, 'base64url').toString()).start).toBe('alpha\u0000');
    const second = await t.req('GET', `/api/v1/namespaces/other/services?limit=1&continue=${cont}`);
    expect(second.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(['beta']);
    // The same token on the default namespace reads default's services after "alpha", not other's.
    const moved = await t.req('GET', `/api/v1/namespaces/default/services?limit=5&continue=${cont}`);
    expect(moved.body.items.map((i: { metadata: { namespace: string } }) => i.metadata.namespace)).toEqual([
      'default',
      'default',
    ]);
  });

  it('offers a token for the rest of the list at the latest revision when the snapshot is compacted', async () => {
    const res = await t.req(
      'GET',
      `/api/v1/namespaces/default/services?limit=1&continue=${token({ v: 'meta.k8s.io/v1', rv: 1e12, start: 'a' })}`,
    );
    expect(res.status).toBe(410);
    const next = JSON.parse(Buffer.from(res.body.metadata.continue, 'base64url').toString());
    expect(next).toEqual({ v: 'meta.k8s.io/v1', rv: -1, start: 'a' });
    const rest = await t.req(
      'GET',
      `/api/v1/namespaces/default/services?limit=5&continue=${res.body.metadata.continue}`,
    );
    expect(rest.body.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual([
      'alpha',
      'beta',
      'kubernetes',
    ]);
  });
});
