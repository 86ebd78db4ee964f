import { describe, expect, it } from 'vitest';
import { groupVersions, resourcesIn } from '../registry/registry.js';
import { buildSwaggerDocument } from './document-v2.js';
import { toSwaggerSchema } from './schema-v2.js';

const doc = buildSwaggerDocument(groupVersions().flatMap((gv) => resourcesIn(gv.group, gv.version)));

/** Visits every schema keyword (not property names: JSONSchemaProps has a property called `$ref`). */
function walk(node: unknown, visit: (key: string, value: unknown) => void, names = false): void {
  if (node === null || typeof node !== 'object') return;
  for (const [k, v] of Object.entries(node)) {
    if (!names) visit(k, v);
    walk(v, visit, !names && (k === 'properties' || k === 'definitions' || k === 'paths' || k === 'responses'));
  }
}

describe('buildSwaggerDocument', () => {
  it('is a Swagger 2.0 document whose refs all point at its own definitions, with no v3-only keywords', () => {
    expect(doc).toMatchObject({ swagger: '2.0', info: { title: 'Kubernetes', version: 'v1.32.0' } });
    const bad: string[] = [];
    walk(doc, (key, value) => {
      if (key === '$ref' && !(String(value).slice('#/definitions/'.length) in doc.definitions)) bad.push(String(value));
      if (['nullable', 'oneOf', 'anyOf', 'allOf', 'requestBody', 'content'].includes(key)) bad.push(key);
    });
    expect(bad).toEqual([]);
  });

  it('publishes the kinds with their group/version/kind and their lists', () => {
    expect(doc.definitions['io.k8s.api.apps.v1.Deployment']?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'apps', version: 'v1', kind: 'Deployment' },
    ]);
    expect(doc.definitions['io.k8s.api.rbac.v1.ClusterRoleList']?.['x-kubernetes-group-version-kind']).toEqual([
      { group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleList' },
    ]);
    const metaRef = (doc.definitions['io.k8s.api.core.v1.ConfigMap']?.properties as Record<string, any>).metadata;
    expect(metaRef.$ref).toBe('#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
  });

  it('answers 202 Accepted to a create and a delete only, as kube publishes them', () => {
    const codes = (path: string, method: string) =>
      Object.keys((doc.paths[path] as Record<string, any>)[method].responses as object).sort();
    expect(codes('/api/v1/namespaces/{namespace}/pods', 'post')).toEqual(['200', '201', '202', '401']);
    expect(codes('/api/v1/namespaces/{namespace}/pods/{name}', 'put')).toEqual(['200', '201', '401']);
    expect(codes('/api/v1/namespaces/{namespace}/pods/{name}', 'patch')).toEqual(['200', '201', '401']);
    expect(codes('/api/v1/namespaces/{namespace}/pods/{name}', 'delete')).toEqual(['200', '202', '401']);
    expect(codes('/api/v1/namespaces/{namespace}/pods', 'delete')).toEqual(['200', '401']);
  });

  it('shapes operations as kube-apiserver publishes them in v2', () => {
    const pods = doc.paths['/api/v1/namespaces/{namespace}/pods'] as Record<string, any>;
    expect(pods.get).toMatchObject({
      operationId: 'listCoreV1NamespacedPod',
      consumes: ['*/*'],
      tags: ['core_v1'],
      'x-kubernetes-action': 'list',
      'x-kubernetes-group-version-kind': { group: '', version: 'v1', kind: 'Pod' },
    });
    expect(pods.get.produces).toContain('application/json;stream=watch');
    expect(pods.post.parameters[0]).toEqual({
      in: 'body',
      name: 'body',
      required: true,
      schema: { $ref: '#/definitions/io.k8s.api.core.v1.Pod' },
    });
    expect(pods.post.responses['201'].schema).toEqual({ $ref: '#/definitions/io.k8s.api.core.v1.Pod' });
    expect(pods.delete.operationId).toBe('deleteCoreV1CollectionNamespacedPod');
    expect(pods.parameters).toEqual([
      expect.objectContaining({ name: 'namespace', in: 'path', required: true, type: 'string' }),
    ]);
    const binding = doc.paths['/api/v1/namespaces/{namespace}/pods/{name}/binding'] as Record<string, any>;
    expect(binding.post.operationId).toBe('createCoreV1NamespacedPodBinding');
    const roles = doc.paths['/apis/rbac.authorization.k8s.io/v1/clusterroles/{name}'] as Record<string, any>;
    expect(roles.delete).toMatchObject({
      operationId: 'deleteRbacAuthorizationV1ClusterRole',
      tags: ['rbacAuthorization_v1'],
    });
    expect(roles.delete.parameters[0]).toMatchObject({ in: 'body', name: 'body' });
    expect(roles.delete.parameters[0].required).toBeUndefined();
    const scale = doc.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'] as Record<string, any>;
    expect(scale.patch).toMatchObject({
      operationId: 'patchAppsV1NamespacedDeploymentScale',
      'x-kubernetes-group-version-kind': { group: 'autoscaling', version: 'v1', kind: 'Scale' },
    });
    expect(scale.patch.consumes).toContain('application/strategic-merge-patch+json');
    expect(doc.paths['/apis/apps/v1/deployments']).toMatchObject({
      get: { operationId: 'listAppsV1DeploymentForAllNamespaces' },
    });
    const watch = doc.paths['/api/v1/watch/namespaces/{namespace}/pods/{name}'] as Record<string, any>;
    expect(watch.get).toMatchObject({
      operationId: 'watchCoreV1NamespacedPod',
      'x-kubernetes-action': 'watch',
      responses: { '200': { schema: { $ref: '#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent' } } },
    });
    expect(watch.parameters.map((p: { name: string }) => p.name)).toContain('labelSelector');
    expect(watch.parameters.map((p: { name: string }) => p.name)).toContain('watch');
    expect(doc.paths['/api/v1/watch/nodes']).toMatchObject({
      get: { operationId: 'watchCoreV1NodeList', 'x-kubernetes-action': 'watchlist' },
    });
    expect(doc.paths['/api/v1/watch/pods']).toMatchObject({
      get: { operationId: 'watchCoreV1PodListForAllNamespaces' },
    });
  });

  it('carries the patch markers kubectl computes strategic merge patches from', () => {
    const props = (name: string) => doc.definitions[name]?.properties as Record<string, Record<string, unknown>>;
    expect(props('io.k8s.api.core.v1.PodSpec').containers).toMatchObject({
      'x-kubernetes-patch-merge-key': 'name',
      'x-kubernetes-patch-strategy': 'merge',
    });
    expect(props('io.k8s.api.core.v1.PodSpec').volumes?.['x-kubernetes-patch-strategy']).toBe('merge,retainKeys');
    expect(props('io.k8s.api.core.v1.Container').ports?.['x-kubernetes-patch-merge-key']).toBe('containerPort');
    expect(props('io.k8s.api.apps.v1.DeploymentSpec').strategy?.['x-kubernetes-patch-strategy']).toBe('retainKeys');
    expect(props('io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta').finalizers).toMatchObject({
      'x-kubernetes-patch-strategy': 'merge',
    });
    // Tolerations carry no tag: kubectl replaces the list whole.
    expect(props('io.k8s.api.core.v1.PodSpec').tolerations?.['x-kubernetes-patch-strategy']).toBeUndefined();
  });
});

