/**
 * The CEL type of a schema node (k8s.io/apiserver pkg/cel/common SchemaDeclType): objects with
 * properties are structs of their escaped fields, additionalProperties make a map, items a list,
 * integer/number/boolean/string their scalars, string formats byte/duration/date/date-time
 * bytes/duration/timestamp, x-kubernetes-int-or-string dyn. A resource root or embedded resource
 * also has `apiVersion`, `kind` and `metadata` with `name` and `generateName`. A node with no type
 * (preserve-unknown-fields alone) has no CEL type: its field is not accessible. Each type carries
 * kube's size estimates (maxElements, minimum serialized size) for cost estimation.
 */
import type { JSONSchemaProps } from '../../schema/apiextensions-v1.js';
import { additionalSchema, itemsSchema } from '../schema-nav.js';
import { escapeFieldName } from './escaping.js';

/** The CEL scalar types a schema node can have. */
export type CelScalar = 'int' | 'double' | 'string' | 'bool' | 'bytes' | 'timestamp' | 'duration' | 'dyn';

interface Sizes {
  /** kube's MaxElements: max length of a string/bytes, items of a list, entries of a map. */
  maxElements: number;
  /** kube's MinSerializedSize: the fewest JSON bytes a value of this type takes. */
  minSize: number;
}

/** A schema node's CEL type. */
export type CelDecl = Sizes &
  (
    | { kind: 'object'; fields: Map<string, CelDecl> }
    | { kind: 'list'; elem: CelDecl }
    | { kind: 'map'; elem: CelDecl }
    | { kind: 'scalar'; type: CelScalar }
  );

/** kube's MaxRequestSizeBytes: the largest request the apiserver takes, the bound of every unbounded size. */
export const MAX_REQUEST_SIZE_BYTES = 3 * 1024 * 1024;

const scalar = (type: CelScalar, minSize: number, maxElements = 0): CelDecl => ({
  kind: 'scalar',
  type,
  minSize,
  maxElements,
});

/** A schema's maxItems/maxProperties/maxLength as kube reads it (zeroIfNegative); undefined when unset. */
export const nonNegative = (n: number | undefined): number | undefined =>
  n === undefined ? undefined : Math.max(0, n);

function stringMax(s: JSONSchemaProps): number {
  switch (s.format) {
    case 'duration':
    case 'date-time':
      return 32;
    case 'date':
      return 12;
    default:
      return MAX_REQUEST_SIZE_BYTES - 2;
  }
}

function stringDecl(s: JSONSchemaProps): CelDecl {
  switch (s.format) {
    case 'byte':
      return scalar('bytes', 2, nonNegative(s.maxLength) ?? stringMax(s));
    case 'duration':
      return scalar('duration', 3, stringMax(s));
    case 'date':
      return scalar('timestamp', 12, stringMax(s));
    case 'date-time':
      return scalar('timestamp', 21, stringMax(s));
  }
  const max = nonNegative(s.maxLength);
  if (max !== undefined) return scalar('string', 2, max * 4);
  const enumMax = (s.enum ?? []).reduce<number>((m, v) => (typeof v === 'string' ? Math.max(m, v.length) : m), 0);
  return scalar('string', 2, (s.enum ?? []).length > 0 ? enumMax : stringMax(s));
}

const STRING: JSONSchemaProps = { type: 'string' };

/** kube's WithTypeAndObjectMeta: a resource's apiVersion, kind and metadata.name/generateName. */
function withTypeAndObjectMeta(s: JSONSchemaProps): JSONSchemaProps {
  const meta = s.properties?.metadata;
  if (
    s.properties?.kind?.type === 'string' &&
    s.properties.apiVersion?.type === 'string' &&
    meta?.type === 'object' &&
    meta.properties?.name?.type === 'string' &&
    meta.properties.generateName?.type === 'string'
  )
    return s;
  return {
    ...s,
    properties: {
      ...s.properties,
      kind: STRING,
      apiVersion: STRING,
      metadata: { type: 'object', properties: { name: STRING, generateName: STRING } },
    },
  };
}

function objectDecl(s: JSONSchemaProps): CelDecl | undefined {
  const extra = additionalSchema(s);
  if (extra) {
    const elem = schemaDecl(extra, extra['x-kubernetes-embedded-resource'] === true);
    if (elem === undefined) return undefined;
    const max = nonNegative(s.maxProperties) ?? Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (elem.minSize + 6));
    return { kind: 'map', elem, maxElements: max, minSize: 2 };
  }
  const required = new Set(s.required ?? []);
  const fields = new Map<string, CelDecl>();
  let minSize = 2;
  for (const [name, prop] of Object.entries(s.properties ?? {})) {
    const decl = schemaDecl(prop, prop['x-kubernetes-embedded-resource'] === true);
    if (decl === undefined) continue;
    const escaped = escapeFieldName(name);
    if (escaped !== undefined) fields.set(escaped, decl);
    if (required.has(name) && prop.default === undefined) minSize += name.length + decl.minSize + 4;
  }
  return { kind: 'object', fields, maxElements: 0, minSize };
}

/**
 * The CEL type of `schema` (undefined where kube has none); `resourceRoot` for the root of a
 * custom resource and for embedded resources.
 */
export function schemaDecl(schema: JSONSchemaProps, resourceRoot: boolean): CelDecl | undefined {
  if (schema['x-kubernetes-int-or-string'] === true) return scalar('dyn', 1, MAX_REQUEST_SIZE_BYTES - 2);
  const s = resourceRoot ? withTypeAndObjectMeta(schema) : schema;
  switch (s.type) {
    case 'array': {
      const items = itemsSchema(s);
      const elem = items && schemaDecl(items, items['x-kubernetes-embedded-resource'] === true);
      if (elem === undefined) return undefined;
      const max = nonNegative(s.maxItems) ?? Math.floor((MAX_REQUEST_SIZE_BYTES - 2) / (elem.minSize + 1));
      return { kind: 'list', elem, maxElements: max, minSize: 2 };
    }
    case 'object':
      return objectDecl(s);
    case 'string':
      return stringDecl(s);
    case 'boolean':
      return scalar('bool', 4);
    case 'number':
      return scalar('double', 1);
    case 'integer':
      return scalar('int', 1);
    default:
      return undefined;
  }
}

/**
 * kube's sizeEstimator: the size range of the value at a field path under `self`/`oldSelf`
 * (`@items`/`@values` step into list items and map values, `@keys` to map keys), from the
 * schema's maxima; undefined off the schema.
 */
export function declSize(root: CelDecl | undefined, path: readonly string[]): { min: number; max: number } | undefined {
  if (root === undefined || (path[0] !== 'self' && path[0] !== 'oldSelf')) return undefined;
  let d: CelDecl = root;
  for (const step of path.slice(1)) {
    if (step === '@keys') return d.kind === 'map' ? { min: 0, max: 0 } : undefined;
    const next: CelDecl | undefined =
      step === '@items' || step === '@values'
        ? d.kind === 'list' || d.kind === 'map'
          ? d.elem
          : undefined
        : d.kind === 'object'
          ? d.fields.get(step)
          : undefined;
    if (next === undefined) return undefined;
    d = next;
  }
  return { min: 0, max: d.maxElements };
}
