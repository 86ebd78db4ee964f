/**
 * Validation of custom resources as kube-apiserver's customResourceStrategy does it: type meta,
 * object metadata, the version's schema, the scale subresource's replica paths, embedded
 * resources, list-type sets and maps, then x-kubernetes-validations rules (unless an earlier
 * error blocks them: `<nil>: Invalid value: "null": some validation rules were not checked ...`).
 */
import { goTypeName, goValue, nameIsDNSSubdomain } from '@wheelhouse/machinery';
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

/** Go's `%T` and `%v` of an unstructured value (whole JSON numbers decode to int64 there). */
const goType = (v: unknown) => (Number.isInteger(v) ? 'int64' : goTypeName(v));
const goText = (v: unknown) => (Number.isInteger(v) ? String(v) : goValue(v));

type Nested = { found: false } | { found: true; value: unknown } | { error: string };

/** unstructured.NestedFieldNoCopy at a scale path (`.spec.replicas`): not found below a null, an error below a non-object. */
function nestedField(obj: Obj, path: string): Nested {
  const fields = path.replace(/^\./, '').split('.');
  let node: unknown = obj;
  for (let i = 0; i < fields.length; i++) {
    if (node === null || node === undefined) return { found: false };
    const f = fields[i] ?? '';
    if (!isJsonObject(node)) {
      const at = `.${fields.slice(0, i + 1).join('.')}`;
      return {
        error: `${at} accessor error: ${goText(node)} is of the type ${goType(node)}, expected map[string]interface{}`,
      };
    }
    if (!(f in node)) return { found: false };
    node = node[f];
  }
  return { found: true, value: node };
}

/** The accessor error of the value at a scale path that is not of the type `goWanted` (int64, string). */
function accessorError(path: string, value: unknown, goWanted: string): string {
  return `.${path.replace(/^\./, '')} accessor error: ${goText(value)} is of the type ${goType(value)}, expected ${goWanted}`;
}

/** ValidateScaleSpec/ValidateScaleStatus: unstructured.NestedInt64 at a replicas path, then kube's count checks. */
function replicasErrors(obj: Obj, path: string | undefined): FieldError[] {
  if (!path) return [];
  const nested = nestedField(obj, path);
  if ('error' in nested) return [invalid(path, 0, nested.error)];
  if (!nested.found) return [];
  const n = nested.value;
  if (typeof n !== 'number' || !Number.isInteger(n)) return [invalid(path, 0, accessorError(path, n, 'int64'))];
  if (n < 0) return [invalid(path, n, 'should be a non-negative integer')];
  if (n > 2147483647) return [invalid(path, n, 'should be less than or equal to 2147483647')];
  return [];
}

/** ValidateScaleStatus's label selector: unstructured.NestedString at labelSelectorPath. */
function labelSelectorErrors(obj: Obj, path: string | undefined): FieldError[] {
  if (!path) return [];
  const nested = nestedField(obj, path);
  if ('error' in nested) return [invalid(path, '', nested.error)];
  if (!nested.found || typeof nested.value === 'string') return [];
  return [invalid(path, '', accessorError(path, nested.value, 'string'))];
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

/**
 * The checks after the validator's (customResourceStrategy): embedded resources (not on a status
 * update), list sets and maps (on update, only when the old object passed them), then the rules.
 */
function strategyErrors(
  v: CustomResourceVersion,
  errs: FieldError[],
  obj: Obj,
  old: Obj | undefined,
  embedded: boolean,
): FieldError[] {
  if (embedded) errs.push(...validateEmbeddedResources(v.schema, obj));
  // Ratcheting: an old object that already broke list uniqueness does not hold an update back
  // (the old object is looked at only when the new one has such errors, as kube does).
  const listErrs = validateListSetsAndMaps(v.schema, obj);
  if (listErrs.length > 0 && (old === undefined || validateListSetsAndMaps(v.schema, old).length === 0))
    errs.push(...listErrs);
  return withRules(v, errs, obj, old);
}

/** The validator's checks: type meta alone when it is wrong, else `checks` and the scale paths. */
function validatorErrors(v: CustomResourceVersion, obj: Obj, checks: () => FieldError[], spec: boolean): FieldError[] {
  const typeErrs = typeMetaErrors(v, obj);
  if (typeErrs.length > 0) return typeErrs;
  return [
    ...checks(),
    ...(spec ? replicasErrors(obj, v.scale?.specReplicasPath) : []),
    ...replicasErrors(obj, v.scale?.statusReplicasPath),
    ...labelSelectorErrors(obj, v.scale?.labelSelectorPath),
  ];
}

/**
 * Validates a custom resource on create (after pruning and defaulting). An empty list means
 * valid; the errors are kube's, for a 422 `<Kind>.<group> "<name>" is invalid` Status.
 */
export function validateCustomResource(v: CustomResourceVersion, obj: Obj): FieldError[] {
  const errs = validatorErrors(
    v,
    obj,
    () => [
      ...validateObjectMeta(obj.metadata, v.namespaced, nameIsDNSSubdomain),
      ...validateAgainstSchema(v.schema, obj),
    ],
    true,
  );
  return strategyErrors(v, errs, obj, undefined, true);
}

/**
 * Validates a custom resource update of `old` to `obj`: metadata as an update, the schema (errors
 * on values left unchanged are ratcheted away, see ratcheting.ts), and the rules with oldSelf.
 */
export function validateCustomResourceUpdate(v: CustomResourceVersion, obj: Obj, old: Obj): FieldError[] {
  const errs = validatorErrors(
    v,
    obj,
    () => [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...ratchetSchemaErrors(validateAgainstSchema(v.schema, obj), obj, old),
    ],
    true,
  );
  return strategyErrors(v, errs, obj, old, true);
}

/**
 * Validates a `/status` update: metadata as an update, `status` against its schema, the status
 * scale paths, list sets and maps, rules with oldSelf. Embedded resources are not checked here,
 * as kube's status strategy does not.
 */
export function validateCustomResourceStatusUpdate(v: CustomResourceVersion, obj: Obj, old: Obj): FieldError[] {
  const statusSchema = v.schema.properties?.status;
  const errs = validatorErrors(
    v,
    obj,
    () => [
      ...validateObjectMetaUpdate(obj.metadata, old.metadata),
      ...(statusSchema && 'status' in obj
        ? ratchetSchemaErrors(validateAgainstSchema(statusSchema, obj.status, 'status'), obj, old)
        : []),
    ],
    false,
  );
  return strategyErrors(v, errs, obj, old, false);
}
