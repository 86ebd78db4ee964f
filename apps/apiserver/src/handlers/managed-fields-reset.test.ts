/**
 * managedFields a client sends with an update or a patch, as kube's field manager takes them
 * (decodeManagedFields in fieldmanager.go): `[{}]` or `[]` resets them, entries that decode
 * replace the live ones (so a client may edit them), a subresource write and an omitted
 * list keep the live ones, and an apply configuration may carry none at all.
 */
import { describe, expect, it } from 'vitest';
import { useTestServer } from '../harness.test-support.js';

const server = useTestServer();

const CM = '/api/v1/namespaces/default/configmaps';
const MERGE = { 'content-type': 'application/merge-patch+json' };
const JSON_PATCH = { 'content-type': 'application/json-patch+json' };
const APPLY = { 'content-type': 'application/apply-patch+yaml' };

interface Entry {
  manager: string;
  fieldsV1: unknown;
}

const managers = (obj: { metadata: { managedFields?: Entry[] } }): string[] =>
  (obj.metadata.managedFields ?? []).map((e) => e.manager);

/** A ConfigMap whose data.a alice wrote and data.b bob wrote: two Update entries. */
async function twoManagers(name: string): Promise<string> {
  const created = await server().req('POST', `${CM}?fieldManager=alice`, { metadata: { name }, data: { a: '1' } });
  expect(created.status).toBe(201);
  const patched = await server().req('PATCH', `${CM}/${name}?fieldManager=bob`, { data: { b: '2' } }, MERGE);
  expect(patched.status).toBe(200);
  expect(managers(patched.body)).toEqual(['alice', 'bob']);
  return patched.body.metadata.resourceVersion as string;
}

describe('managedFields sent with a write', () => {
  for (const [what, reset] of [
    ['a list of one empty entry', [{}]],
    ['an empty list', []],
  ] as const) {
    it(`resets them when the patch sets ${what}; the object is written without any`, async () => {
      const name = `reset-${reset.length}`;
      const rv = await twoManagers(name);
      const res = await server().req(
        'PATCH',
        `${CM}/${name}?fieldManager=carol`,
        { metadata: { managedFields: reset } },
        MERGE,
      );
      expect(res.status).toBe(200);
      expect(res.body.metadata.managedFields).toBeUndefined();
      expect(res.body.metadata.resourceVersion).not.toBe(rv);
      const got = await server().req('GET', `${CM}/${name}`);
      expect(got.body.metadata.managedFields).toBeUndefined();
      expect(got.body.data).toEqual({ a: '1', b: '2' });
    });
  }

  it('resets them first when the same write changes a field: the writer then owns just that field', async () => {
    await twoManagers('reset-and-write');
    const res = await server().req(
      'PATCH',
      `${CM}/reset-and-write?fieldManager=carol`,
      { metadata: { managedFields: [{}] }, data: { c: '3' } },
      MERGE,
    );
    expect(res.status).toBe(200);
    expect(res.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'carol', operation: 'Update', fieldsV1: { 'f:data': { 'f:c': {} } } }),
    ]);
  });

  it("takes entries the client edited: a JSON patch that removes bob's entry leaves alice's", async () => {
    await twoManagers('edited');
    const res = await server().req(
      'PATCH',
      `${CM}/edited?fieldManager=carol`,
      [{ op: 'remove', path: '/metadata/managedFields/1' }],
      JSON_PATCH,
    );
    expect(res.status).toBe(200);
    expect(managers(res.body)).toEqual(['alice']);
    // bob's data.b is now nobody's: an apply of data.b by dave meets no conflict.
    const applied = await server().req(
      'PATCH',
      `${CM}/edited?fieldManager=dave`,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: edited\ndata:\n  b: "4"\n',
      APPLY,
    );
    expect(applied.status).toBe(200);
    expect(managers(applied.body)).toEqual(['alice', 'dave']);
  });

  it('keeps the live entries when a PUT leaves managedFields out', async () => {
    await twoManagers('omitted');
    const live = (await server().req('GET', `${CM}/omitted`)).body;
    const { managedFields: _m, ...metadata } = live.metadata;
    const res = await server().req('PUT', `${CM}/omitted?fieldManager=carol`, {
      ...live,
      metadata,
      data: { a: '1', b: '5' },
    });
    expect(res.status).toBe(200);
    expect(managers(res.body)).toEqual(['alice', 'carol']);
  });

  it('keeps the live entries when a status write sends [{}] (a subresource never resets them)', async () => {
    const created = await server().req('POST', '/api/v1/namespaces/default/pods?fieldManager=alice', {
      metadata: { name: 'status-reset' },
      spec: { containers: [{ name: 'app', image: 'nginx' }] },
    });
    expect(created.status).toBe(201);
    const res = await server().req(
      'PATCH',
      '/api/v1/namespaces/default/pods/status-reset/status?fieldManager=kubelet',
      { metadata: { managedFields: [{}] }, status: { message: 'starting' } },
      MERGE,
    );
    expect(res.status).toBe(200);
    expect(managers(res.body)).toEqual(['alice', 'kubelet']);
  });

  it('refuses an apply configuration with an empty managedFields list (400, as kube: it must be nil)', async () => {
    const res = await server().req(
      'PATCH',
      `${CM}/applied-empty?fieldManager=alice`,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: applied-empty\n  managedFields: []\n',
      APPLY,
    );
    expect(res.status).toBe(400);
    expect(res.body.message).toBe('metadata.managedFields must be nil');
  });

  it('records only the creator on a create that sends [{}] or [], and none when it sets no field', async () => {
    const withData = await server().req('POST', `${CM}?fieldManager=alice`, {
      metadata: { name: 'created-reset', managedFields: [{}] },
      data: { a: '1' },
    });
    expect(withData.status).toBe(201);
    expect(managers(withData.body)).toEqual(['alice']);
    const bare = await server().req('POST', `${CM}?fieldManager=alice`, {
      metadata: { name: 'created-empty', managedFields: [] },
    });
    expect(bare.status).toBe(201);
    expect(bare.body.metadata.managedFields).toBeUndefined();
  });
});
