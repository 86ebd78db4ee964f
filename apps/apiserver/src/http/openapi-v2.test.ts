/**
 * /openapi/v2: JSON by default, gnostic protobuf when asked (decoded here with protobufjs
 * against the field numbers of gnostic's OpenAPIv2.proto), ETag and 304, 406 for other media
 * types, and custom resources that come and go with their CRD.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import Fastify, { type FastifyInstance } from 'fastify';
import { compileSchema } from '@wheelhouse/machinery';
import { LiveRegistry } from '../registry/live-registry.js';
import { customResourceDefinitions } from '../crd/definitions.js';
import type { Crd } from '../crd/types.js';
import { installOpenApi } from './openapi.js';
import { OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_DOTTED } from './openapi-v2.js';

/** The messages of gnostic's openapiv2/OpenAPIv2.proto these tests read, by field number. */
const GNOSTIC = compileSchema({
  Document: 'swagger=1 info=2:Info paths=8:Paths definitions=9:Definitions',
  Info: 'title=1 version=2',
  Paths: 'path=2:[]NamedPathItem',
  NamedPathItem: 'name=1 value=2:PathItem',
  PathItem:
    'get=2:Operation put=3:Operation post=4:Operation delete=5:Operation patch=8:Operation ' +
    'parameters=9:[]ParametersItem',
  Operation: 'operationId=5 consumes=7:[]s parameters=8:[]ParametersItem vendorExtension=13:[]NamedAny',
  ParametersItem: 'parameter=1:Parameter',
  Parameter: 'bodyParameter=1:BodyParameter nonBodyParameter=2:NonBodyParameter',
  BodyParameter: 'name=2 in=3 required=4:bool schema=5:Schema',
  NonBodyParameter: 'query=3:QueryParameterSubSchema path=4:PathParameterSubSchema',
  QueryParameterSubSchema: 'in=2 name=4 type=6',
  PathParameterSubSchema: 'required=1:bool in=2 name=4 type=5',
  Definitions: 'additionalProperties=1:[]NamedSchema',
  NamedSchema: 'name=1 value=2:Schema',
  Schema:
    'ref=1 format=2 description=4 required=19:[]s additionalProperties=21:AdditionalPropertiesItem ' +
    'type=22:TypeItem items=23:ItemsItem properties=25:Properties vendorExtension=31:[]NamedAny',
  AdditionalPropertiesItem: 'schema=1:Schema boolean=2:bool',
  TypeItem: 'value=1:[]s',
  ItemsItem: 'schema=1:[]Schema',
  Properties: 'additionalProperties=1:[]NamedSchema',
  NamedAny: 'name=1 value=2:Any',
  Any: 'yaml=2',
});

interface Named<T> {
  name: string;
  value: T;
}

const CRD: Crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'gadgets.example.com' },
  spec: {
    group: 'example.com',
    scope: 'Namespaced',
    names: { plural: 'gadgets', singular: 'gadget', kind: 'Gadget', listKind: 'GadgetList' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            properties: {
              spec: {
                type: 'object',
                required: ['size', 'color'],
                properties: {
                  size: { type: 'integer' },
                  color: { type: 'string', nullable: true },
                  extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { a: {} } },
                },
              },
            },
          },
        },
      },
    ],
  },
} as Crd;

let app: FastifyInstance;
const registry = new LiveRegistry();

beforeAll(async () => {
  app = Fastify();
  installOpenApi(app, registry);
  await app.ready();
});

afterAll(async () => {
  await app.close();
});

function get(accept?: string, headers: Record<string, string> = {}) {
  return app.inject({ url: '/openapi/v2', headers: accept === undefined ? headers : { accept, ...headers } });
}

