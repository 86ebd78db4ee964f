/**
 * The schema part of CRD validation (apiextensions-apiserver's
 * validateCustomResourceDefinitionValidation and ValidateCustomResourceDefinitionOpenAPISchema):
 * what may stand at the root, the keywords Kubernetes does not support, list and map types,
 * x-kubernetes-validations rules, structural-ness and defaults.
 */
import type { JSONSchemaProps, ValidationRule } from '../schema/apiextensions-v1.js';
import { forbidden, goStringList, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { structuralConversionError, validateStructural } from './apiextensions-structural.js';
import { celRuleErrors } from '../crd/cel/crd-checks.js';
import { CostTotal, saturatingProduct } from '../crd/cel/cost-limits.js';
import { nonNegative } from '../crd/cel/schema-decl.js';
import { validateRules } from '../crd/cel/evaluate.js';
import { validateSchemaDefaults } from '../crd/default-validation.js';

/** How the schema walk treats the subtree it is in (kube's specStandardValidatorV3). */
interface WalkContext {
  /** Why defaults are forbidden here, or undefined where they are allowed. */
  noDefaults?: string | undefined;
  insideResourceMeta: boolean;
  /** The path of the list (not a map-type list) that makes oldSelf uncorrelatable here, if any. */
  uncorrelatable?: string | undefined;
  /** How many values this node can have in one object (kube's MaxCardinality); undefined when unbounded. */
  cardinality?: number | undefined;
}

const OPENAPI_TYPES = ['array', 'boolean', 'integer', 'number', 'object', 'string'];
const ROOT_ALLOWED = new Set([
  'description',
  'type',
  'format',
  'title',
  'maximum',
  'exclusiveMaximum',
  'minimum',
  'exclusiveMinimum',
  'maxLength',
  'minLength',
  'pattern',
  'maxItems',
  'minItems',
  'uniqueItems',
  'multipleOf',
  'required',
  'items',
  'properties',
  'externalDocs',
  'example',
  'x-kubernetes-preserve-unknown-fields',
  'x-kubernetes-validations',
]);
const ROOT_ALLOWED_GO =
  '[Description Type Format Title Maximum ExclusiveMaximum Minimum ExclusiveMinimum MaxLength MinLength Pattern MaxItems MinItems UniqueItems MultipleOf Required Items Properties ExternalDocs Example XPreserveUnknownFields XValidations]';
const SCHEMA_VALUE = { goSyntax: 'apiextensions.JSONSchemaProps{...}' };

function isSet(value: unknown): boolean {
  if (value === undefined || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (typeof value === 'object' && value !== null) return Object.keys(value).length > 0;
  return true;
}

function statusRootErrors(schema: JSONSchemaProps, path: string): FieldError[] {
  for (const [key, value] of Object.entries(schema)) {
    if (!isSet(value)) continue;
    if (key === 'type') {
      if (value !== 'object')
        return [
          invalid(
            `${path}.type`,
            String(value),
            'only "object" is allowed as the type at the root of the schema if the status subresource is enabled',
          ),
        ];
      continue;
    }
    if (!ROOT_ALLOWED.has(key))
      return [
        invalid(
          path,
          SCHEMA_VALUE,
          `only ${ROOT_ALLOWED_GO} fields are allowed at the root of the schema if the status subresource is enabled`,
        ),
      ];
  }
  return [];
}

function standardErrors(s: JSONSchemaProps, path: string, ctx: WalkContext): FieldError[] {
  const errs: FieldError[] = [];
  if (s.type && !OPENAPI_TYPES.includes(s.type)) errs.push(notSupported(`${path}.type`, s.type, OPENAPI_TYPES));
  if (s.default !== undefined && ctx.noDefaults !== undefined)
    errs.push(forbidden(`${path}.default`, `must not be set ${ctx.noDefaults}`.trimEnd()));
  if (s.id) errs.push(forbidden(`${path}.id`, 'id is not supported'));
  if (s.additionalItems !== undefined)
    errs.push(forbidden(`${path}.additionalItems`, 'additionalItems is not supported'));
  if (isSet(s.patternProperties))
    errs.push(forbidden(`${path}.patternProperties`, 'patternProperties is not supported'));
  if (isSet(s.definitions)) errs.push(forbidden(`${path}.definitions`, 'definitions is not supported'));
  if (s.dependencies !== undefined) errs.push(forbidden(`${path}.dependencies`, 'dependencies is not supported'));
  if (s.$ref !== undefined) errs.push(forbidden(`${path}.$ref`, '$ref is not supported'));
  if (s.type === 'null')
    errs.push(forbidden(`${path}.type`, 'type cannot be set to null, use nullable as an alternative'));
  if (Array.isArray(s.items) && s.items.length > 0)
    errs.push(forbidden(`${path}.items`, 'items must be a schema object and not an array'));
  if (ctx.insideResourceMeta && s['x-kubernetes-embedded-resource'] === true)
    errs.push(forbidden(`${path}.x-kubernetes-embedded-resource`, 'must not be used inside of resource meta'));
  return errs;
}

function mapTypeErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const mapType = s['x-kubernetes-map-type'];
  if (mapType === undefined) return [];
  const errs: FieldError[] = [];
  const msg = 'must be object if x-kubernetes-map-type is specified';
  if (s.type !== 'object') errs.push(s.type ? invalid(`${path}.type`, s.type, msg) : required(`${path}.type`, msg));
  if (mapType !== 'atomic' && mapType !== 'granular')
    errs.push(notSupported(`${path}.x-kubernetes-map-type`, mapType, ['atomic', 'granular']));
  return errs;
}

function setItemErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const items = Array.isArray(s.items) ? undefined : s.items;
  if (s['x-kubernetes-list-type'] !== 'set' || items === undefined) return [];
  const msg = 'must be atomic as item of a list with x-kubernetes-list-type=set';
  if (
    items.type === 'array' &&
    items['x-kubernetes-list-type'] !== undefined &&
    items['x-kubernetes-list-type'] !== 'atomic'
  )
    return [invalid(`${path}.items.x-kubernetes-list-type`, items['x-kubernetes-list-type'], msg)];
  if (items.type === 'object' && items['x-kubernetes-map-type'] !== 'atomic')
    return [invalid(`${path}.items.x-kubernetes-map-type`, items['x-kubernetes-list-type'], msg)];
  return [];
}

function mapListErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const keys = s['x-kubernetes-list-map-keys'] ?? [];
  if (keys.length === 0)
    errs.push(required(`${path}.x-kubernetes-list-map-keys`, 'must not be empty if x-kubernetes-list-type is map'));
  if (s.items === undefined) {
    errs.push(required(`${path}.items`, 'must have a schema if x-kubernetes-list-type is map'));
    return errs;
  }
  if (Array.isArray(s.items)) {
    errs.push(
      invalid(`${path}.items`, SCHEMA_VALUE, 'must only have a single schema if x-kubernetes-list-type is map'),
    );
    return errs;
  }
  const items = s.items;
  if (items.type !== 'object') {
    errs.push(
      invalid(`${path}.items.type`, items.type ?? '', "must be object if parent array's x-kubernetes-list-type is map"),
    );
    return errs;
  }
  const seen = new Set<string>();
  for (const k of keys) {
    const prop = items.properties?.[k];
    if (prop === undefined)
      errs.push(
        invalid(
          `${path}.x-kubernetes-list-map-keys`,
          goStringList(keys),
          'entries must all be names of item properties',
        ),
      );
    else if (prop.type === 'array' || prop.type === 'object')
      errs.push(
        invalid(
          `${path}.items.properties[${k}].type`,
          items.type,
          "must be a scalar type if parent array's x-kubernetes-list-type is map",
        ),
      );
    if (seen.has(k))
      errs.push(
        invalid(`${path}.x-kubernetes-list-map-keys`, goStringList(keys), 'must not contain duplicate entries'),
      );
    seen.add(k);
  }
  return errs;
}

function listTypeErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const listType = s['x-kubernetes-list-type'];
  const errs: FieldError[] = [];
  const msg = 'must be array if x-kubernetes-list-type is specified';
  if (listType !== undefined && s.type !== 'array')
    errs.push(s.type ? invalid(`${path}.type`, s.type, msg) : required(`${path}.type`, msg));
  else errs.push(...setItemErrors(s, path));
  if (listType !== undefined && !['atomic', 'set', 'map'].includes(listType))
    errs.push(notSupported(`${path}.x-kubernetes-list-type`, listType, ['atomic', 'set', 'map']));
  if ((s['x-kubernetes-list-map-keys'] ?? []).length > 0) {
    const m = 'must be map if x-kubernetes-list-map-keys is non-empty';
    if (listType === undefined) errs.push(required(`${path}.x-kubernetes-list-type`, m));
    else if (listType !== 'map') errs.push(invalid(`${path}.x-kubernetes-list-type`, listType, m));
  }
  if (listType === 'map') errs.push(...mapListErrors(s, path));
  return errs;
}

