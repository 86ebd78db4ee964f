/**
 * OpenAPI component schemas generated from the zod schemas: every named schema becomes
 * `components.schemas[<Kubernetes definition name>]`, with Kubernetes' formats (int32,
 * int64, date-time, int-or-string) and `x-kubernetes-group-version-kind` on kinds.
 */
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

function finish(id: string, schema: JsonSchema): JsonSchema {
  const meta = schemaMetaById.get(id);
  const out: JsonSchema = { ...(SPECIAL[id] ?? schema) };
  delete out.$id;
  if (meta?.description) out.description = meta.description;
  if (meta?.gvk) out['x-kubernetes-group-version-kind'] = meta.gvk;
  return out;
}

let cache: Record<string, JsonSchema> | undefined;

/** Every named schema as an OpenAPI 3.0 component, keyed by definition name. Computed once. */
export function allComponentSchemas(): Record<string, JsonSchema> {
  if (cache) return cache;
  const generated = z.toJSONSchema(apiSchemas, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
    uri: (id) => `${REF_PREFIX}${id}`,
    override: (ctx) => integerFormat(ctx.jsonSchema as JsonSchema),
  });
  const schemas = generated.schemas as Record<string, JsonSchema>;
  cache = Object.fromEntries(Object.entries(schemas).map(([id, s]) => [id, finish(id, s)]));
  return cache;
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

/** The components reachable from `roots` (by `$ref`), including the roots themselves. */
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
