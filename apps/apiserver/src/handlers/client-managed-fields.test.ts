/**
 * Client-sent managedFields with `__proto__` in fieldsV1, and a CRD whose scale path runs
 * through `__proto__`, against the in-process apiserver (which shares this test's
 * Object.prototype): Kubernetes' answers, and nothing added to or deleted from Object.prototype.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../harness.test-support.js';
import { CANARY, guardPrototype } from './prototype.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});
guardPrototype();

const CM = '/api/v1/namespaces/default/configmaps';
const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const JSON_ = { 'content-type': 'application/json' };

/** A ConfigMap body as JSON text (so `__proto__` keys reach the server as written), with `managedFields` as given. */
const body = (name: string, managedFields?: string, data?: string): string =>
  `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"${managedFields ? `,"managedFields":${managedFields}` : ''}}${data ? `,"data":${data}` : ''}}`;

const entry = (manager: string, operation: string, fieldsV1: string): string =>
  `[{"manager":"${manager}","operation":"${operation}","apiVersion":"v1","fieldsType":"FieldsV1","fieldsV1":${fieldsV1}}]`;

const POLLUTING = '{"__proto__":{"polluted":{}},"f:data":{"__proto__":{"polluted":{}},"f:k":{}}}';

/** Creates a ConfigMap without fields a manager owns: the server records no managedFields for it. */
async function bare(name: string): Promise<void> {
  const res = await t.req('POST', `${CM}?fieldManager=creator`, body(name), JSON_);
  expect(res.status).toBe(201);
  expect(res.body.metadata.managedFields).toBeUndefined();
}

describe('client-sent managedFields', () => {
  it('refuses an apply whose configuration carries managedFields with 400, as Kubernetes, JSON or YAML', async () => {
    const create = await t.req(
      'PATCH',
      `${CM}/applied?fieldManager=alice`,
      body('applied', entry('alice', 'Apply', POLLUTING)),
      APPLY,
    );
    expect(create.status).toBe(400);
    expect(create.body).toMatchObject({ reason: 'BadRequest', message: 'metadata.managedFields must be nil' });
    expect((await t.req('GET', `${CM}/applied`)).status).toBe(404);
    const yaml = [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: applied',
      '  managedFields:',
      '  - {manager: alice, operation: Apply, apiVersion: v1, fieldsType: FieldsV1, fieldsV1: {__proto__: {polluted: {}}}}',
    ].join('\n');
    await bare('applied');
    const update = await t.req('PATCH', `${CM}/applied?fieldManager=alice`, yaml, APPLY);
    expect(update.status).toBe(400);
    expect(update.body.message).toBe('metadata.managedFields must be nil');
  });

  it('stores no managedFields from a PUT whose fieldsV1 has __proto__ keys; the next write records as usual', async () => {
    await bare('put');
    const put = await t.req(
      'PUT',
      `${CM}/put?fieldManager=writer`,
      body('put', entry('evil', 'Update', POLLUTING)),
      JSON_,
    );
    expect(put.status).toBe(200);
    expect(put.body.metadata.managedFields).toBeUndefined();
    const normal = await t.req('PUT', `${CM}/put?fieldManager=writer`, body('put', undefined, '{"k":"v"}'), JSON_);
    expect(normal.status).toBe(200);
    expect(normal.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'writer', operation: 'Update', fieldsV1: { 'f:data': { 'f:k': {} } } }),
    ]);
  });

  it('keeps an entry naming f:__proto__ (Kubernetes decodes it), and applying over it deletes nothing from Object.prototype', async () => {
    await bare('proto-field');
    const fieldsV1 = `{"f:__proto__":{"f:${CANARY}":{}},"f:data":{"f:__proto__":{"f:${CANARY}":{}},"f:k":{}}}`;
    const put = await t.req(
      'PUT',
      `${CM}/proto-field?fieldManager=writer`,
      body('proto-field', entry('alice', 'Apply', fieldsV1)),
      JSON_,
    );
    expect(put.status).toBe(200);
    expect(put.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'alice', fieldsV1: JSON.parse(fieldsV1) }),
    ]);
    // alice no longer applies those fields: the apply removes them from the object, not from Object.prototype.
    const applied = await t.req(
      'PATCH',
      `${CM}/proto-field?fieldManager=alice`,
      body('proto-field', undefined, '{"k":"1"}'),
      APPLY,
    );
    expect(applied.status).toBe(200);
    expect(applied.body.data).toEqual({ k: '1' });
    // bob takes data.k over from alice: her entry is rebuilt from its paths.
    const forced = await t.req(
      'PATCH',
      `${CM}/proto-field?fieldManager=bob&force=true`,
      body('proto-field', undefined, '{"k":"2"}'),
      APPLY,
    );
    expect(forced.status).toBe(200);
    expect((await t.req('GET', `${CM}/proto-field`)).body.data).toEqual({ k: '2' });
  });
});

describe('a CRD whose scale path runs through __proto__', () => {
  const crd = {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: 'gadgets.example.com' },
    spec: {
      group: 'example.com',
      scope: 'Namespaced',
      names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget' },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                status: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
              },
            },
          },
          subresources: {
            scale: { specReplicasPath: '.spec.__proto__.polluted', statusReplicasPath: '.status.replicas' },
          },
        },
      ],
    },
  };
  const G = '/apis/example.com/v1/namespaces/default/gadgets';

  it('scales the object, whose spec gets __proto__ as an own field, and leaves Object.prototype alone', async () => {
    expect((await t.req('POST', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd)).status).toBe(201);
    for (let i = 0; i < 50 && (await t.req('GET', G)).status !== 200; i++) await new Promise((r) => setTimeout(r, 100));
    const gadget = { apiVersion: 'example.com/v1', kind: 'Gadget', metadata: { name: 'g' }, spec: { size: 1 } };
    expect((await t.req('POST', G, gadget)).status).toBe(201);
    const scale = {
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'g', namespace: 'default' },
      spec: { replicas: 7 },
    };
    const scaled = await t.req('PUT', `${G}/g/scale`, scale);
    expect(scaled.status).toBe(200);
    expect(scaled.body.spec.replicas).toBe(7);
    const stored = await t.req('GET', `${G}/g`);
    expect(JSON.stringify(stored.body.spec)).toBe('{"size":1,"__proto__":{"polluted":7}}');
  });
});
