/**
 * x-kubernetes-list-type set and map uniqueness in custom resources (apiextensions-apiserver's
 * ValidateListSetsAndMaps): the second occurrence of a value or key is a `Duplicate value`.
 */
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { duplicate, invalid, type BadValue, type FieldError } from '../validation/field-errors.js';
import { jsonBadValue } from './json-bad-value.js';
import {
  additionalSchema,
  anySchemaNode,
  childPath,
  indexPath,
  isJsonObject,
  itemsSchema,
  keyPath,
} from './schema-nav.js';

/** Go's `%#v` of a value inside `map[string]interface{}`. */
function goValue(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null || value === undefined) return 'interface {}(nil)';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** Go's `%#v` of a `map[string]interface{}` key (keys sorted, as fmt prints maps). */
function goMap(map: Record<string, unknown>): BadValue {
  const entries = Object.keys(map)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${goValue(map[k])}`);
  return { goSyntax: `map[string]interface {}{${entries.join(', ')}}` };
}

function scalarKey(x: unknown): string {
  return typeof x === 'object' && x !== null ? `c:${JSON.stringify(x)}` : `s:${typeof x}:${String(x)}`;
}

/** Indices of the second occurrence of each repeated value. */
function secondOccurrences(values: readonly unknown[]): number[] {
  const seen = new Map<string, number>();
  const out: number[] = [];
  values.forEach((x, i) => {
    const k = scalarKey(x);
    const times = seen.get(k) ?? 0;
    if (times === 1) out.push(i);
    seen.set(k, times + 1);
  });
  return out;
}

function listMapKey(keys: readonly string[], item: unknown): Record<string, unknown> {
  const key: Record<string, unknown> = {};
  if (!isJsonObject(item)) return key;
  for (const k of keys) if (k in item) key[k] = item[k];
  return key;
}

function validateListMap(schema: JSONSchemaProps, list: unknown[], path: string): FieldError[] {
  const bad = list.findIndex((x) => x !== null && !isJsonObject(x));
  if (bad >= 0)
    return [invalid(indexPath(path, bad), jsonBadValue(list[bad]), 'must be an object for an array of list-type map')];
  const keyFields = schema['x-kubernetes-list-map-keys'] ?? [];
  const keys = list.map((x) => listMapKey(keyFields, x));
  return secondOccurrences(keys).map((i) => duplicate(indexPath(path, i), goMap(keys[i] ?? {})));
}

function validateArray(schema: JSONSchemaProps, list: unknown[], path: string): FieldError[] {
  if (!hasSetOrMap(schema)) return [];
  const errs: FieldError[] = [];
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set')
    for (const i of secondOccurrences(list)) errs.push(duplicate(indexPath(path, i), jsonBadValue(list[i])));
  if (listType === 'map') errs.push(...validateListMap(schema, list, path));
  const items = itemsSchema(schema);
  if (items) list.forEach((x, i) => errs.push(...validateNode(items, x, indexPath(path, i))));
  return errs;
}

function validateNode(schema: JSONSchemaProps, value: unknown, path: string): FieldError[] {
  if (Array.isArray(value)) return validateArray(schema, value, path);
  if (isJsonObject(value)) return validateListSetsAndMaps(schema, value, path);
  return [];
}

const hasSetOrMap = anySchemaNode((s) => {
  const listType = s['x-kubernetes-list-type'];
  return listType === 'set' || listType === 'map';
});

/**
 * Checks every x-kubernetes-list-type `set` and `map` in `obj` for repeated values or keys,
 * below the field path `path` ('' for a whole object). An empty list means valid.
 */
export function validateListSetsAndMaps(
  schema: JSONSchemaProps,
  obj: Record<string, unknown>,
  path = '',
): FieldError[] {
  if (!hasSetOrMap(schema)) return [];
  const errs: FieldError[] = [];
  const extra = additionalSchema(schema);
  for (const [k, v] of Object.entries(obj)) {
    const prop = schema.properties?.[k];
    if (prop) errs.push(...validateNode(prop, v, childPath(path, k)));
    else if (extra) errs.push(...validateNode(extra, v, keyPath(path, k)));
  }
  return errs;
}
