/**
 * Validates a custom resource (or a part of it) against its version's structural schema, with
 * the field errors kube-apiserver gives: kube-openapi's messages (`spec.replicas in body must be
 * of type integer: "string"`) turned into field errors as apiextensions-apiserver does
 * (Required, Unsupported value, Too long, Too many, Invalid value).
 */
import { jsonEqual } from '@wheelhouse/machinery';
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { invalid, notSupported, required, tooLong, tooMany, type FieldError } from '../validation/field-errors.js';
import { isCheckedFormat, matchesFormat } from './formats.js';
import { jsonBadValue } from './json-bad-value.js';
import { additionalSchema, isJsonObject, itemsSchema } from './schema-nav.js';

/** Where the validated value sits: `name` is kube-openapi's path (`spec.x`), `root` the field path in front. */
interface Where {
  root: string;
  name: string;
}

const typeErrors = new WeakSet<FieldError>();

/** True for kube's FieldValueTypeInvalid errors (they block CEL rules, as kube's hasBlockingErr says). */
export function isTypeInvalidError(error: FieldError): boolean {
  return typeErrors.has(error);
}

function errPath(w: Where): string {
  const name = w.name.replace(/^\./, '');
  if (w.root === '') return name === '' ? '<nil>' : name;
  return name === '' ? w.root : `${w.root}.${name}`;
}

/** kube-openapi's "`<name> in body <detail>`", with `<name>` as the validator names the path. */
const inBody = (w: Where, detail: string) => `${w.name} in body ${detail}`;

/** The JSON type kube-openapi reports for a value (whole numbers are integers). */
export function jsonTypeOf(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  if (typeof value === 'object') return 'object';
  return typeof value;
}

function typeMatches(type: string, actual: string): boolean {
  if (type === '' || type === actual) return true;
  return type === 'number' && actual === 'integer';
}

function typeError(w: Where, type: string, actual: string): FieldError {
  const err = invalid(errPath(w), actual, inBody(w, `must be of type ${type}: ${JSON.stringify(actual)}`));
  typeErrors.add(err);
  return err;
}

function stringChecks(s: JSONSchemaProps, value: string, w: Where): FieldError[] {
  const errs: FieldError[] = [];
  const length = [...value].length;
  if (s.maxLength !== undefined && length > s.maxLength) errs.push(tooLong(errPath(w), s.maxLength));
  if (s.minLength !== undefined && length < s.minLength)
    errs.push(invalid(errPath(w), value, inBody(w, `should be at least ${s.minLength} chars long`)));
  if (s.pattern !== undefined && !safeMatch(s.pattern, value))
    errs.push(invalid(errPath(w), value, inBody(w, `should match '${s.pattern}'`)));
  if (isCheckedFormat(s.format) && !matchesFormat(s.format ?? '', value)) {
    const err = invalid(errPath(w), value, inBody(w, `must be of type ${s.format ?? ''}: ${JSON.stringify(value)}`));
    typeErrors.add(err);
    errs.push(err);
  }
  return errs;
}

const patterns = new Map<string, RegExp | null>();

function safeMatch(pattern: string, value: string): boolean {
  let re = patterns.get(pattern);
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'u');
    } catch {
      re = null;
    }
    patterns.set(pattern, re);
  }
  return re === null || re.test(value);
}

function numberChecks(s: JSONSchemaProps, value: number, w: Where): FieldError[] {
  const errs: FieldError[] = [];
  if (s.multipleOf !== undefined && s.multipleOf > 0 && !Number.isInteger(value / s.multipleOf))
    errs.push(invalid(errPath(w), value, inBody(w, `should be a multiple of ${s.multipleOf}`)));
  if (s.maximum !== undefined) {
    const over = s.exclusiveMaximum === true ? value >= s.maximum : value > s.maximum;
    const detail = s.exclusiveMaximum === true ? 'should be less than' : 'should be less than or equal to';
    if (over) errs.push(invalid(errPath(w), value, inBody(w, `${detail} ${s.maximum}`)));
  }
  if (s.minimum !== undefined) {
    const under = s.exclusiveMinimum === true ? value <= s.minimum : value < s.minimum;
    const detail = s.exclusiveMinimum === true ? 'should be greater than' : 'should be greater than or equal to';
    if (under) errs.push(invalid(errPath(w), value, inBody(w, `${detail} ${s.minimum}`)));
  }
  return errs;
}

