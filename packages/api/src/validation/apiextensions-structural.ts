/**
 * Structural schema rules (apiextensions-apiserver's NewStructural and ValidateStructural):
 * every specified field has a type, value validations (allOf, anyOf, oneOf, not) do not
 * specify types, defaults, descriptions or extensions, and metadata at the root is limited to
 * name and generateName. Errors come back sorted by their text, as kube sorts them.
 */
import type { JSONSchemaProps } from '../schema/apiextensions-v1.js';
import { forbidden, formatFieldError, invalid, required, type FieldError } from './field-errors.js';

type Level = 'root' | 'item' | 'field';

const UNSUPPORTED: readonly [keyof JSONSchemaProps, string][] = [
  ['id', 'id'],
  ['$schema', 'schema'],
  ['$ref', '$ref'],
  ['patternProperties', 'patternProperties'],
  ['dependencies', 'dependencies'],
  ['additionalItems', 'additionalItems'],
  ['definitions', 'definitions'],
];

/**
 * Why NewStructural cannot convert `schema` (items given as an array, a keyword structural
 * schemas do not know), or undefined when it converts. kube reports it as
 * `<path>: Invalid value: "": <reason>` when no other error was found.
 */
export function structuralConversionError(schema: JSONSchemaProps): string | undefined {
  for (const [key, name] of UNSUPPORTED)
    if (schema[key] !== undefined) return `OpenAPIV3Schema '${name}' is not supported`;
  if (Array.isArray(schema.items)) return "OpenAPIV3Schema 'items' must be a schema, but is an array";
  for (const child of childSchemas(schema)) {
    const err = structuralConversionError(child);
    if (err !== undefined) return err;
  }
  return undefined;
}

function childSchemas(s: JSONSchemaProps): JSONSchemaProps[] {
  const out: JSONSchemaProps[] = [];
  if (s.items !== undefined && !Array.isArray(s.items)) out.push(s.items);
  out.push(...Object.values(s.properties ?? {}));
  if (typeof s.additionalProperties === 'object') out.push(s.additionalProperties);
  out.push(...(s.allOf ?? []), ...(s.anyOf ?? []), ...(s.oneOf ?? []));
  if (s.not !== undefined) out.push(s.not);
  return out;
}

const itemsOf = (s: JSONSchemaProps) => (Array.isArray(s.items) ? undefined : s.items);
const additionalOf = (s: JSONSchemaProps) =>
  typeof s.additionalProperties === 'object' ? s.additionalProperties : undefined;

function isIntOrStringAnyOf(anyOf: JSONSchemaProps[] | undefined): boolean {
  if (anyOf?.length !== 2) return false;
  return anyOf.every((a, i) => Object.keys(a).length === 1 && a.type === (i === 0 ? 'integer' : 'string'));
}

/** validateNestedValueValidation: what a schema inside allOf/anyOf/oneOf/not may not specify. */
function validateNested(v: JSONSchemaProps | undefined, skipAnyOf: boolean, path: string): FieldError[] {
  if (v === undefined) return [];
  const errs = validateValueValidation(v, skipAnyOf, false, path);
  const items = itemsOf(v);
  if (items) errs.push(...validateNested(items, false, `${path}.items`));
  for (const [k, p] of Object.entries(v.properties ?? {}))
    errs.push(...validateNested(p, false, `${path}.properties[${k}]`));
  if (v.type) errs.push(forbidden(`${path}.type`, 'must be empty to be structural'));
  if (v.additionalProperties !== undefined)
    errs.push(forbidden(`${path}.additionalProperties`, 'must be undefined to be structural'));
  if (v.default !== undefined) errs.push(forbidden(`${path}.default`, 'must be undefined to be structural'));
  if (v.title) errs.push(forbidden(`${path}.title`, 'must be empty to be structural'));
  if (v.description) errs.push(forbidden(`${path}.description`, 'must be empty to be structural'));
  if (v.nullable === true) errs.push(forbidden(`${path}.nullable`, 'must be false to be structural'));
  const ext: [keyof JSONSchemaProps, string][] = [
    ['x-kubernetes-preserve-unknown-fields', 'must be false to be structural'],
    ['x-kubernetes-embedded-resource', 'must be false to be structural'],
    ['x-kubernetes-int-or-string', 'must be false to be structural'],
  ];
  for (const [key, msg] of ext) if (v[key] === true) errs.push(forbidden(`${path}.${key}`, msg));
  if ((v['x-kubernetes-list-map-keys'] ?? []).length > 0)
    errs.push(forbidden(`${path}.x-kubernetes-list-map-keys`, 'must be empty to be structural'));
  if (v['x-kubernetes-list-type'] !== undefined)
    errs.push(forbidden(`${path}.x-kubernetes-list-type`, 'must be undefined to be structural'));
  if (v['x-kubernetes-map-type'] !== undefined)
    errs.push(forbidden(`${path}.x-kubernetes-map-type`, 'must be undefined to be structural'));
  if ((v['x-kubernetes-validations'] ?? []).length > 0)
    errs.push(forbidden(`${path}.x-kubernetes-validations`, 'must be empty to be structural'));
  if (v.properties?.metadata !== undefined)
    errs.push(forbidden(`${path}.properties[metadata]`, 'must not be specified in a nested context'));
  return errs;
}