describe('toSwaggerSchema', () => {
  it('folds a single-ref allOf into the ref, keeping its description', () => {
    expect(
      toSwaggerSchema({ allOf: [{ $ref: '#/components/schemas/a.B' }], description: 'the b', nullable: true }),
    ).toEqual({ $ref: '#/definitions/a.B', description: 'the b' });
  });

  it('drops additionalProperties: false, which kube never publishes', () => {
    expect(
      toSwaggerSchema({ type: 'object', properties: { a: { type: 'string' } }, additionalProperties: false }),
    ).toEqual({ type: 'object', properties: { a: { type: 'string' } } });
  });

  it('leaves out empty properties, so kubectl reads a passthrough object as a map, not a kind without fields', () => {
    expect(toSwaggerSchema({ type: 'object', properties: {}, additionalProperties: {} })).toEqual({
      type: 'object',
      additionalProperties: {},
    });
  });

  it('converts custom resource schemas as apiextensions-apiserver does for v2', () => {
    const v3 = {
      type: 'object',
      required: ['a', 'b'],
      properties: {
        a: { type: 'string', nullable: true },
        b: {
          type: 'array',
          items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true, properties: { x: {} } },
        },
        c: { type: 'array', 'x-kubernetes-preserve-unknown-fields': true, items: { type: 'string' } },
        d: { anyOf: [{ type: 'integer' }, { type: 'string' }], 'x-kubernetes-int-or-string': true },
      },
    };
    expect(toSwaggerSchema(v3, true)).toEqual({
      type: 'object',
      required: ['b'],
      properties: {
        a: {},
        b: { type: 'array', items: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        c: { 'x-kubernetes-preserve-unknown-fields': true },
        d: { 'x-kubernetes-int-or-string': true },
      },
    });
  });
});
