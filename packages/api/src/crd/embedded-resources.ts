/**
 * x-kubernetes-embedded-resource checks in custom resources (apiextensions-apiserver's
 * objectmeta.Validate): an embedded object needs a string apiVersion and kind, a kind that is
 * a DNS-1035 label in any case, and valid metadata (names checked as path segments).
 */
import { isDNS1035Label } from '@wheelhouse/machinery';
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import type { ObjectMeta } from '../schema/meta-v1.js';
import { invalid, required, type FieldError } from '../validation/field-errors.js';
import { validateObjectMeta } from '../validation/meta.js';
import { validatePathSegmentName } from '../validation/strings.js';
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

function apiVersionErrors(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'string') return [invalid(path, jsonBadValue(value), 'must be a string')];
  if (value === '') return [invalid(path, value, 'must not be empty')];
  if (value.split('/').length > 2) return [invalid(path, value, `unexpected GroupVersion string: ${value}`)];
  return [];
}

function kindErrors(value: unknown, path: string): FieldError[] {
  if (typeof value !== 'string') return [invalid(path, jsonBadValue(value), 'must be a string')];
  if (value === '') return [invalid(path, value, 'must not be empty')];
  const problems = isDNS1035Label(value.toLowerCase());
  return problems.length > 0
    ? [invalid(path, value, `may have mixed case, but should otherwise match: ${problems.join(',')}`)]
    : [];
}

function metadataErrors(value: unknown, path: string): FieldError[] {
  if (!isJsonObject(value)) return [invalid(path, jsonBadValue(value), 'must be an object')];
  const meta = { ...(value as ObjectMeta) };
  if (!meta.name) meta.name = 'fakename';
  const errs = validateObjectMeta(meta, Boolean(meta.namespace), validatePathSegmentName);
  return errs.map((e) => ({ ...e, field: `${path}${e.field.slice('metadata'.length)}` }));
}

function embeddedErrors(obj: Record<string, unknown>, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (!('apiVersion' in obj)) errs.push(required(childPath(path, 'apiVersion'), 'must not be empty'));
  if (!('kind' in obj)) errs.push(required(childPath(path, 'kind'), 'must not be empty'));
  if ('apiVersion' in obj) errs.push(...apiVersionErrors(obj.apiVersion, childPath(path, 'apiVersion')));
  if ('kind' in obj) errs.push(...kindErrors(obj.kind, childPath(path, 'kind')));
  if ('metadata' in obj) errs.push(...metadataErrors(obj.metadata, childPath(path, 'metadata')));
  return errs;
}

const hasEmbeddedResource = anySchemaNode((s) => s['x-kubernetes-embedded-resource'] === true);

function validateNode(schema: JSONSchemaProps | undefined, value: unknown, path: string): FieldError[] {
  if (schema === undefined || !hasEmbeddedResource(schema)) return [];
  if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    return value.flatMap((v, i) => validateNode(items, v, indexPath(path, i)));
  }
  if (!isJsonObject(value)) return [];
  const errs = schema['x-kubernetes-embedded-resource'] === true ? embeddedErrors(value, path) : [];
  for (const [k, v] of Object.entries(value)) {
    const prop = schema.properties?.[k];
    if (prop) errs.push(...validateNode(prop, v, childPath(path, k)));
    else errs.push(...validateNode(additionalSchema(schema), v, keyPath(path, k)));
  }
  return errs;
}

/**
 * Validates the embedded resources inside a custom resource `obj` (not `obj` itself, whose
 * type and metadata the API server checks). An empty list means valid.
 */
export function validateEmbeddedResources(schema: JSONSchemaProps, obj: Record<string, unknown>): FieldError[] {
  if (!hasEmbeddedResource(schema)) return [];
  return validateNode({ ...schema, 'x-kubernetes-embedded-resource': false }, obj, '');
}