/** Go's regexp accepts RE2 syntax; JavaScript's Unicode regular expressions are the closest check here. */
function patternError(pattern: string): string | undefined {
  try {
    new RegExp(pattern, 'u');
    return undefined;
  } catch (err) {
    return (err as Error).message;
  }
}

function validateValueValidation(
  v: JSONSchemaProps,
  skipAnyOf: boolean,
  skipFirstAllOfAnyOf: boolean,
  path: string,
): FieldError[] {
  const errs: FieldError[] = [];
  if (!skipAnyOf) (v.anyOf ?? []).forEach((a, i) => errs.push(...validateNested(a, false, `${path}.anyOf[${i}]`)));
  (v.allOf ?? []).forEach((a, i) =>
    errs.push(...validateNested(a, skipFirstAllOfAnyOf && i === 0, `${path}.allOf[${i}]`)),
  );
  (v.oneOf ?? []).forEach((a, i) => errs.push(...validateNested(a, false, `${path}.oneOf[${i}]`)));
  errs.push(...validateNested(v.not, false, `${path}.not`));
  return errs.concat(patternErrors(v, path));
}

function patternErrors(v: JSONSchemaProps, path: string): FieldError[] {
  if (!v.pattern) return [];
  const problem = patternError(v.pattern);
  return problem === undefined
    ? []
    : [invalid(`${path}.pattern`, v.pattern, `must be a valid regular expression, but isn't: ${problem}`)];
}

function validateRootMetadata(metadata: JSONSchemaProps, path: string): FieldError[] {
  // Only type, default and name/generateName properties are dropped before kube compares with an empty schema.
  const allowed = new Set(['type', 'properties', 'default']);
  const props = Object.keys(metadata.properties ?? {});
  const onlyNames = props.every((p) => p === 'name' || p === 'generateName');
  const extra = Object.entries(metadata).filter(
    ([k, v]) => !allowed.has(k) && v !== undefined && v !== false && v !== '',
  );
  if (onlyNames && extra.length === 0) return [];
  return [
    forbidden(path, 'must not specify anything other than name and generateName, but metadata is implicitly specified'),
  ];
}

function validateMetadataInvariants(metadata: JSONSchemaProps, check: boolean, lvl: Level, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (check && metadata.type !== 'object') errs.push(invalid(`${path}.type`, metadata.type ?? '', 'must be object'));
  if (lvl === 'root') errs.push(...validateRootMetadata(metadata, path));
  return errs;
}

function typeRules(s: JSONSchemaProps, lvl: Level, path: string): FieldError[] {
  const embedded = s['x-kubernetes-embedded-resource'] === true;
  if (embedded && s.type !== 'object') {
    const msg = 'must be object if x-kubernetes-embedded-resource is true';
    return [s.type ? invalid(`${path}.type`, s.type, msg) : required(`${path}.type`, msg)];
  }
  if (!s.type && s['x-kubernetes-int-or-string'] !== true && s['x-kubernetes-preserve-unknown-fields'] !== true) {
    const where = { root: 'at the root', item: 'for specified array items', field: 'for specified object fields' };
    return [required(`${path}.type`, `must not be empty ${where[lvl]}`)];
  }
  return [];
}

function extensionRules(s: JSONSchemaProps, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (s['x-kubernetes-int-or-string'] === true && s['x-kubernetes-preserve-unknown-fields'] === true)
    errs.push(
      invalid(
        `${path}.x-kubernetes-preserve-unknown-fields`,
        true,
        'must be false if x-kubernetes-int-or-string is true',
      ),
    );
  if (s['x-kubernetes-int-or-string'] === true && s['x-kubernetes-embedded-resource'] === true)
    errs.push(
      invalid(`${path}.x-kubernetes-embedded-resource`, true, 'must be false if x-kubernetes-int-or-string is true'),
    );
  return errs;
}

