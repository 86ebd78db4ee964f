import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deployment, startTestServer, type TestServer } from '../harness.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const URL_ = '/apis/apps/v1/namespaces/default/deployments/sa';
const APPLY = { 'content-type': 'application/apply-patch+yaml' };
const apply = (manager: string, body: unknown, extra = '') =>
  t.req('PATCH', `${URL_}?fieldManager=${manager}&fieldValidation=Strict${extra}`, JSON.stringify(body), APPLY);
const config = (
  replicas: number,
  labels: Record<string, string> = { app: 'sa' },
): Record<string, unknown> & { spec: object } => {
  const d = deployment('sa', replicas) as { metadata: Record<string, unknown>; spec: object };
  return { ...d, metadata: { ...d.metadata, labels } };
};

describe('server-side apply', () => {
  it('creates (201), records the manager in managedFields, then is a no-op when unchanged', async () => {
    const created = await apply('alice', config(2));
    expect(created.status).toBe(201);
    expect(created.body.metadata.managedFields).toEqual([
      expect.objectContaining({ manager: 'alice', operation: 'Apply', apiVersion: 'apps/v1', fieldsType: 'FieldsV1' }),
    ]);
    expect(created.body.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas']).toEqual({});
    const again = await apply('alice', config(2));
    expect(again.status).toBe(200);
    expect(again.body.metadata.resourceVersion).toBe(created.body.metadata.resourceVersion);
  });

  it('refuses to change a field another manager applied (409), unless forced', async () => {
    const res = await apply('bob', config(5));
    expect(res.status).toBe(409);
    expect(res.body.message).toBe('Apply failed with 1 conflict: conflict with "alice": .spec.replicas');
    expect(res.body.details.causes).toEqual([
      { reason: 'FieldManagerConflict', message: 'conflict with "alice"', field: '.spec.replicas' },
    ]);
    const forced = await apply('bob', config(5), '&force=true');
    expect(forced.status).toBe(200);
    expect(forced.body.spec.replicas).toBe(5);
    const alice = forced.body.metadata.managedFields.find((m: { manager: string }) => m.manager === 'alice');
    expect(alice.fieldsV1['f:spec']['f:replicas']).toBeUndefined();
  });

  it('removes fields a manager stops applying, unless another manager applies them', async () => {
    await apply('carol', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sa', labels: { carol: 'yes' } },
    });
    const dropped = await apply('carol', { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'sa' } });
    expect(dropped.body.metadata.labels).toEqual({ app: 'sa' });
  });

  it('drops a field left empty when its manager stops applying it, so that it is defaulted again', async () => {
    // kubectl's client-side apply to server-side apply migration hands kubectl the defaulted
    // spec.conversion.strategy; its next apply, without it, must not leave `conversion: {}`.
    const crdUrl = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com';
    const crd = (conversion?: object) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'gadgets.example.com' },
      spec: {
        group: 'example.com',
        names: { kind: 'Gadget', plural: 'gadgets' },
        scope: 'Namespaced',
        versions: [
          {
            name: 'v1',
            served: true,
            storage: true,
            schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
          },
        ],
        ...(conversion ? { conversion } : {}),
      },
    });
    const send = (body: object) => t.req('PATCH', `${crdUrl}?fieldManager=kubectl`, JSON.stringify(body), APPLY);
    expect((await send(crd({ strategy: 'None' }))).status).toBe(201);
    const again = await send(crd());
    expect(again.status).toBe(200);
    expect(again.body.spec.conversion).toEqual({ strategy: 'None' });
    const mine = again.body.metadata.managedFields.find((m: { manager: string }) => m.manager === 'kubectl');
    expect(mine.fieldsV1['f:spec']['f:conversion']).toBeUndefined();
  });

  it('requires a fieldManager and refuses unknown fields under Strict', async () => {
    const none = await t.req('PATCH', URL_, JSON.stringify(config(1)), APPLY);
    expect(none.status).toBe(422);
    expect(none.body.message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch',
    );
    const unknown = await apply('alice', { ...config(1), spec: { ...config(1).spec, replicaz: 1 } });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('unknown field "spec.replicaz"');
  });

  it('accepts YAML bodies', async () => {
    const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-apply\ndata:\n  k: v\n';
    const res = await t.req(
      'PATCH',
      '/api/v1/namespaces/default/configmaps/from-apply?fieldManager=alice',
      yaml,
      APPLY,
    );
    expect(res.status).toBe(201);
    expect(res.body.data).toEqual({ k: 'v' });
  });
});

