/**
 * CRD-time checks of a schema's defaults (apiextensions-apiserver's defaulting.ValidateDefaults):
 * every `default` must be pruning-stable (`must not have unknown fields`), valid for its embedded
 * resources, valid against its own schema and its x-kubernetes-validations rules. Defaults inside
 * apiVersion, kind and metadata are left to the keyword checks, which forbid them at the root.
 */
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { invalid, type FieldError } from '../validation/field-errors.js';
import { jsonEqual } from '@wheelhouse/machinery';
import { validateEmbeddedResources } from './embedded-resources.js';
import { jsonBadValue } from './json-bad-value.js';
import { pruneUnknownFields } from './pruning.js';
import { validateAgainstSchema } from './schema-validation.js';
import { isJsonObject, itemsSchema } from './schema-nav.js';

/** Validates a value against a schema's x-kubernetes-validations (installed by the CEL module). */
export type DefaultRuleCheck = (schema: JSONSchemaProps, value: unknown, path: string) => FieldError[];

function checkDefault(s: JSONSchemaProps, path: string, rules: DefaultRuleCheck | undefined): FieldError[] {
  const value = s.default;
  const at = `${path}.default`;
  const errs: FieldError[] = [];
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (!jsonEqual(pruneUnknownFields(s, value, embedded).object, value))
    errs.push(invalid(at, jsonBadValue(value), 'must not have unknown fields'));
  const embeddedErrs = isJsonObject(value)
    ? validateEmbeddedResources(embedded ? { ...s, 'x-kubernetes-embedded-resource': false } : s, value).map((e) => ({
        ...e,
        field: `${at}.${e.field}`,
      }))
    : [];
  if (embeddedErrs.length > 0) return [...errs, ...embeddedErrs];
  const schemaErrs = validateAgainstSchema(s, value, at);
  if (schemaErrs.length > 0) return [...errs, ...schemaErrs];
  return [...errs, ...(rules?.(s, value, at) ?? [])];
}

function walk(
  s: JSONSchemaProps,
  path: string,
  insideMeta: boolean,
  isRoot: boolean,
  rules?: DefaultRuleCheck,
): FieldError[] {
  const embedded = isRoot || s['x-kubernetes-embedded-resource'] === true;
  const meta = embedded ? false : insideMeta;
  const errs = s.default !== undefined && !meta ? checkDefault(s, path, rules) : [];
  const items = itemsSchema(s);
  if (items) errs.push(...walk(items, `${path}.items`, meta, false, rules));
  for (const [k, prop] of Object.entries(s.properties ?? {})) {
    const sub = meta || (embedded && (k === 'metadata' || k === 'apiVersion' || k === 'kind'));
    errs.push(...walk(prop, `${path}.properties[${k}]`, sub, false, rules));
  }
  return errs;
}

/**
 * The default errors of a structural schema at `path` (`spec.validation.openAPIV3Schema`).
 * `rules` validates defaults against x-kubernetes-validations. An empty list means valid.
 */
export function validateSchemaDefaults(schema: JSONSchemaProps, path: string, rules?: DefaultRuleCheck): FieldError[] {
  return walk(schema, path, false, true, rules);
}