/** validateMapListKeysMapSet: set/map items not nullable; map keys required or defaulted, never nullable. */
function mapSetKeyErrors(s: JSONSchemaProps, path: string): FieldError[] {
  const listType = s['x-kubernetes-list-type'];
  const items = Array.isArray(s.items) ? undefined : s.items;
  if (items === undefined || (listType !== 'set' && listType !== 'map')) return [];
  const errs: FieldError[] = [];
  if (items.nullable === true)
    errs.push(forbidden(`${path}.items.nullable`, `cannot be nullable when x-kubernetes-list-type is ${listType}`));
  if (listType !== 'map') return errs;
  for (const k of s['x-kubernetes-list-map-keys'] ?? []) {
    const prop = items.properties?.[k];
    if (prop === undefined) continue;
    if (!(items.required ?? []).includes(k) && prop.default === undefined)
      errs.push(
        required(
          `${path}.items.properties[${k}].default`,
          'this property is in x-kubernetes-list-map-keys, so it must have a default or be a required property',
        ),
      );
    if (prop.nullable === true)
      errs.push(
        forbidden(
          `${path}.items.properties[${k}].nullable`,
          'this property is in x-kubernetes-list-map-keys, so it cannot be nullable',
        ),
      );
  }
  return errs;
}

const SUPPORTED_REASONS = ['FieldValueDuplicate', 'FieldValueForbidden', 'FieldValueInvalid', 'FieldValueRequired'];

function ruleShapeErrors(rule: ValidationRule, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const trimmedRule = (rule.rule ?? '').trim();
  const message = rule.message ?? '';
  const trimmedMsg = message.trim();
  const newline = (text: string) => /[\n\r]/.test(text);
  if (trimmedRule.length === 0) errs.push(required(`${path}.rule`, 'rule is not specified'));
  else if (message.length > 0 && trimmedMsg.length === 0)
    errs.push(invalid(`${path}.message`, message, 'message must be non-empty if specified'));
  else if (newline(trimmedMsg)) errs.push(invalid(`${path}.message`, message, 'message must not contain line breaks'));
  else if (newline(trimmedRule) && trimmedMsg.length === 0)
    errs.push(required(`${path}.message`, 'message must be specified if rule contains line breaks'));
  if ((rule.messageExpression ?? '').length > 0 && (rule.messageExpression ?? '').trim().length === 0)
    errs.push(required(`${path}.messageExpression`, 'messageExpression must be non-empty if specified'));
  if (rule.reason !== undefined && !SUPPORTED_REASONS.includes(rule.reason))
    errs.push(notSupported(`${path}.reason`, rule.reason, SUPPORTED_REASONS));
  const fieldPath = rule.fieldPath ?? '';
  if (fieldPath.length > 0 && fieldPath.trim().length === 0)
    errs.push(invalid(`${path}.fieldPath`, fieldPath, 'fieldPath must be non-empty if specified'));
  if (newline(fieldPath)) errs.push(invalid(`${path}.fieldPath`, fieldPath, 'fieldPath must not contain line breaks'));
  return errs;
}

interface ErrorLists {
  schema: FieldError[];
  cel: FieldError[];
  costs: CostTotal;
  suppressPerExpressionCost: boolean;
}

/** kube's extractMaxElements: how many children a value of `s` has per value (undefined: unbounded). */
function maxElements(s: JSONSchemaProps): number | undefined {
  if (s.type === 'object') return s.additionalProperties === undefined ? 1 : nonNegative(s.maxProperties);
  if (s.type === 'array') return nonNegative(s.maxItems);
  return 1;
}

/** The walk context of `s`'s children: their cardinality multiplies by `s`'s. */
function childContext(s: JSONSchemaProps, ctx: WalkContext): WalkContext {
  const factor = maxElements(s);
  const cardinality =
    ctx.cardinality === undefined || factor === undefined ? undefined : saturatingProduct(ctx.cardinality, factor);
  return { ...ctx, cardinality };
}

const META_FIELDS = new Set(['metadata', 'kind', 'apiVersion']);

function childWalks(
  s: JSONSchemaProps,
  path: string,
  parentCtx: WalkContext,
  isRoot: boolean,
  out: ErrorLists,
  cel: boolean,
) {
  const ctx = childContext(s, parentCtx);
  if (s.additionalProperties !== undefined) {
    const ap = s.additionalProperties;
    if (isSet(s.properties) && (ap === false || typeof ap === 'object'))
      out.schema.push(
        forbidden(`${path}.additionalProperties`, 'additionalProperties and properties are mutual exclusive'),
      );
    const sub = ctx.insideResourceMeta
      ? { ...ctx, noDefaults: 'inside additionalProperties applying to object metadata' }
      : ctx;
    if (typeof ap === 'object') walk(ap, `${path}.additionalProperties`, sub, false, out, cel);
  }
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    // Every object correlates its properties with the old object's, atomic maps too (kube's MapIsCorrelatable).
    let sub: WalkContext = ctx;
    if ((isRoot || s['x-kubernetes-embedded-resource'] === true) && META_FIELDS.has(name)) {
      sub = { ...sub, insideResourceMeta: true };
      if (isRoot) sub = { ...sub, noDefaults: `in top-level ${name}` };
    }
    walk(prop, `${path}.properties[${name}]`, sub, false, out, cel);
  }
  if (s.not !== undefined) walk(s.not, `${path}.not`, ctx, false, out, false);
  for (const key of ['allOf', 'oneOf', 'anyOf'] as const)
    (s[key] ?? []).forEach((n, i) => walk(n, `${path}.${key}[${i}]`, ctx, false, out, false));
  for (const [name, d] of Object.entries(s.definitions ?? {}))
    walk(d, `${path}.definitions[${name}]`, ctx, false, out, false);
  if (s.items !== undefined) {
    const listType = s['x-kubernetes-list-type'];
    const sub = listType !== 'map' && ctx.uncorrelatable === undefined ? { ...ctx, uncorrelatable: path } : ctx;
    if (Array.isArray(s.items)) s.items.forEach((it, i) => walk(it, `${path}.items[${i}]`, sub, false, out, cel));
    else walk(s.items, `${path}.items`, sub, false, out, cel);
  }
  for (const [name, d] of Object.entries(s.dependencies ?? {}))
    if (!Array.isArray(d)) walk(d, `${path}.dependencies[${name}]`, ctx, false, out, false);
}

