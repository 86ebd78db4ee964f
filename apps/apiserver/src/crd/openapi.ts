/**
 * The OpenAPI component schema of a custom resource version, as apiextensions-apiserver
 * publishes it: the version's openAPIV3Schema with apiVersion, kind and metadata (ObjectMeta)
 * filled in and the kind's `x-kubernetes-group-version-kind`, so `kubectl explain` reads it
 * and kubectl's apply sees the server validate fields.
 */
import type { CustomResourceDefinitionVersion } from '@wheelhouse/api';

const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

/** The definition name kube gives a custom resource: the group reversed, then version and kind (`com.example.v1.Widget`). */
export function definitionNameOf(group: string, version: string, kind: string): string {
  return `${group.split('.').reverse().join('.')}.${version}.${kind}`;
}

/** The component schemas (keyed by definition name) of one served version. */
export function customResourceOpenAPI(
  group: string,
  v: CustomResourceDefinitionVersion,
  kind: string,
): Record<string, Record<string, unknown>> {
  const schema = structuredClone(v.schema?.openAPIV3Schema ?? { type: 'object' });
  const props = { ...((schema.properties as Record<string, unknown> | undefined) ?? {}) };
  props.apiVersion = {
    type: 'string',
    description:
      'APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources',
  };
  props.kind = {
    type: 'string',
    description:
      'Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds',
  };
  props.metadata = {
    allOf: [{ $ref: `#/components/schemas/${OBJECT_META}` }],
    description:
      "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata",
  };
  return {
    [definitionNameOf(group, v.name ?? '', kind)]: {
      ...schema,
      type: 'object',
      properties: props,
      'x-kubernetes-group-version-kind': [{ group, version: v.name ?? '', kind }],
    },
  };
}