describe('server-side apply on subresources', () => {
  const D = '/apis/apps/v1/namespaces/default/deployments/sub';
  const applyTo = (path: string, manager: string, body: unknown, extra = '') =>
    t.req('PATCH', `${path}?fieldManager=${manager}${extra}`, JSON.stringify(body), APPLY);
  const entryOf = (
    obj: {
      metadata: {
        managedFields: Array<{
          manager: string;
          subresource?: string;
          fieldsV1: Record<string, Record<string, unknown>>;
        }>;
      };
    },
    manager: string,
  ) => obj.metadata.managedFields.find((m) => m.manager === manager);

  it('status: changes and owns only status, with an entry for the status subresource', async () => {
    await applyTo(D, 'owner', deployment('sub', 2));
    const res = await applyTo(`${D}/status`, 'ctrl', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sub' },
      spec: { replicas: 9 },
      status: { replicas: 2, readyReplicas: 1 },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toMatchObject({ replicas: 2, readyReplicas: 1 });
    expect(res.body.spec.replicas).toBe(2);
    const ctrl = entryOf(res.body, 'ctrl')!;
    expect(ctrl.subresource).toBe('status');
    expect(Object.keys(ctrl.fieldsV1)).toEqual(['f:status']);
    const dropped = await applyTo(`${D}/status`, 'ctrl', {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'sub' },
      status: { replicas: 2 },
    });
    expect(dropped.body.status.readyReplicas).toBeUndefined();
  });

  it('the main resource apply does not own status', async () => {
    const res = await applyTo(D, 'owner', { ...deployment('sub', 2), status: { replicas: 7 } });
    expect(res.body.status.replicas).toBe(2);
    expect(entryOf(res.body, 'owner')!.fieldsV1['f:status']).toBeUndefined();
  });

  it('scale: sets spec.replicas, conflicts with the manager that applied it, and takes it over with force', async () => {
    const scale = (n: number) => ({
      apiVersion: 'autoscaling/v1',
      kind: 'Scale',
      metadata: { name: 'sub' },
      spec: { replicas: n },
    });
    const conflict = await applyTo(`${D}/scale`, 'hpa', scale(4));
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe('Apply failed with 1 conflict: conflict with "owner": .spec.replicas');
    const forced = await applyTo(`${D}/scale`, 'hpa', scale(4), '&force=true');
    expect(forced.status).toBe(200);
    expect(forced.body).toMatchObject({ kind: 'Scale', spec: { replicas: 4 } });
    const d = (await t.req('GET', D)).body;
    expect(d.spec.replicas).toBe(4);
    expect(entryOf(d, 'hpa')).toMatchObject({ subresource: 'scale', fieldsV1: { 'f:spec': { 'f:replicas': {} } } });
    expect(entryOf(d, 'owner')!.fieldsV1['f:spec']!['f:replicas']).toBeUndefined();
    expect((await applyTo(`${D}/scale`, 'hpa', scale(-1))).status).toBe(422);
  });

  it('a subresource apply of a missing object, or of a subresource the kind lacks, is 404', async () => {
    expect(
      (
        await applyTo('/apis/apps/v1/namespaces/default/deployments/nope/status', 'x', {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: { name: 'nope' },
        })
      ).status,
    ).toBe(404);
    expect((await applyTo('/api/v1/namespaces/default/configmaps/x/status', 'x', {})).status).toBe(404);
  });
});

describe('managedFields of other writes', () => {
  const D = '/apis/apps/v1/namespaces/default/deployments';
  const managers = (obj: {
    metadata: { managedFields: Array<{ manager: string; operation: string; subresource?: string }> };
  }) => obj.metadata.managedFields.map((m) => `${m.manager}/${m.operation}${m.subresource ? `/${m.subresource}` : ''}`);

  it('records creators and updaters, moves ownership on change, and makes apply conflict with them', async () => {
    const created = (await t.req('POST', `${D}?fieldManager=creator`, deployment('owned', 1))).body;
    expect(managers(created)).toEqual(['creator/Update']);
    expect(created.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas']).toEqual({});
    const scaled = (
      await t.req(
        'PATCH',
        `${D}/owned?fieldManager=scaler`,
        { spec: { replicas: 3 } },
        { 'content-type': 'application/merge-patch+json' },
      )
    ).body;
    expect(managers(scaled)).toEqual(['creator/Update', 'scaler/Update']);
    expect(scaled.metadata.managedFields[0].fieldsV1['f:spec']['f:replicas']).toBeUndefined();
    const status = (
      await t.req(
        'PATCH',
        `${D}/owned/status`,
        { status: { replicas: 3 } },
        {
          'content-type': 'application/merge-patch+json',
          'user-agent': 'kube-controller-manager/v1.32.0 (linux/amd64)',
        },
      )
    ).body;
    expect(managers(status)).toEqual(['creator/Update', 'scaler/Update', 'kube-controller-manager/Update/status']);
    const same = await t.req('PUT', `${D}/owned?fieldManager=other`, status);
    expect(same.body.metadata.resourceVersion).toBe(status.metadata.resourceVersion);
    const conflict = await t.req(
      'PATCH',
      `${D}/owned?fieldManager=alice`,
      JSON.stringify({ ...deployment('owned', 5) }),
      APPLY,
    );
    expect(conflict.status).toBe(409);
    expect(conflict.body.message).toBe(
      'Apply failed with 1 conflict: conflict with "scaler" using apps/v1: .spec.replicas',
    );
    const partial = await t.req(
      'PATCH',
      `${D}/owned?fieldManager=alice&force=true`,
      JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'owned' }, spec: { replicas: 7 } }),
      APPLY,
    );
    expect(partial.status).toBe(200);
    expect(partial.body.spec.replicas).toBe(7);
    expect(partial.body.spec.template.spec.containers[0].name).toBe('c');
  });
});
