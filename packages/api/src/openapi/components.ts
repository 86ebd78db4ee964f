/**
 * OpenAPI component schemas generated from the zod schemas: every named schema becomes
 * `components.schemas[<Kubernetes definition name>]`, with Kubernetes' formats (int32,
 * int64, date-time, int-or-string), `x-kubernetes-group-version-kind` on kinds, and
 * Kubernetes' type and field descriptions (field-docs.json, written by
 * scripts/generate-field-docs.ts) for `kubectl explain`.
 */
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import '../schema/all.js';
import { apiSchemas, schemaMetaById } from '../schema/primitives.js';

/** A JSON schema object as it appears in an OpenAPI document. */
export type JsonSchema = Record<string, unknown>;

const REF_PREFIX = '#/components/schemas/';

const SPECIAL: Record<string, JsonSchema> = {
  'io.k8s.apimachinery.pkg.util.intstr.IntOrString': {
    type: 'string',
    format: 'int-or-string',
    'x-kubernetes-int-or-string': true,
  },
  'io.k8s.apimachinery.pkg.api.resource.Quantity': { type: 'string' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.Time': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime': { type: 'string', format: 'date-time' },
  'io.k8s.apimachinery.pkg.runtime.RawExtension': { type: 'object' },
};

function integerFormat(schema: JsonSchema): void {
  if (schema.type !== 'integer' || schema.maximum === undefined) return;
  schema.format = schema.maximum === 2147483647 ? 'int32' : 'int64';
  delete schema.minimum;
  delete schema.maximum;
}

/** Kubernetes' descriptions per definition ("" is the type's own), and its non-pointer struct fields. */
type FieldDocs = {
  descriptions: Record<string, Record<string, string>>;
  structFields: Record<string, string[]>;
};

/** Read when the documents are first built, never at server start (the file is large). */
function loadFieldDocs(): FieldDocs {
  return JSON.parse(readFileSync(new URL('./field-docs.json', import.meta.url), 'utf8')) as FieldDocs;
}

/**
 * Adds Kubernetes' description to each property. A `$ref` cannot carry siblings in OpenAPI 3.0,
 * so a described reference is wrapped as kube-apiserver serves it: `{allOf: [{$ref}], description}`,
 * plus `default: {}` where the Go field is a non-pointer struct.
 */
function describeProperties(id: string, out: JsonSchema, docs: FieldDocs, objects: Set<string>): void {
  const fields = docs.descriptions[id] ?? {};
  const structs = new Set(docs.structFields[id] ?? []);
  const properties = out.properties as Record<string, JsonSchema> | undefined;
  if (!properties) return;
  out.properties = Object.fromEntries(
    Object.entries(properties).map(([name, property]) => {
      const description = fields[name];
      const allOf = property.allOf as JsonSchema[] | undefined;
      const target = (property.$ref ?? (allOf?.length === 1 ? allOf[0]?.$ref : undefined)) as string | undefined;
      const withDefault = target !== undefined && structs.has(name) && objects.has(target.slice(REF_PREFIX.length));
      if (description === undefined && !withDefault) return [name, property];
      const { $ref, ...rest } = property;
      const prop: JsonSchema = $ref === undefined ? rest : { allOf: [{ $ref }], ...rest };
      if (withDefault) prop.default = {};
      if (description !== undefined) prop.description = description;
      return [name, prop];
    }),
  );
}

function finish(id: string, schema: JsonSchema, docs: FieldDocs, objects: Set<string>): JsonSchema {
  const meta = schemaMetaById.get(id);
  const out: JsonSchema = { ...(SPECIAL[id] ?? schema) };
  delete out.$id;
  describeProperties(id, out, docs, objects);
  const description = meta?.description ?? docs.descriptions[id]?.[''];
  if (description) out.description = description;
  if (meta?.gvk) out['x-kubernetes-group-version-kind'] = meta.gvk;
  return out;
}

/** The generated components, with what describing a caller's schema needs. */
interface Generated {
  schemas: Record<string, JsonSchema>;
  docs: FieldDocs;
  /** The object components (a property referring to one of them may get `default: {}`). */
  objects: Set<string>;
}

let cache: Generated | undefined;

function generated(): Generated {
  if (cache) return cache;
  const raw = z.toJSONSchema(apiSchemas, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `${REF_PREFIX}${id}`,
    override: (ctx) => integerFormat(ctx.jsonSchema as JsonSchema),
  }).schemas as Record<string, JsonSchema>;
  const docs = loadFieldDocs();
  const objects = new Set(
    Object.entries(raw)
      .filter(([id, s]) => SPECIAL[id] === undefined && s.type === 'object')
      .map(([id]) => id),
  );
  const schemas = Object.fromEntries(Object.entries(raw).map(([id, s]) => [id, finish(id, s, docs, objects)]));
  cache = { schemas, docs, objects };
  return cache;
}

/** Every named schema as an OpenAPI 3.0 component, keyed by definition name. Computed once. */
export function allComponentSchemas(): Record<string, JsonSchema> {
  return generated().schemas;
}

/**
 * A schema built outside the generated ones (a kind's list), with Kubernetes' property
 * descriptions for `id` where it has any, as the generated components carry them. A new
 * object when it adds any; `schema` is not changed.
 */
export function describedSchema(id: string, schema: JsonSchema): JsonSchema {
  const { docs, objects } = generated();
  if (!docs.descriptions[id]) return schema;
  const out = { ...schema };
  describeProperties(id, out, docs, objects);
  return out;
}

function collectRefs(node: unknown, out: Set<string>): void {
  if (Array.isArray(node)) {
    for (const item of node) collectRefs(item, out);
    return;
  }
  if (node === null || typeof node !== 'object') return;
  for (const [key, value] of Object.entries(node)) {
    if (key === '$ref' && typeof value === 'string' && value.startsWith(REF_PREFIX))
      out.add(value.slice(REF_PREFIX.length));
    else collectRefs(value, out);
  }
}

/**
 * The components reachable from `roots` (by `$ref`), including the roots themselves. `extra`
 * schemas (the kinds' lists, custom resources) win over generated ones.
 */
export function componentClosure(
  roots: Iterable<string>,
  extra: Record<string, JsonSchema> = {},
): Record<string, JsonSchema> {
  const all = { ...allComponentSchemas(), ...extra };
  const result: Record<string, JsonSchema> = {};
  const queue = [...roots];
  while (queue.length > 0) {
    const id = queue.pop() ?? '';
    const schema = all[id];
    if (schema === undefined || result[id] !== undefined) continue;
    result[id] = schema;
    const refs = new Set<string>();
    collectRefs(schema, refs);
    queue.push(...refs);
  }
  return Object.fromEntries(
    Object.keys(result)
      .sort()
      .map((id) => [id, result[id] as JsonSchema]),
  );
}

/** A `$ref` to a component. */
export function ref(id: string): JsonSchema {
  return { $ref: `${REF_PREFIX}${id}` };
}