function sliceChecks(s: JSONSchemaProps, value: unknown[], w: Where): FieldError[] {
  const errs: FieldError[] = [];
  if (s.minItems !== undefined && value.length < s.minItems)
    errs.push(invalid(errPath(w), value.length, inBody(w, `should have at least ${s.minItems} items`)));
  if (s.maxItems !== undefined && value.length > s.maxItems) errs.push(tooMany(errPath(w), value.length, s.maxItems));
  if (s.uniqueItems === true && new Set(value.map((v) => JSON.stringify(v))).size !== value.length)
    errs.push(invalid(errPath(w), '', inBody(w, "shouldn't contain duplicates")));
  const items = itemsSchema(s);
  if (items) value.forEach((v, i) => errs.push(...validateNode(items, v, { ...w, name: `${w.name}[${i}]` })));
  return errs;
}

function enumCheck(s: JSONSchemaProps, value: unknown, w: Where): FieldError[] {
  if (s.enum === undefined || s.enum.length === 0 || s.enum.some((e) => jsonEqual(e, value))) return [];
  const supported = s.enum.map((e) => (typeof e === 'string' ? e : JSON.stringify(e)));
  return [notSupported(errPath(w), jsonBadValue(value), supported)];
}

function propertyName(w: Where, key: string): string {
  return w.name === '' ? key : `${w.name}.${key}`;
}

function objectChecks(s: JSONSchemaProps, value: Record<string, unknown>, w: Where): FieldError[] {
  const errs: FieldError[] = [];
  const count = Object.keys(value).length;
  if (s.minProperties !== undefined && count < s.minProperties)
    errs.push(invalid(errPath(w), count, inBody(w, `should have at least ${s.minProperties} properties`)));
  if (s.maxProperties !== undefined && count > s.maxProperties) errs.push(tooMany(errPath(w), count, s.maxProperties));
  const extra = additionalSchema(s);
  for (const [key, v] of Object.entries(value)) {
    if (s.properties?.[key] !== undefined) continue;
    if (s.additionalProperties === false)
      errs.push(invalid(errPath(w), key, `${w.name}.${key} in body is a forbidden property`));
    else if (extra) errs.push(...validateNode(extra, v, { ...w, name: `${w.name}.${key}` }));
  }
  for (const [key, prop] of Object.entries(s.properties ?? {}))
    if (key in value) errs.push(...validateNode(prop, value[key], { ...w, name: propertyName(w, key) }));
  for (const key of s.required ?? [])
    if (!(key in value)) errs.push(required(errPath({ ...w, name: `${w.name}.${key}` })));
  return errs;
}

function composite(w: Where, detail: string): FieldError {
  return invalid(w.root === '' ? '<nil>' : w.root, '', `${JSON.stringify(w.name)} ${detail}`);
}

function compositeChecks(s: JSONSchemaProps, value: unknown, w: Where): FieldError[] {
  const errs: FieldError[] = [];
  if (s.anyOf && s.anyOf.length > 0) {
    const results = s.anyOf.map((a) => validateNode(a, value, w));
    if (!results.some((r) => r.length === 0)) {
      errs.push(composite(w, 'must validate at least one schema (anyOf)'));
      errs.push(...(results[0] ?? []));
    }
  }
  if (s.oneOf && s.oneOf.length > 0) {
    const results = s.oneOf.map((a) => validateNode(a, value, w));
    const valid = results.filter((r) => r.length === 0).length;
    if (valid !== 1) {
      const more = valid === 0 ? 'Found none valid' : `Found ${valid} valid alternatives`;
      errs.push(composite(w, `must validate one and only one schema (oneOf). ${more}`));
      if (valid === 0) errs.push(...(results[0] ?? []));
    }
  }
  for (const a of s.allOf ?? []) errs.push(...validateNode(a, value, w));
  if (s.not !== undefined && validateNode(s.not, value, w).length === 0)
    errs.push(composite(w, 'must not validate the schema (not)'));
  return errs;
}

function validateNode(s: JSONSchemaProps, value: unknown, w: Where): FieldError[] {
  const actual = jsonTypeOf(value);
  if (actual === 'null') {
    if (s.nullable === true || !s.type) return [];
    return [typeError(w, s.type, 'null')];
  }
  if (!typeMatches(s.type ?? '', actual)) return [typeError(w, s.type ?? '', actual)];
  const errs = compositeChecks(s, value, w);
  if (typeof value === 'string') errs.push(...stringChecks(s, value, w));
  if (typeof value === 'number') errs.push(...numberChecks(s, value, w));
  if (Array.isArray(value)) errs.push(...sliceChecks(s, value, w));
  errs.push(...enumCheck(s, value, w));
  if (isJsonObject(value)) errs.push(...objectChecks(s, value, w));
  return errs;
}

/**
 * Validates `value` against `schema` (ValidateCustomResource). `root` is the field path of
 * `value` in the object (`''` for a whole object, `status` for a status update); error messages
 * name paths relative to `value`, as kube's do. An empty list means valid.
 */
export function validateAgainstSchema(schema: JSONSchemaProps, value: unknown, root = ''): FieldError[] {
  return validateNode(schema, value, { root, name: '' });
}
