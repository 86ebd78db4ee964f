/**
 * selectableFields of a CRD version (apiextensions-apiserver's
 * ValidateCustomResourceSelectableFields): each a JSON path to a string, boolean or integer
 * field outside metadata, at most 8, no duplicates.
 */
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { duplicate, invalid, required, tooMany, type FieldError } from './field-errors.js';

const MAX_SELECTABLE_FIELDS = 8;

/** The field path and schema `jsonPath` (`.spec.color`) names, or why it names nothing. */
function resolve(schema: JSONSchemaProps, jsonPath: string): { path: string; node: JSONSchemaProps } | string {
  if (jsonPath.includes('[')) return 'array notation is not allowed';
  if (!jsonPath.startsWith('.')) return `expected [ or . but got: ${jsonPath.split(/[.[\]]/)[0] ?? ''}`;
  const steps = jsonPath.slice(1).split('.');
  let node: JSONSchemaProps | undefined = schema;
  for (const step of steps) {
    if (step === '') return 'unexpected end of JSON path';
    node = node?.properties?.[step];
    if (node === undefined) return 'does not refer to a valid field';
  }
  return { path: steps.join('.'), node: node ?? {} };
}

/** Validates `fields` against the version schema, at `path` (`spec.versions[0].selectableFields`). */
export function validateSelectableFields(
  fields: readonly { jsonPath?: string | undefined }[],
  schema: JSONSchemaProps | undefined,
  path: string,
): FieldError[] {
  if (schema === undefined)
    return [invalid(path, '', 'selectableFields may only be set when version.schema.openAPIV3Schema is not included')];
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  fields.forEach((f, i) => {
    const at = `${path}[${i}].jsonPath`;
    if (!f.jsonPath) {
      errs.push(required(at));
      return;
    }
    const found = resolve(schema, f.jsonPath);
    if (typeof found === 'string') {
      errs.push(invalid(at, f.jsonPath, `is an invalid path: ${found}`));
      return;
    }
    if (found.path.split('.')[0] === 'metadata')
      errs.push(invalid(at, f.jsonPath, 'must not point to fields in metadata'));
    if (!['string', 'boolean', 'integer'].includes(found.node.type ?? ''))
      errs.push(
        invalid(
          at,
          f.jsonPath,
          'must point to a field of type string, boolean or integer. Enum string fields and strings with formats are allowed.',
        ),
      );
    if (seen.has(found.path)) errs.push(duplicate(at, f.jsonPath));
    seen.add(found.path);
  });
  if (seen.size > MAX_SELECTABLE_FIELDS) errs.push(tooMany(path, seen.size, MAX_SELECTABLE_FIELDS));
  return errs;
}
