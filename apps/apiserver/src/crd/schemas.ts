/**
 * What custom resources go through between decoding and storage, from @wheelhouse/api's
 * pure functions over a version's openAPIV3Schema, in kube-apiserver's order: unknown fields
 * found by pruning (refused or warned about at decoding, per fieldValidation), pruning and
 * structural defaulting, then validation (metadata, the schema, scale paths, list types,
 * embedded resources, x-kubernetes-validations CEL rules).
 */
import {
  applySchemaDefaults,
  customResourceVersionOf,
  pruneUnknownFields,
  validateCustomResource,
  validateCustomResourceUpdate,
  type ApiObject,
  type CustomResourceDefinition,
  type JSONSchemaProps,
} from '@wheelhouse/api';
import type { CustomResourceSchemas } from './definitions.js';
import type { CrdVersion } from './types.js';

function schemaOf(v: CrdVersion): JSONSchemaProps | undefined {
  return v.schema?.openAPIV3Schema as JSONSchemaProps | undefined;
}

/** The schema functions the CRD controller gives every custom resource definition. */
export function customResourceSchemas(): CustomResourceSchemas {
  return {
    unknownFields: (_crd, v, obj) => {
      const schema = schemaOf(v);
      return schema ? pruneUnknownFields(schema, obj).unknownFields : [];
    },
    normalize: (_crd, v, obj) => {
      const schema = schemaOf(v);
      return schema ? applySchemaDefaults(schema, pruneUnknownFields(schema, obj).object) : obj;
    },
    validate: (crd, v, obj, old) => {
      const cv = customResourceVersionOf(crd as unknown as CustomResourceDefinition, v.name);
      if (!cv) return [];
      return old ? validateCustomResourceUpdate(cv, obj, old as ApiObject) : validateCustomResource(cv, obj);
    },
  };
}
