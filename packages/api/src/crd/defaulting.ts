/**
 * Structural defaulting of custom resources (apiextensions-apiserver's defaulting.Default and
 * PruneNonNullableNullsWithoutDefaults): absent fields, and nulls where the schema is not
 * nullable, take the schema's `default`, inside objects, array items and additionalProperties,
 * and defaulted values are defaulted in turn.
 */
import { deepClone } from '@wheelhouse/machinery';
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { additionalSchema, fieldSchema, isJsonObject, itemsSchema } from './schema-nav.js';

const nonNullableNull = (x: unknown, s: JSONSchemaProps | undefined) =>
  x === null && s !== undefined && s.nullable !== true;

function defaultObject(x: Record<string, unknown>, s: JSONSchemaProps): void {
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    if (prop.default === undefined) continue;
    if (!(k in x) || nonNullableNull(x[k], prop)) x[k] = deepClone(prop.default);
  }
  const extra = additionalSchema(s);
  for (const k of Object.keys(x)) {
    const prop = s.properties?.[k];
    if (prop) defaultValue(x[k], prop);
    else if (extra) {
      if (nonNullableNull(x[k], extra) && extra.default !== undefined) x[k] = deepClone(extra.default);
      defaultValue(x[k], extra);
    }
  }
}

function defaultValue(x: unknown, s: JSONSchemaProps | undefined): void {
  if (s === undefined) return;
  if (isJsonObject(x)) defaultObject(x, s);
  else if (Array.isArray(x)) {
    const items = itemsSchema(s);
    for (let i = 0; i < x.length; i++) {
      if (nonNullableNull(x[i], items) && items?.default !== undefined) x[i] = deepClone(items.default);
      defaultValue(x[i], items);
    }
  }
}

function pruneNulls(x: unknown, s: JSONSchemaProps | undefined): void {
  if (isJsonObject(x)) {
    for (const [k, v] of Object.entries(x)) {
      const field = fieldSchema(s, k);
      if (nonNullableNull(v, field) && field?.default === undefined) delete x[k];
      else pruneNulls(v, field);
    }
  } else if (Array.isArray(x)) for (const item of x) pruneNulls(item, itemsSchema(s));
}

/**
 * Applies `schema`'s defaults to `obj` in place, first dropping nulls of non-nullable fields
 * that have no default, as kube does when it decodes a request. For a copy the caller owns.
 */
export function applySchemaDefaultsInPlace(schema: JSONSchemaProps, obj: unknown): void {
  pruneNulls(obj, schema);
  defaultValue(obj, schema);
}

/** applySchemaDefaultsInPlace on a copy of `obj`. Never mutates `obj`. */
export function applySchemaDefaults<T>(schema: JSONSchemaProps, obj: T): T {
  const copy = deepClone(obj);
  applySchemaDefaultsInPlace(schema, copy);
  return copy;
}
