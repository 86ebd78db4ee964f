/**
 * Validation of custom resources as kube-apiserver's customResourceStrategy does it: type meta,
 * object metadata, the version's schema, the scale subresource's replica paths, embedded
 * resources, list-type sets and maps, then x-kubernetes-validations rules (unless an earlier
 * error blocks them: `<nil>: Invalid value: "null": some validation rules were not checked ...`).
 */
import { nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type {
  CustomResourceDefinition,
  CustomResourceSubresourceScale,
  JSONSchemaProps,
} from '../schema/apiextensions-v1.js';
import type { ObjectMeta } from '../schema/meta-v1.js';
import { invalid, type FieldError } from '../validation/field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from '../validation/meta.js';
import { hasRules, validateRules } from './cel/evaluate.js';
import { validateEmbeddedResources } from './embedded-resources.js';
import { validateListSetsAndMaps } from './list-types.js';
import { isTypeInvalidError, validateAgainstSchema } from './schema-validation.js';
import { ratchetSchemaErrors } from './ratcheting.js';
import { isJsonObject } from './schema-nav.js';

/** What validating a custom resource needs to know about its CRD version. */
export interface CustomResourceVersion {
  group: string;
  version: string;
  kind: string;
  namespaced: boolean;
  /** The version's structural openAPIV3Schema. */
  schema: JSONSchemaProps;
  /** The scale subresource, when the version serves one. */
  scale?: CustomResourceSubresourceScale | undefined;
}

/** The schema of a version without one: anything goes (kept as one object, so per-schema caches hit). */
const PRESERVE_ALL: JSONSchemaProps = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/** The CustomResourceVersion of `crd`'s version `name`, or undefined when the CRD has no such version. */
export function customResourceVersionOf(
  crd: CustomResourceDefinition,
  name: string,
): CustomResourceVersion | undefined {
  const v = crd.spec?.versions?.find((x) => x.name === name);
  if (v === undefined) return undefined;
  return {
    group: crd.spec?.group ?? '',
    version: name,
    kind: crd.spec?.names?.kind ?? '',
    namespaced: crd.spec?.scope === 'Namespaced',
    schema: v.schema?.openAPIV3Schema ?? PRESERVE_ALL,
    scale: v.subresources?.scale,
  };
}

type Obj = Record<string, unknown> & { metadata?: ObjectMeta };

function typeMetaErrors(v: CustomResourceVersion, obj: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const apiVersion = `${v.group}/${v.version}`;
  if (obj.kind !== v.kind) errs.push(invalid('kind', String(obj.kind ?? ''), `must be ${v.kind}`));
  if (obj.apiVersion !== apiVersion)
    errs.push(invalid('apiVersion', String(obj.apiVersion ?? ''), `must be ${apiVersion}`));
  return errs;
}

const GO_TYPES: Record<string, string> = { string: 'string', boolean: 'bool', object: 'map[string]interface {}' };

/** unstructured.NestedInt64 at a scale path, with kube's replica-count checks. */
function replicasErrors(obj: Obj, path: string | undefined): FieldError[] {
  if (!path) return [];
  const fields = path.replace(/^\./, '').split('.');
  let node: unknown = obj;
  for (const f of fields) {
    if (!isJsonObject(node) || !(f in node)) return [];
    node = node[f];
  }
  if (typeof node !== 'number' || !Number.isInteger(node)) {
    const goType = Array.isArray(node)
      ? '[]interface {}'
      : typeof node === 'number'
        ? 'float64'
        : (GO_TYPES[typeof node] ?? typeof node);
    return [
      invalid(
        path,
        0,
        `.${fields.join('.')} accessor error: ${JSON.stringify(node)} is of the type ${goType}, expected int64`,
      ),
    ];
  }
  if (node < 0) return [invalid(path, node, 'should be a non-negative integer')];
  if (node > 2147483647) return [invalid(path, node, 'should be less than or equal to 2147483647')];
  return [];
}

function labelSelectorErrors(obj: Obj, path: string | undefined): FieldError[] {
  if (!path) return [];
  const fields = path.replace(/^\./, '').split('.');
  let node: unknown = obj;
  for (const f of fields) {
    if (!isJsonObject(node) || !(f in node)) return [];
    node = node[f];
  }
  return typeof node === 'string'
    ? []
    : [
        invalid(
          path,
          '',
          `.${fields.join('.')} accessor error: ${JSON.stringify(node)} is of the type ${typeof node}, expected string`,
        ),
      ];
}

const BLOCKING = new Set(['FieldValueNotSupported', 'FieldValueRequired', 'FieldValueTooLong', 'FieldValueTooMany']);

function blocks(errs: readonly FieldError[]): boolean {
  return errs.some((e) => BLOCKING.has(e.type) || isTypeInvalidError(e));
}

function withRules(v: CustomResourceVersion, errs: FieldError[], obj: Obj, old: Obj | undefined): FieldError[] {
  if (!hasRules(v.schema)) return errs;
  if (blocks(errs))
    return [
      ...errs,
      invalid(
        '<nil>',
        'null',
        'some validation rules were not checked because the object was invalid; correct the existing errors to complete validation',
      ),
    ];
  return [...errs, ...validateRules(v.schema, obj, old)];
}

function listErrors(v: CustomResourceVersion, obj: Obj, old: Obj | undefined): FieldError[] {
  // Ratcheting: an old object that already broke list uniqueness does not hold an update back.
  if (old !== undefined && validateListSetsAndMaps(v.schema, old).length > 0) return [];
  return validateListSetsAndMaps(v.schema, obj);
}

/**
 * Validates a custom resource on create (after pruning and defaulting). An empty list means
 * valid; the errors are kube's, for a 422 `<Kind>.<group> "<name>" is invalid` Status.
 */
export function validateCustomResource(v: CustomResourceVersion, obj: Obj): FieldError[] {
  const typeErrs = typeMetaErrors(v, obj);
  const errs =
    typeErrs.length > 0
      ? typeErrs
      : [
          ...validateObjectMeta(obj.metadata, v.namespaced, nameIsDNSSubdomain),
          ...validateAgainstSchema(v.schema, obj),
          ...replicasErrors(obj, v.scale?.specReplicasPath),
          ...replicasErrors(obj, v.scale?.statusReplicasPath),
          ...labelSelectorErrors(obj, v.scale?.labelSelectorPath),
        ];
  errs.push(...validateEmbeddedResources(v.schema, obj), ...listErrors(v, obj, undefined));
  return withRules(v, errs, obj, undefined);
}

/**
 * Validates a custom resource update of `old` to `obj`: metadata as an update, the schema (errors
 * on values left unchanged are ratcheted away, see ratcheting.ts), and the rules with oldSelf.
 */
export function validateCustomResourceUpdate(v: CustomResourceVersion, obj: Obj, old: Obj): FieldError[] {
  const typeErrs = typeMetaErrors(v, obj);
  const errs =
    typeErrs.length > 0
      ? typeErrs
      : [
          ...validateObjectMetaUpdate(obj.metadata, old.metadata),
          ...ratchetSchemaErrors(validateAgainstSchema(v.schema, obj), obj, old),
          ...replicasErrors(obj, v.scale?.specReplicasPath),
          ...replicasErrors(obj, v.scale?.statusReplicasPath),
          ...labelSelectorErrors(obj, v.scale?.labelSelectorPath),
        ];
  errs.push(...validateEmbeddedResources(v.schema, obj), ...listErrors(v, obj, old));
  return withRules(v, errs, obj, old);
}

/** Validates a `/status` update: metadata as an update, `status` against its schema, rules with oldSelf. */
export function validateCustomResourceStatusUpdate(v: CustomResourceVersion, obj: Obj, old: Obj): FieldError[] {
  const typeErrs = typeMetaErrors(v, obj);
  const statusSchema = v.schema.properties?.status;
  const errs =
    typeErrs.length > 0
      ? typeErrs
      : [
          ...validateObjectMetaUpdate(obj.metadata, old.metadata),
          ...(statusSchema && 'status' in obj
            ? ratchetSchemaErrors(validateAgainstSchema(statusSchema, obj.status, 'status'), obj, old)
            : []),
          ...replicasErrors(obj, v.scale?.statusReplicasPath),
          ...labelSelectorErrors(obj, v.scale?.labelSelectorPath),
        ];
  errs.push(...validateEmbeddedResources(v.schema, obj), ...listErrors(v, obj, old));
  return withRules(v, errs, obj, old);
}