function metaFieldRules(s: JSONSchemaProps, lvl: Level, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const check = lvl === 'root' || s['x-kubernetes-embedded-resource'] === true;
  for (const key of ['kind', 'apiVersion'] as const) {
    const p = s.properties?.[key];
    if (p && check && p.type !== 'string')
      errs.push(invalid(`${path}.properties[${key}].type`, p.type ?? '', 'must be string'));
  }
  const metadata = s.properties?.metadata;
  if (metadata) errs.push(...validateMetadataInvariants(metadata, check, lvl, `${path}.properties[metadata]`));
  return errs;
}

function validateInvariants(s: JSONSchemaProps | undefined, lvl: Level, path: string): FieldError[] {
  if (s === undefined) return [];
  const errs: FieldError[] = [];
  const items = itemsOf(s);
  if (s.type === 'array' && items === undefined) errs.push(required(`${path}.items`, 'must be specified'));
  errs.push(...validateInvariants(items, 'item', `${path}.items`));
  for (const [k, p] of Object.entries(s.properties ?? {}))
    errs.push(...validateInvariants(p, 'field', `${path}.properties[${k}]`));
  if (s.additionalProperties !== undefined) {
    if (lvl === 'root') errs.push(forbidden(`${path}.additionalProperties`, 'must not be used at the root'));
    errs.push(...validateInvariants(additionalOf(s), 'field', `${path}.additionalProperties`));
  }
  errs.push(...extensionRules(s, path));
  const skipAnyOf = isIntOrStringAnyOf(s.anyOf);
  const skipFirstAllOf = isIntOrStringAnyOf(s.allOf?.[0]?.anyOf);
  errs.push(...validateValueValidation(s, skipAnyOf, skipFirstAllOf, path));
  errs.push(...typeRules(s, lvl, path));
  if (s['x-kubernetes-embedded-resource'] === true && s.additionalProperties !== undefined)
    errs.push(forbidden(`${path}.additionalProperties`, 'must not be used if x-kubernetes-embedded-resource is set'));
  if (lvl === 'root' && s.type && s.type !== 'object')
    errs.push(invalid(`${path}.type`, s.type, 'must be object at the root'));
  errs.push(...metaFieldRules(s, lvl, path));
  if (
    s['x-kubernetes-embedded-resource'] === true &&
    s['x-kubernetes-preserve-unknown-fields'] !== true &&
    Object.keys(s.properties ?? {}).length === 0
  )
    errs.push(
      required(
        `${path}.properties`,
        'must not be empty if x-kubernetes-embedded-resource is true without x-kubernetes-preserve-unknown-fields',
      ),
    );
  return errs;
}

const definedIn = (sPath: string, vPath: string) => required(sPath, `because it is defined in ${vPath}`);

function nestedCompleteness(
  v: JSONSchemaProps | undefined,
  s: JSONSchemaProps | undefined,
  sPath: string,
  vPath: string,
): FieldError[] {
  if (v === undefined) return [];
  if (s === undefined) return [definedIn(sPath, vPath)];
  const errs = valueCompleteness(v, s, sPath, vPath);
  errs.push(...nestedCompleteness(itemsOf(v), itemsOf(s), `${sPath}.items`, `${vPath}.items`));
  for (const [k, vf] of Object.entries(v.properties ?? {})) {
    const sf = s.properties?.[k];
    if (sf === undefined) errs.push(definedIn(`${sPath}.properties[${k}]`, `${vPath}.properties[${k}]`));
    else errs.push(...nestedCompleteness(vf, sf, `${sPath}.properties[${k}]`, `${vPath}.properties[${k}]`));
  }
  return errs;
}

function valueCompleteness(v: JSONSchemaProps, s: JSONSchemaProps, sPath: string, vPath: string): FieldError[] {
  const errs = nestedCompleteness(v.not, s, sPath, `${vPath}.not`);
  for (const key of ['allOf', 'anyOf', 'oneOf'] as const)
    (v[key] ?? []).forEach((n, i) => errs.push(...nestedCompleteness(n, s, sPath, `${vPath}.${key}[${i}]`)));
  return errs;
}

/**
 * ValidateStructural: the structural invariants and completeness of a schema known to convert
 * (see structuralConversionError), at `path` (`spec.validation.openAPIV3Schema`). Sorted by text.
 */
export function validateStructural(schema: JSONSchemaProps, path: string): FieldError[] {
  const errs = [...validateInvariants(schema, 'root', path), ...valueCompleteness(schema, schema, path, path)];
  return errs.sort((a, b) =>
    formatFieldError(a) < formatFieldError(b) ? -1 : formatFieldError(a) > formatFieldError(b) ? 1 : 0,
  );
}
