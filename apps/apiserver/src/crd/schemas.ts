/**
 * What custom resources go through between decoding and storage, from @wheelhouse/api's
 * pure functions over a version's openAPIV3Schema, in kube-apiserver's order: unknown fields
 * found by pruning (refused or warned about at decoding, per fieldValidation), pruning and
 * structural defaulting, then validation (metadata, the schema, scale paths, list types,
 * embedded resources, x-kubernetes-validations CEL rules).
 */
import {
  applySchemaDefaultsInPlace,
  customResourceVersionOf,
  pruneUnknownFields,
  unknownFieldPaths,
  validateCustomResource,
  validateCustomResourceStatusUpdate,
  validateCustomResourceUpdate,
  type CustomResourceDefinition,
  type CustomResourceDefinitionVersion as CrdVersion,
  type JSONSchemaProps,
} from '@wheelhouse/api';
import type { CustomResourceSchemas } from './definitions.js';

function schemaOf(v: CrdVersion): JSONSchemaProps | undefined {
  return v.schema?.openAPIV3Schema as JSONSchemaProps | undefined;
}

/** The schema functions the CRD controller gives every custom resource definition. */
export function customResourceSchemas(): CustomResourceSchemas {
  const versionOf = (crd: unknown, v: CrdVersion) =>
    customResourceVersionOf(crd as CustomResourceDefinition, v.name ?? '');
  return {
    unknownFields: (_crd, v, obj) => {
      const schema = schemaOf(v);
      // Listed without the copy pruning makes: normalize prunes (and copies) once afterwards.
      return schema ? unknownFieldPaths(schema, obj) : [];
    },
    normalize: (_crd, v, obj) => {
      const schema = schemaOf(v);
      if (!schema) return obj;
      // Pruning's copy is defaulted in place: one deep copy per write, not two.
      const pruned = pruneUnknownFields(schema, obj).object;
      applySchemaDefaultsInPlace(schema, pruned);
      return pruned;
    },
    validate: (crd, v, obj, old) => {
      const cv = versionOf(crd, v);
      if (!cv) return [];
      return old ? validateCustomResourceUpdate(cv, obj, old) : validateCustomResource(cv, obj);
    },
    validateStatus: (crd, v, obj, old) => {
      const cv = versionOf(crd, v);
      return cv ? validateCustomResourceStatusUpdate(cv, obj, old) : [];
    },
  };
}
