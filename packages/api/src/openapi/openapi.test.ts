import { describe, expect, it } from 'vitest';
import { openAPIDocument, openAPIIndex } from './document.js';

type Op = {
  'x-kubernetes-group-version-kind'?: { group: string; version: string; kind: string };
  parameters?: { name: string; in: string }[];
  requestBody?: { content: Record<string, unknown> };
};

describe('openAPIIndex', () => {
  it('lists one document per group/version with a content hash', () => {
    const index = openAPIIndex();
    expect(Object.keys(index.paths)).toEqual([
      'api/v1',
      'apis/apps/v1',
      'apis/authentication.k8s.io/v1',
      'apis/authorization.k8s.io/v1',
      'apis/autoscaling/v2',
      'apis/autoscaling/v1',
      'apis/batch/v1',
      'apis/coordination.k8s.io/v1',
      'apis/policy/v1',
      'apis/scheduling.k8s.io/v1',
      'apis/node.k8s.io/v1',
      'apis/discovery.k8s.io/v1',
      'apis/rbac.authorization.k8s.io/v1',
      'apis/networking.k8s.io/v1',
      'apis/storage.k8s.io/v1',
      'apis/apiextensions.k8s.io/v1',
      'apis/admissionregistration.k8s.io/v1',
      'apis/apiregistration.k8s.io/v1',
    ]);
    expect(index.paths['api/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/api\/v1\?hash=[0-9A-F]{128}$/);
    expect(openAPIIndex()).toEqual(index);
  });
});

describe('openAPIDocument', () => {
  it('returns undefined for unknown group/versions', () => {
    expect(openAPIDocument('apps', 'v1beta1')).toBeUndefined();
  });

  it('carries GVKs on the kind schemas and lists', () => {
    const doc = openAPIDocument('', 'v1');
    const pod = doc?.components.schemas['io.k8s.api.core.v1.Pod'];
    expect(pod?.['x-kubernetes-group-version-kind']).toEqual([{ group: '', version: 'v1', kind: 'Pod' }]);
    expect(doc?.components.schemas['io.k8s.api.core.v1.PodList']?.['x-kubernetes-group-version-kind']).toEqual([
      { group: '', version: 'v1', kind: 'PodList' },
    ]);
    expect(doc?.components.schemas['io.k8s.api.core.v1.PodSpec']).toBeDefined();
    expect(doc?.components.schemas['io.k8s.api.apps.v1.Deployment']).toBeUndefined();
  });

  it('uses Kubernetes formats for integers, times and int-or-string', () => {
    const schemas = openAPIDocument('', 'v1')?.components.schemas ?? {};
    const port = (schemas['io.k8s.api.core.v1.ContainerPort']?.properties ?? {}) as Record<string, { format?: string }>;
    expect(port.containerPort?.format).toBe('int32');
    const meta = (schemas['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta']?.properties ?? {}) as Record<
      string,
      { format?: string }
    >;
    expect(meta.generation?.format).toBe('int64');
    expect(schemas['io.k8s.apimachinery.pkg.apis.meta.v1.Time']).toMatchObject({ type: 'string', format: 'date-time' });
    expect(schemas['io.k8s.apimachinery.pkg.util.intstr.IntOrString']).toMatchObject({
      type: 'string',
      format: 'int-or-string',
    });
  });

  it('has PATCH operations with the GVK and a fieldValidation query parameter for every resource', () => {
    for (const [group, kinds] of [
      ['', ['Pod', 'Node', 'Service', 'ConfigMap']],
      ['apps', ['Deployment', 'StatefulSet']],
      ['policy', ['PodDisruptionBudget']],
    ] as const) {
      const doc = openAPIDocument(group, 'v1');
      for (const kind of kinds) {
        const patches = Object.values(doc?.paths ?? {})
          .map((p) => (p as { patch?: Op }).patch)
          .filter((op): op is Op => op?.['x-kubernetes-group-version-kind']?.kind === kind);
        expect(patches.length).toBeGreaterThan(0);
        for (const op of patches)
          expect(op.parameters?.some((p) => p.name === 'fieldValidation' && p.in === 'query')).toBe(true);
      }
    }
  });

  it('lists namespaced, all-namespaces and subresource paths', () => {
    const paths = Object.keys(openAPIDocument('apps', 'v1')?.paths ?? {});
    expect(paths).toContain('/apis/apps/v1/namespaces/{namespace}/deployments');
    expect(paths).toContain('/apis/apps/v1/namespaces/{namespace}/deployments/{name}');
    expect(paths).toContain('/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale');
    expect(paths).toContain('/apis/apps/v1/deployments');
    const scale = (
      openAPIDocument('apps', 'v1')?.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'] as {
        get: Op;
      }
    ).get;
    expect(scale['x-kubernetes-group-version-kind']).toEqual({ group: 'autoscaling', version: 'v1', kind: 'Scale' });
    expect(openAPIDocument('apps', 'v1')?.components.schemas['io.k8s.api.autoscaling.v1.Scale']).toBeDefined();
    const core = Object.keys(openAPIDocument('', 'v1')?.paths ?? {});
    expect(core).toContain('/api/v1/nodes/{name}/status');
    expect(core).toContain('/api/v1/namespaces/{namespace}/pods/{name}/eviction');
  });

  it('does not advertise strategic merge patch (kubectl then uses its built-in patch metadata)', () => {
    const op = (openAPIDocument('', 'v1')?.paths['/api/v1/namespaces/{namespace}/pods/{name}'] as { patch: Op }).patch;
    expect(Object.keys(op.requestBody?.content ?? {})).toEqual([
      'application/json-patch+json',
      'application/merge-patch+json',
      'application/apply-patch+yaml',
    ]);
  });

  it('resolves every $ref inside the document', () => {
    for (const group of [
      '',
      'apps',
      'batch',
      'coordination.k8s.io',
      'policy',
      'scheduling.k8s.io',
      'node.k8s.io',
      'discovery.k8s.io',
    ]) {
      const doc = openAPIDocument(group, 'v1');
      const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[^"]+/g) ?? [];
      for (const ref of refs)
        expect(doc?.components.schemas[ref.slice('#/components/schemas/'.length)], ref).toBeDefined();
    }
  });
});
