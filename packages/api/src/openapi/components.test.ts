import { describe, expect, it } from 'vitest';
import { openAPIDocument } from './document.js';

type Schema = {
  description?: string;
  properties?: Record<string, Schema>;
  allOf?: { $ref: string }[];
  default?: unknown;
};

function schema(group: string, version: string, id: string): Schema {
  return (openAPIDocument(group, version)?.components.schemas[id] ?? {}) as Schema;
}

describe('Kubernetes descriptions in the component schemas', () => {
  it('describes scalar fields as kube-apiserver does', () => {
    const spec = schema('apps', 'v1', 'io.k8s.api.apps.v1.DeploymentSpec');
    expect(spec.properties?.replicas?.description).toBe(
      'Number of desired pods. This is a pointer to distinguish between explicit zero and not specified. Defaults to 1.',
    );
    const meta = schema('', 'v1', 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta');
    expect(meta.properties?.labels?.description).toBe(
      'Map of string keys and values that can be used to organize and categorize (scope and select) objects. May match selectors of replication controllers and services. More info: https://kubernetes.io/docs/concepts/overview/working-with-objects/labels',
    );
  });

  it('describes array fields', () => {
    const pod = schema('', 'v1', 'io.k8s.api.core.v1.PodSpec');
    expect(pod.properties?.containers?.description).toMatch(
      /^List of containers belonging to the pod\. Containers cannot currently be added or removed\./,
    );
  });

  it('wraps a described reference in allOf, with default {} for a non-pointer struct', () => {
    const deployment = schema('apps', 'v1', 'io.k8s.api.apps.v1.Deployment');
    expect(deployment.properties?.spec).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }],
      default: {},
      description: 'Specification of the desired behavior of the Deployment.',
    });
    const selector = schema('apps', 'v1', 'io.k8s.api.apps.v1.DeploymentSpec').properties?.selector;
    expect(selector?.allOf).toEqual([
      { $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector' },
    ]);
    expect(selector?.default).toBeUndefined();
    expect(selector?.description).toMatch(/^Label selector for pods\./);
  });

  it('takes fields of inline-embedded structs (TypeMeta, VolumeSource) from the embedded type', () => {
    const deployment = schema('apps', 'v1', 'io.k8s.api.apps.v1.Deployment');
    expect(deployment.properties?.apiVersion?.description).toMatch(
      /^APIVersion defines the versioned schema of this representation of an object\./,
    );
    const volume = schema('', 'v1', 'io.k8s.api.core.v1.Volume');
    expect(volume.properties?.emptyDir?.description).toMatch(/^emptyDir represents a temporary directory/);
  });

  it("describes a kind's list", () => {
    const list = schema('apps', 'v1', 'io.k8s.api.apps.v1.DeploymentList');
    expect(list.properties?.items?.description).toBe('Items is the list of Deployments.');
    expect(list.properties?.metadata).toEqual({
      allOf: [{ $ref: '#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta' }],
      default: {},
      description: 'Standard list metadata.',
    });
  });

  it('describes the CRD and APIService kinds from their own generated OpenAPI', () => {
    const crd = schema(
      'apiextensions.k8s.io',
      'v1',
      'io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionSpec',
    );
    expect(crd.properties?.group?.description).toMatch(/^group is the API group of the defined custom resource\./);
    expect(crd.properties?.names?.default).toEqual({});
    const svc = schema(
      'apiregistration.k8s.io',
      'v1',
      'io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIServiceSpec',
    );
    expect(svc.properties?.groupPriorityMinimum?.description).toMatch(/^GroupPriorityMinimum is the priority/);
  });
});