describe('/openapi/v2', () => {
  it('answers the Swagger 2.0 document in JSON without an Accept header, and for application/json', async () => {
    for (const accept of [undefined, 'application/json', 'application/json, */*', '*/*']) {
      const res = await get(accept);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      const doc = res.json();
      expect(doc).toMatchObject({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' } });
      expect(doc.definitions['io.k8s.api.core.v1.Pod']['x-kubernetes-group-version-kind']).toEqual([
        { group: '', version: 'v1', kind: 'Pod' },
      ]);
      expect(doc.paths['/api/v1/namespaces/{namespace}/pods'].post.operationId).toBe('createCoreV1NamespacedPod');
    }
  });

  it('answers gnostic protobuf when asked, holding the same paths and definitions', async () => {
    const res = await get(OPENAPI_V2_PROTOBUF);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe(OPENAPI_V2_PROTOBUF_DOTTED);
    expect((await get(OPENAPI_V2_PROTOBUF_DOTTED)).rawPayload).toEqual(res.rawPayload);
    const json = (await get('application/json')).json();
    const doc = GNOSTIC.type('Document').decode(res.rawPayload) as unknown as Record<string, any>;
    expect(doc.swagger).toBe('2.0');
    expect(doc.info).toMatchObject({ title: 'Kubernetes', version: 'v1.32.0' });

    const defs = doc.definitions.additionalProperties as Named<Record<string, any>>[];
    expect(defs.map((d) => d.name)).toEqual(Object.keys(json.definitions));
    const deployment = defs.find((d) => d.name === 'io.k8s.api.apps.v1.Deployment')!.value;
    expect(deployment.type.value).toEqual(['object']);
    const gvk = deployment.vendorExtension.find((e: Named<unknown>) => e.name === 'x-kubernetes-group-version-kind');
    expect(gvk.value.yaml).toBe('- group: apps\n  version: v1\n  kind: Deployment\n');
    const spec = deployment.properties.additionalProperties.find((p: Named<unknown>) => p.name === 'spec').value;
    expect(spec.ref).toBe('#/definitions/io.k8s.api.apps.v1.DeploymentSpec');

    const podSpec = defs.find((d) => d.name === 'io.k8s.api.core.v1.PodSpec')!.value;
    const containers = podSpec.properties.additionalProperties.find(
      (p: Named<unknown>) => p.name === 'containers',
    ).value;
    expect(containers.items.schema[0].ref).toBe('#/definitions/io.k8s.api.core.v1.Container');
    expect(containers.vendorExtension).toEqual([
      { name: 'x-kubernetes-patch-merge-key', value: { yaml: 'name\n' } },
      { name: 'x-kubernetes-patch-strategy', value: { yaml: 'merge\n' } },
    ]);

    const paths = doc.paths.path as Named<Record<string, any>>[];
    expect(paths.map((p) => p.name)).toEqual(Object.keys(json.paths));
    const item = paths.find((p) => p.name === '/apis/apps/v1/namespaces/{namespace}/deployments/{name}')!.value;
    expect(item.patch.operationId).toBe('patchAppsV1NamespacedDeployment');
    expect(item.patch.consumes).toContain('application/strategic-merge-patch+json');
    const [body, ...query] = item.patch.parameters.map((p: any) => p.parameter);
    expect(body.bodyParameter).toMatchObject({
      name: 'body',
      in: 'body',
      required: true,
      schema: { ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.Patch' },
    });
    expect(query.map((p: any) => p.nonBodyParameter.query.name)).toEqual([
      'dryRun',
      'fieldManager',
      'fieldValidation',
      'force',
    ]);
    const action = item.patch.vendorExtension.find((e: Named<unknown>) => e.name === 'x-kubernetes-action');
    expect(action.value.yaml).toBe('patch\n');
  });

  it('encodes path parameters as gnostic path sub-schemas (type is field 5 there, 6 in a query one)', async () => {
    const doc = GNOSTIC.type('Document').decode((await get(OPENAPI_V2_PROTOBUF)).rawPayload) as unknown as Record<
      string,
      any
    >;
    const paths = doc.paths.path as Named<Record<string, any>>[];
    const item = paths.find((p) => p.name === '/api/v1/namespaces/{namespace}/pods/{name}')!.value;
    expect(item.parameters.map((p: any) => p.parameter.nonBodyParameter.path)).toEqual([
      { required: true, in: 'path', name: 'name', type: 'string' },
      { required: true, in: 'path', name: 'namespace', type: 'string' },
    ]);
  });

  it('sends an ETag and answers 304 to a matching If-None-Match, in either form', async () => {
    const first = await get('application/json');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^"[0-9A-F]{128}"$/);
    const again = await get('application/json', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    expect((await get(OPENAPI_V2_PROTOBUF, { 'if-none-match': etag })).statusCode).toBe(304);
    expect((await get('application/json', { 'if-none-match': '"other"' })).statusCode).toBe(200);
  });

  it('prefers the heavier, then the more specific media range, as kube-openapi does', async () => {
    expect((await get(`*/*, ${OPENAPI_V2_PROTOBUF}`)).headers['content-type']).toBe(OPENAPI_V2_PROTOBUF_DOTTED);
    expect((await get(`${OPENAPI_V2_PROTOBUF};q=0.5, application/json`)).headers['content-type']).toMatch(
      /^application\/json/,
    );
  });

  it('reads a bare * as */*, as goautoneg does', async () => {
    const res = await get('*');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
  });

  it('answers 406 for a media type it cannot produce', async () => {
    expect((await get('text/html')).statusCode).toBe(406);
  });

  it('holds a custom resource while its CRD serves it, converted as kube converts CRD schemas for v2', async () => {
    const before = (await get()).headers.etag;
    registry.set('gadgets.example.com', customResourceDefinitions(CRD, {}));
    const res = await get();
    expect(res.headers.etag).not.toBe(before);
    const doc = res.json();
    expect(doc.paths['/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}'].get.operationId).toBe(
      'readExampleComV1NamespacedGadget',
    );
    const gadgets = doc.paths['/apis/example.com/v1/namespaces/{namespace}/gadgets/{name}'];
    expect(gadgets.patch.consumes).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
    expect(gadgets.put).toMatchObject({
      consumes: ['application/json', 'application/yaml'],
      produces: ['application/json', 'application/yaml'],
    });
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/apis/example.com/v1/watch/'))).toEqual([]);
    // apiextensions-apiserver's route builder: a custom resource's patch answers 200 only, its replace 200 or 201.
    expect(Object.keys(gadgets.patch.responses)).toEqual(['200', '401']);
    expect(Object.keys(gadgets.put.responses)).toEqual(['200', '201', '401']);
    const gadget = doc.definitions['com.example.v1.Gadget'];
    expect(gadget['x-kubernetes-group-version-kind']).toEqual([
      { group: 'example.com', version: 'v1', kind: 'Gadget' },
    ]);
    expect(gadget.properties.metadata.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(gadget.properties.spec).toEqual({
      type: 'object',
      required: ['size'],
      properties: {
        size: { type: 'integer' },
        color: {},
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
      },
    });
    expect(doc.definitions['com.example.v1.GadgetList'].properties.items.items.$ref).toBe(
      '#/definitions/com.example.v1.Gadget',
    );

    registry.remove('gadgets.example.com');
    const gone = (await get()).json();
    expect(gone.definitions['com.example.v1.Gadget']).toBeUndefined();
    expect(Object.keys(gone.paths).filter((p) => p.includes('example.com'))).toEqual([]);
  });
});
