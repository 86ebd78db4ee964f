/**
 * OpenAPI 3.0 component schemas turned into Swagger 2.0 definitions, as kube-apiserver
 * publishes them at /openapi/v2: refs point at `#/definitions/`, a `$ref` wrapped in a
 * one-element `allOf` (v3's way to give a ref a description) becomes the ref itself with
 * its siblings, and the v3-only keywords are dropped. Custom resource schemas are
 * converted as apiextensions-apiserver converts them for v2 (kubectl's v2 reader cannot
 * cope with untyped values that carry properties or items).
 */
import type { JsonSchema } from './components.js';

const V3_PREFIX = '#/components/schemas/';
const V2_PREFIX = '#/definitions/';

/** Keywords Swagger 2.0 schemas do not have (or kube never publishes in v2). */
const DROPPED = ['nullable', 'oneOf', 'anyOf', 'not'];

function isObject(v: unknown): v is JsonSchema {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function convertMap(map: unknown, crd: boolean): JsonSchema {
  if (!isObject(map)) return {};
  return Object.fromEntries(Object.entries(map).map(([k, v]) => [k, toSwaggerSchema(v, crd)]));
}

/** A single-ref `allOf` folded into its parent; a wider `allOf` dropped (kube drops it for v2). */
function foldAllOf(out: JsonSchema, crd: boolean): void {
  const all = out.allOf;
  delete out.allOf;
  if (Array.isArray(all) && all.length === 1 && isObject(all[0])) Object.assign(out, toSwaggerSchema(all[0], crd));
}

/** apiextensions-apiserver's ToStructuralOpenAPIV2, on one node of a custom resource schema. */
function crdNode(out: JsonSchema, nullable: boolean): void {
  if (nullable) {
    delete out.type;
    delete out.items;
    delete out.properties;
  }
  if (out['x-kubernetes-preserve-unknown-fields'] === true) {
    delete out.items;
    delete out.properties;
  }
  if (out.type === 'array' && out.items === undefined) delete out.type;
}

/** A nullable property is not required in v2 (kubectl would refuse its null). */
function dropNullableRequired(out: JsonSchema, source: JsonSchema): void {
  const props: JsonSchema = isObject(source.properties) ? source.properties : {};
  if (!Array.isArray(out.required)) return;
  const required = out.required.filter((f) => {
    const prop = props[f as string];
    return !(isObject(prop) && prop.nullable === true);
  });
  if (required.length > 0) out.required = required;
  else delete out.required;
}

/**
 * One schema in its Swagger 2.0 form (a new object; `schema` is not changed). `crd` applies
 * the custom-resource rules: a nullable or x-kubernetes-preserve-unknown-fields node loses
 * its properties and items, an array without items loses its type.
 */
export function toSwaggerSchema(schema: unknown, crd = false): JsonSchema {
  if (!isObject(schema)) return {};
  const out: JsonSchema = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === '$ref' && typeof value === 'string')
      out.$ref = value.startsWith(V3_PREFIX) ? V2_PREFIX + value.slice(V3_PREFIX.length) : value;
    else if (key === 'properties' || key === 'patternProperties') out[key] = convertMap(value, crd);
    else if (key === 'items')
      out.items = Array.isArray(value) ? toSwaggerSchema(value[0], crd) : toSwaggerSchema(value, crd);
    else if (key === 'additionalProperties') {
      if (isObject(value)) out.additionalProperties = toSwaggerSchema(value, crd);
      else if (value === true) out.additionalProperties = true;
    } else out[key] = value;
  }
  foldAllOf(out, crd);
  if (crd) {
    crdNode(out, schema.nullable === true);
    dropNullableRequired(out, schema);
  }
  for (const key of DROPPED) delete out[key];
  // Never published empty: kubectl would read an object with `properties: {}` as a kind with
  // no fields and refuse every field of it (a passthrough volume source, say).
  if (isObject(out.properties) && Object.keys(out.properties).length === 0) delete out.properties;
  return out;
}