function walk(
  s: JSONSchemaProps,
  path: string,
  ctx: WalkContext,
  isRoot: boolean,
  out: ErrorLists,
  cel: boolean,
): void {
  const own: FieldError[] = [...standardErrors(s, path, ctx)];
  if (s.uniqueItems === true)
    own.push(
      forbidden(
        `${path}.uniqueItems`,
        'uniqueItems cannot be set to true since the runtime complexity becomes quadratic',
      ),
    );
  out.schema.push(...own);
  childWalks(s, path, ctx, isRoot, out, cel);
  const late: FieldError[] = [];
  if (s['x-kubernetes-preserve-unknown-fields'] === false)
    late.push(invalid(`${path}.x-kubernetes-preserve-unknown-fields`, false, 'must be true or undefined'));
  late.push(...mapTypeErrors(s, path), ...listTypeErrors(s, path), ...mapSetKeyErrors(s, path));
  const rules = s['x-kubernetes-validations'] ?? [];
  rules.forEach((r, i) => late.push(...ruleShapeErrors(r, `${path}.x-kubernetes-validations[${i}]`)));
  out.schema.push(...late);
  if (cel && late.length === 0 && own.length === 0 && rules.length > 0)
    out.cel.push(
      ...celRuleErrors(s, path, ctx.uncorrelatable, isRoot, {
        cardinality: ctx.cardinality,
        total: out.costs,
        suppressPerExpressionCost: out.suppressPerExpressionCost,
      }),
    );
}

/**
 * A default must also pass the rules of its node: kube evaluates them with oldSelf = the default,
 * then (validation ratcheting, on by default) as a create, where optionalOldSelf sees no old value.
 */
function defaultRuleErrors(schema: JSONSchemaProps, value: unknown, path: string): FieldError[] {
  const asUpdate = validateRules(schema, value, value, { root: path, ratcheting: false });
  return asUpdate.length > 0 ? asUpdate : validateRules(schema, value, undefined, { root: path, ratcheting: false });
}

/**
 * Validates the openAPIV3Schema of a CRD version at `path` (`spec.validation.openAPIV3Schema`
 * or `spec.versions[i].schema.openAPIV3Schema`) as kube-apiserver does on create: the root
 * rules of the status subresource, structural-ness, defaults, keyword support, list/map types
 * and x-kubernetes-validations. An empty list means valid. `suppressPerExpressionCost` (an update
 * leaving the schema unchanged) skips the per-rule cost limits, not the schema's total.
 */
export function validateCRDVersionSchema(
  schema: JSONSchemaProps,
  path: string,
  statusEnabled: boolean,
  options: { suppressPerExpressionCost?: boolean } = {},
): FieldError[] {
  const errs = statusEnabled ? statusRootErrors(schema, path) : [];
  if (schema.nullable === true) errs.push(forbidden(`${path}.nullable`, 'nullable cannot be true at the root'));
  const conversionError = structuralConversionError(schema);
  let celEnabled = false;
  if (conversionError === undefined) {
    const structural = validateStructural(schema, path);
    if (structural.length > 0) errs.push(...structural);
    else {
      const defaults = validateSchemaDefaults(schema, path, defaultRuleErrors);
      errs.push(...defaults);
      celEnabled = defaults.length === 0;
    }
  }
  const out: ErrorLists = {
    schema: [],
    cel: [],
    costs: new CostTotal(),
    suppressPerExpressionCost: options.suppressPerExpressionCost === true,
  };
  walk(schema, path, { insideResourceMeta: false, cardinality: 1 }, true, out, celEnabled);
  errs.push(...out.schema, ...out.cel, ...out.costs.errors(path));
  if (errs.length === 0 && conversionError !== undefined) errs.push(invalid(path, '', conversionError));
  return errs;
}
