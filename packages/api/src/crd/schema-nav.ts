/**
 * Small helpers to walk a structural schema beside a JSON value: the schema of an array's
 * items, of a map's values, and Kubernetes' field-path spelling (`a.b`, `a[k]`, `a[0]`).
 */
import { isJsonObject as isJsonObjectValue } from '@wheelhouse/machinery';
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';

/** A JSON object value. */
export type JsonObject = Record<string, unknown>;

/** True for a plain JSON object (not an array, not null): machinery's test, for values typed `unknown` inside. */
export const isJsonObject = isJsonObjectValue as (value: unknown) => value is JsonObject;

/** The single items schema of an array schema (structural schemas never use the list form). */
export function itemsSchema(schema: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  const items = schema?.items;
  return Array.isArray(items) ? undefined : items;
}

/** The additionalProperties schema, when it is a schema (not a boolean). */
export function additionalSchema(schema: JSONSchemaProps | undefined): JSONSchemaProps | undefined {
  const ap = schema?.additionalProperties;
  return typeof ap === 'object' ? ap : undefined;
}

/** The schema of `key` in an object: its property, else additionalProperties, else undefined. */
export function fieldSchema(schema: JSONSchemaProps | undefined, key: string): JSONSchemaProps | undefined {
  return schema?.properties?.[key] ?? additionalSchema(schema);
}

/** True when a node keeps fields its schema does not name (x-kubernetes-preserve-unknown-fields). */
export function preservesUnknown(schema: JSONSchemaProps | undefined): boolean {
  return schema?.['x-kubernetes-preserve-unknown-fields'] === true;
}

/**
 * A test of "`has` holds for this schema node or any node below it" (items, additionalProperties,
 * properties, allOf), remembered per node: a served CRD version keeps its schema objects, so
 * validating its custom resources looks at each node once, and skips subtrees with nothing to check.
 */
export function anySchemaNode(
  has: (schema: JSONSchemaProps) => boolean,
): (schema: JSONSchemaProps | undefined) => boolean {
  const memo = new WeakMap<JSONSchemaProps, boolean>();
  const test = (schema: JSONSchemaProps | undefined): boolean => {
    if (schema === undefined) return false;
    let found = memo.get(schema);
    if (found === undefined) {
      const subs = [itemsSchema(schema), additionalSchema(schema), ...Object.values(schema.properties ?? {})];
      found = has(schema) || subs.some(test) || (schema.allOf ?? []).some(test);
      memo.set(schema, found);
    }
    return found;
  };
  return test;
}

/** `parent.name` (field.Path's Child); `name` at the root. */
export function childPath(parent: string, name: string): string {
  return parent === '' ? name : `${parent}.${name}`;
}

/** `parent[key]` (field.Path's Key, map entries). */
export function keyPath(parent: string, key: string): string {
  return `${parent}[${key}]`;
}

/** `parent[i]` (field.Path's Index). */
export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}
