/**
 * CustomResourceDefinitions with the real kubectl v1.32 (fresh HOME): a CRD with two
 * versions, printer columns, status and scale subresources is served within a second, its
 * resources applied, listed with the columns, served in both versions, watched, patched,
 * and removed with the CRD; name conflicts are reported as kube-apiserver reports them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { kubectlHome, type Kubectl } from '@wheelhouse/testing';
import { pino } from 'pino';
import { buildApiServer } from '../apiserver.js';
import { startTestServer, type TestServer } from '../harness.test-support.js';

let t: TestServer;
let kubectl: Kubectl;

const SCHEMA = `
        openAPIV3Schema:
          type: object
          properties:
            spec:
              type: object
              x-kubernetes-validations:
              - {rule: "self.size <= 10", message: "size must be at most 10"}
              properties:
                size: {type: integer, minimum: 0}
                color: {type: string}
                shape: {type: string, default: round}
                replicas: {type: integer}
            status:
              type: object
              properties:
                phase: {type: string}
                replicas: {type: integer}`;

const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names:
    plural: widgets
    singular: widget
    kind: Widget
    shortNames: [wd]
    categories: [all]
  versions:
  - name: v1
    served: true
    storage: true
    schema:${SCHEMA}
    subresources:
      status: {}
      scale: {specReplicasPath: .spec.replicas, statusReplicasPath: .status.replicas}
    additionalPrinterColumns:
    - {name: Size, type: integer, jsonPath: .spec.size}
    - {name: Phase, type: string, jsonPath: .status.phase}
    - {name: Color, type: string, jsonPath: .spec.color, priority: 1}
    - {name: Age, type: date, jsonPath: .metadata.creationTimestamp}
    selectableFields:
    - {jsonPath: .spec.color}
  - name: v1beta1
    served: true
    storage: false
    schema:${SCHEMA}
    subresources:
      status: {}
`;

/** Polls (every 100 ms, at most `tries` times) until `fn` resolves true. */
async function eventually(fn: () => Promise<boolean>, tries = 50): Promise<void> {
  for (let i = 0; i < tries; i++) {
    if (await fn()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('condition not reached');
}

beforeAll(async () => {
  t = await startTestServer();
  kubectl = await kubectlHome({ server: t.url, namespace: 'default', prefix: 'kubectl-crd-', timeoutMs: 20_000 });
  await writeFile(join(kubectl.home, 'crd.yaml'), CRD);
});

afterAll(async () => {
  await t?.stop();
  await kubectl?.cleanup();
});

describe('CustomResourceDefinitions', () => {
  it('serves a CRD within a second: conditions, discovery and both versions', async () => {
    expect(await kubectl.ok('apply', '-f', 'crd.yaml')).toBe(
      'customresourcedefinition.apiextensions.k8s.io/widgets.example.com created\n',
    );
    await eventually(async () => (await t.req('GET', '/apis/example.com/v1/widgets')).status === 200, 10);
    const crd = (await t.req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com'))
      .body;
    expect(crd.metadata.finalizers ?? []).toEqual([]);
    expect(crd.status.acceptedNames).toMatchObject({ plural: 'widgets', kind: 'Widget', shortNames: ['wd'] });
    expect(crd.status.storedVersions).toEqual(['v1']);
    const conditions = Object.fromEntries(
      crd.status.conditions.map((c: { type: string; status: string; reason: string }) => [
        c.type,
        [c.status, c.reason],
      ]),
    );
    expect(conditions).toEqual({
      NamesAccepted: ['True', 'NoConflicts'],
      Established: ['True', 'InitialNamesAccepted'],
    });
    expect(await kubectl.ok('api-resources', '--api-group=example.com')).toMatch(
      /^widgets\s+wd\s+example\.com\/v1\s+true\s+Widget$/m,
    );
    const group = (await t.req('GET', '/apis/example.com')).body;
    expect(group.preferredVersion.version).toBe('v1');
    expect(group.versions.map((v: { version: string }) => v.version)).toEqual(['v1', 'v1beta1']);
  });

  it('applies custom resources and prints the columns, -o wide adding priority 1', async () => {
    await writeFile(
      join(kubectl.home, 'widgets.yaml'),
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: small}\nspec: {size: 1, color: red, replicas: 1}\n---\n' +
        'apiVersion: example.com/v1beta1\nkind: Widget\nmetadata: {name: big}\nspec: {size: 9, color: blue}\n',
    );
    expect(await kubectl.ok('apply', '-f', 'widgets.yaml')).toBe(
      'widget.example.com/small created\nwidget.example.com/big created\n',
    );
    expect(await kubectl.ok('get', 'widgets')).toMatch(
      /^NAME\s+SIZE\s+PHASE\s+AGE\nbig\s+9\s+\d+s\nsmall\s+1\s+\d+s\n$/,
    );
    expect(await kubectl.ok('get', 'wd', '-o', 'wide')).toMatch(
      /^NAME\s+SIZE\s+PHASE\s+COLOR\s+AGE\nbig\s+9\s+blue\s+\d+s\n/,
    );
    expect(await kubectl.ok('get', 'all')).toContain('widget.example.com/small');
    expect(await kubectl.ok('get', 'widgets', '--field-selector', 'spec.color=red', '-o', 'name')).toBe(
      'widget.example.com/small\n',
    );
  });

  it('refuses resources that fail their schema or CEL rules; unknown fields per fieldValidation', async () => {
    const url = '/apis/example.com/v1/namespaces/default/widgets';
    const bad = (spec: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'bad' }, spec });
    const cel = await t.req('POST', url, bad({ size: 11 }));
    expect(cel.status).toBe(422);
    expect(cel.body.message).toBe(
      'Widget.example.com "bad" is invalid: spec: Invalid value: "object": size must be at most 10',
    );
    const min = await t.req('POST', url, bad({ size: -1 }));
    expect(min.body.message).toBe(
      'Widget.example.com "bad" is invalid: spec.size: Invalid value: -1: spec.size in body should be greater than or equal to 0',
    );
    expect((await t.req('GET', `${url}/bad`)).status).toBe(404);
    await writeFile(
      join(kubectl.home, 'unknown.yaml'),
      'apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: bad}\nspec: {size: 1, weight: 3}\n',
    );
    const strict = await kubectl.run('apply', '-f', 'unknown.yaml');
    expect(strict.stderr).toContain(
      'Widget in version "v1" cannot be handled as a Widget: strict decoding error: unknown field "spec.weight"',
    );
    const warned = await t.req('POST', `${url}?fieldValidation=Warn`, bad({ size: 1, weight: 3 }));
    expect(warned.status).toBe(201);
    expect(warned.headers.get('warning')).toBe('299 - "unknown field \\"spec.weight\\""');
    expect(warned.body.spec).toEqual({ size: 1, shape: 'round' });
    await t.req('DELETE', `${url}/bad`);
  });

  it('refuses a CRD whose rule names an undeclared field or compares mismatched types, as kube-apiserver does', async () => {
    const typo = CRD.replace('widgets', 'gadgets')
      .replace(/Widget/g, 'Gadget')
      .replace('wd]', 'gd]')
      .replace('self.size <= 10', 'self.sise <= 10')
      .replace(
        '"size must be at most 10"}',
        '"size must be at most 10"}\n              - {rule: "self.size == \'x\'"}',
      );
    await writeFile(join(kubectl.home, 'typo.yaml'), typo);
    const out = await kubectl.run('apply', '-f', 'typo.yaml');
    const rule = (i: number, text: string, detail: string) =>
      `spec.versions[${i}].schema.openAPIV3Schema.properties[spec].x-kubernetes-validations[0].rule: Invalid value: apiextensions.ValidationRule{Rule:"${text}", Message:"size must be at most 10", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ${detail}`;
    expect(out.stderr).toContain(
      rule(0, 'self.sise <= 10', "ERROR: <input>:1:5: undefined field 'sise'\n | self.sise <= 10\n | ....^"),
    );
    expect(out.stderr).toContain(
      'x-kubernetes-validations[1].rule: Invalid value: apiextensions.ValidationRule{Rule:"self.size == \'x\'", Message:"", MessageExpression:"", Reason:(*apiextensions.FieldValueErrorReason)(nil), FieldPath:"", OptionalOldSelf:(*bool)(nil)}: compilation failed: ERROR: <input>:1:11: found no matching overload for \'_==_\' applied to \'(int, string)\'',
    );
    expect(
      (await t.req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com')).status,
    ).toBe(404);
  });

  it('explains custom resources from the published OpenAPI', async () => {
    const out = await kubectl.ok('explain', 'widgets.spec');
    expect(out).toContain('GROUP:      example.com');
    expect(out).toMatch(/size\s+<integer>/);
    expect(out).toMatch(/color\s+<string>/);
  });

  it('serves each object in either version, stored once', async () => {
    const v1 = (await t.req('GET', '/apis/example.com/v1/namespaces/default/widgets/big')).body;
    const beta = (await t.req('GET', '/apis/example.com/v1beta1/namespaces/default/widgets/small')).body;
    expect(v1.apiVersion).toBe('example.com/v1');
    expect(beta.apiVersion).toBe('example.com/v1beta1');
    expect(beta.spec).toEqual({ size: 1, color: 'red', replicas: 1, shape: 'round' });
    const list = (await t.req('GET', '/apis/example.com/v1beta1/namespaces/default/widgets?limit=1')).body;
    expect(list.items.map((i: { apiVersion: string }) => i.apiVersion)).toEqual(['example.com/v1beta1']);
    expect(list.metadata.continue).toBeTruthy();
  });

  it('keeps status to the status subresource, scales, and refuses a strategic merge patch with 415', async () => {
    await kubectl.ok(
      'patch',
      'widget',
      'small',
      '--subresource=status',
      '--type=merge',
      '-p',
      '{"status":{"phase":"Ready","replicas":1}}',
    );
    await kubectl.ok('patch', 'widget', 'small', '--type=merge', '-p', '{"status":{"phase":"Ignored"}}');
    expect(await kubectl.ok('get', 'widget', 'small', '-o', 'jsonpath={.status.phase}')).toBe('Ready');
    const badStatus = await t.req(
      'PATCH',
      '/apis/example.com/v1/namespaces/default/widgets/small/status',
      { status: { replicas: 'many' } },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(badStatus.status).toBe(422);
    expect(badStatus.body.message).toContain(
      'Widget.example.com "small" is invalid: [status.replicas: Invalid value: "string"',
    );
    expect(await kubectl.ok('scale', 'widget', 'small', '--replicas=3')).toBe('widget.example.com/small scaled\n');
    expect(await kubectl.ok('get', 'widget', 'small', '-o', 'jsonpath={.spec.replicas}')).toBe('3');
    const smp = await t.req('PATCH', '/apis/example.com/v1/namespaces/default/widgets/small', '{"spec":{"size":2}}', {
      'content-type': 'application/strategic-merge-patch+json',
    });
    expect(smp.status).toBe(415);
    // spec.replicas now belongs to the scale's manager: a server-side apply must force it back.
    const ssa = await kubectl.run('apply', '--server-side', '-f', 'widgets.yaml');
    expect(ssa.stderr).toContain(
      'conflict with "kubectl" with subresource "scale" using example.com/v1: .spec.replicas',
    );
    const forced = await kubectl.ok('apply', '--server-side', '--force-conflicts', '-f', 'widgets.yaml');
    expect(forced).toBe('widget.example.com/small serverside-applied\nwidget.example.com/big serverside-applied\n');
    expect(await kubectl.ok('get', 'widget', 'small', '-o', 'jsonpath={.spec.replicas}')).toBe('1');
  });

  it('watches custom resources', async () => {
    const res = await fetch(
      `${t.url}/apis/example.com/v1beta1/namespaces/default/widgets?watch=true&resourceVersion=0`,
    );
    const reader = res.body!.getReader();
    let text = '';
    while ((text.match(/\n/g) ?? []).length < 2) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const events = text
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(events.map((e) => [e.type, e.object.apiVersion, e.object.metadata.name])).toEqual([
      ['ADDED', 'example.com/v1beta1', 'big'],
      ['ADDED', 'example.com/v1beta1', 'small'],
    ]);
  });

  it('watches as a Table with the printer columns', async () => {
    const res = await fetch(`${t.url}/apis/example.com/v1/namespaces/default/widgets?watch=true&resourceVersion=0`, {
      headers: { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json' },
    });
    const reader = res.body!.getReader();
    let text = '';
    while (!text.includes('\n')) text += new TextDecoder().decode((await reader.read()).value);
    await reader.cancel();
    const first = JSON.parse(text.split('\n')[0]!);
    expect(first.object.kind).toBe('Table');
    expect(first.object.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Size',
      'Phase',
      'Color',
      'Age',
    ]);
    expect(first.object.rows[0].cells.slice(0, 2)).toEqual(['big', 9]);
  });

  it('reports a name conflict as kube-apiserver does', async () => {
    await writeFile(
      join(kubectl.home, 'other.yaml'),
      CRD.replace('name: widgets.example.com', 'name: gadgets.example.com')
        .replace('plural: widgets', 'plural: gadgets')
        .replace('singular: widget', 'singular: gadget')
        .replace('shortNames: [wd]', 'shortNames: [gd]'),
    );
    await kubectl.ok('apply', '-f', 'other.yaml');
    let cond: { status: string; reason: string; message: string } | undefined;
    await eventually(async () => {
      const crd = (await t.req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/gadgets.example.com'))
        .body;
      cond = crd.status?.conditions?.find((c: { type: string }) => c.type === 'NamesAccepted');
      return cond !== undefined;
    });
    expect(cond).toMatchObject({
      status: 'False',
      reason: 'ListKindConflict',
      message: '"WidgetList" is already in use',
    });
    expect((await t.req('GET', '/apis/example.com/v1/gadgets')).status).toBe(404);
    // Once widgets goes, gadgets would take its kind (as kube): the tests below need it gone first.
    await kubectl.ok('delete', '-f', 'other.yaml');
  });

  it('deleting the CRD deletes its resources and stops serving it', async () => {
    expect(await kubectl.ok('delete', 'crd', 'widgets.example.com')).toBe(
      'customresourcedefinition.apiextensions.k8s.io "widgets.example.com" deleted\n',
    );
    expect((await t.req('GET', '/apis/example.com/v1/widgets')).status).toBe(404);
    expect(
      (await t.req('GET', '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com')).status,
    ).toBe(404);
    const keys = await t.req('GET', '/apis/example.com/v1beta1/widgets');
    expect(keys.status).toBe(404);
  });

  it('gives a conflicting CRD its names once the CRD holding them is deleted; status writes carry managedFields', async () => {
    const crd = (plural: string) => ({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: `${plural}.names.example.com` },
      spec: {
        group: 'names.example.com',
        scope: 'Cluster',
        names: { plural, kind: 'Thing' },
        versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object' } } }],
      },
    });
    const path = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions';
    expect((await t.req('POST', path, crd('firsts'))).status).toBe(201);
    await eventually(async () => (await t.req('GET', '/apis/names.example.com/v1/firsts')).status === 200);
    expect((await t.req('POST', path, crd('seconds'))).status).toBe(201);
    const namesAccepted = async () =>
      (await t.req('GET', `${path}/seconds.names.example.com`)).body.status?.conditions?.find(
        (c: { type: string }) => c.type === 'NamesAccepted',
      );
    await eventually(async () => (await namesAccepted())?.reason === 'ListKindConflict');
    await t.req('DELETE', `${path}/firsts.names.example.com`);
    await eventually(async () => (await t.req('GET', '/apis/names.example.com/v1/seconds')).status === 200);
    expect(await namesAccepted()).toMatchObject({ status: 'True', reason: 'NoConflicts' });
    const stored = (await t.req('GET', `${path}/seconds.names.example.com`)).body;
    expect(stored.metadata.managedFields).toContainEqual(
      expect.objectContaining({ manager: 'kube-apiserver', operation: 'Update', subresource: 'status' }),
    );
    await t.req('DELETE', `${path}/seconds.names.example.com`);
  });

  it('keeps a deleted CRD Terminating while a custom resource has a finalizer, and lets it go once it is removed', async () => {
    await kubectl.ok('apply', '-f', 'crd.yaml');
    await eventually(async () => (await t.req('GET', '/apis/example.com/v1/widgets')).status === 200);
    const obj = '/apis/example.com/v1/namespaces/default/widgets/held';
    await t.req('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'held', finalizers: ['example.com/hold'] },
      spec: { size: 1 },
    });
    const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/widgets.example.com';
    const marked = (await t.req('DELETE', crdPath)).body;
    expect(marked.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Terminating', status: 'True', reason: 'InstanceDeletionPending' }),
    );
    await eventually(async () => (await t.req('GET', obj)).body.metadata?.deletionTimestamp !== undefined);
    const terminating = (await t.req('GET', crdPath)).body;
    expect(terminating.status.conditions).toContainEqual(
      expect.objectContaining({ type: 'Terminating', status: 'True', reason: 'InstanceDeletionInProgress' }),
    );
    await t.req('PATCH', obj, { metadata: { finalizers: null } }, { 'content-type': 'application/merge-patch+json' });
    await eventually(async () => (await t.req('GET', crdPath)).status === 404);
  });

  it('a server started on the same store serves the stored CRDs from the start', async () => {
    await kubectl.ok('apply', '-f', 'crd.yaml');
    await eventually(async () => (await t.req('GET', '/apis/example.com/v1/widgets')).status === 200, 10);
    await t.req('POST', '/apis/example.com/v1/namespaces/default/widgets', {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'kept' },
      spec: { size: 2 },
    });
    const second = buildApiServer({ etcdServers: [t.etcd.endpoint], port: 0, logger: pino({ level: 'silent' }) });
    try {
      const url = await second.start();
      const res = await fetch(`${url}/apis/example.com/v1beta1/namespaces/default/widgets/kept`);
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ apiVersion: 'example.com/v1beta1', spec: { size: 2, shape: 'round' } });
    } finally {
      await second.stop();
    }
  });
});
