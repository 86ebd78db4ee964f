/** OpenAPI paths of a resource: list/create/deletecollection, get/replace/patch/delete, watch-free, subresources. */
import type { AnyResourceDefinition, SubresourceDefinition } from '../registry/types.js';
import { ref, type JsonSchema } from './components.js';

/** The definition names of the bodies the subresources carry. */
export const SUBRESOURCE_DEFINITIONS: Record<string, string> = {
  Scale: 'io.k8s.api.autoscaling.v1.Scale',
  Eviction: 'io.k8s.api.policy.v1.Eviction',
  Binding: 'io.k8s.api.core.v1.Binding',
};

const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';

type Gvk = { group: string; version: string; kind: string };

function queryParam(name: string, type: 'string' | 'boolean' | 'integer', description: string): JsonSchema {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } };
}

const WRITE_PARAMS = [
  queryParam(
    'dryRun',
    'string',
    'When present, indicates that modifications should not be persisted. Valid value: All.',
  ),
  queryParam(
    'fieldManager',
    'string',
    'fieldManager is a name associated with the actor or entity that is making these changes.',
  ),
  queryParam(
    'fieldValidation',
    'string',
    'fieldValidation instructs the server on how to handle objects in the request containing unknown or duplicate fields. Valid values: Ignore, Warn, Strict.',
  ),
];
const PATCH_PARAMS = [...WRITE_PARAMS, queryParam('force', 'boolean', 'Force is going to "force" Apply requests.')];
const LIST_PARAMS = [
  'continue',
  'fieldSelector',
  'labelSelector',
  'limit',
  'resourceVersion',
  'timeoutSeconds',
  'watch',
].map((n) =>
  queryParam(
    n,
    n === 'limit' || n === 'timeoutSeconds' ? 'integer' : n === 'watch' ? 'boolean' : 'string',
    `${n} of the list or watch request.`,
  ),
);

function json(schema: JsonSchema): JsonSchema {
  return { content: { 'application/json': { schema } } };
}

function pathParam(name: string): JsonSchema {
  return {
    name,
    in: 'path',
    required: true,
    description: `${name} of the resource`,
    schema: { type: 'string', uniqueItems: true },
  };
}

function op(id: string, action: string, gvk: Gvk, extra: JsonSchema): JsonSchema {
  return { operationId: id, 'x-kubernetes-action': action, 'x-kubernetes-group-version-kind': gvk, ...extra };
}

function ok(schema: JsonSchema, created = false): JsonSchema {
  return created
    ? { '200': { description: 'OK', ...json(schema) }, '201': { description: 'Created', ...json(schema) } }
    : { '200': { description: 'OK', ...json(schema) } };
}

/**
 * The PATCH body types. Strategic merge patch is deliberately not listed: kubectl then
 * computes apply patches from /openapi/v2 (whose definitions carry the patch markers, see
 * patch-markers.ts) instead of from these schemas, which carry none. The server still
 * accepts it.
 */
function patchBody(): JsonSchema {
  const object = { schema: { type: 'object' } };
  return {
    required: true,
    content: {
      'application/json-patch+json': object,
      'application/merge-patch+json': object,
      'application/apply-patch+yaml': object,
    },
  };
}

function itemOps(def: AnyResourceDefinition, gvk: Gvk, body: JsonSchema, name: string): JsonSchema {
  const ops: JsonSchema = {};
  if (def.verbs.includes('get')) ops.get = op(`read${name}`, 'get', gvk, { responses: ok(body) });
  if (def.verbs.includes('update'))
    ops.put = op(`replace${name}`, 'put', gvk, {
      parameters: WRITE_PARAMS,
      requestBody: { required: true, ...json(body) },
      responses: ok(body, true),
    });
  if (def.verbs.includes('patch'))
    ops.patch = op(`patch${name}`, 'patch', gvk, {
      parameters: PATCH_PARAMS,
      requestBody: patchBody(),
      responses: ok(body, true),
    });
  if (def.verbs.includes('delete'))
    ops.delete = op(`delete${name}`, 'delete', gvk, {
      requestBody: json(ref(DELETE_OPTIONS)),
      responses: ok(ref(STATUS)),
    });
  return ops;
}

function collectionOps(
  def: AnyResourceDefinition,
  gvk: Gvk,
  body: JsonSchema,
  list: JsonSchema,
  name: string,
): JsonSchema {
  const ops: JsonSchema = {};
  if (def.verbs.includes('list'))
    ops.get = op(`list${name}`, 'list', gvk, { parameters: LIST_PARAMS, responses: ok(list) });
  if (def.verbs.includes('create'))
    ops.post = op(`create${name}`, 'post', gvk, {
      parameters: WRITE_PARAMS,
      requestBody: { required: true, ...json(body) },
      responses: ok(body, true),
    });
  if (def.verbs.includes('deletecollection'))
    ops.delete = op(`deletecollection${name}`, 'deletecollection', gvk, {
      parameters: LIST_PARAMS,
      responses: ok(ref(STATUS)),
    });
  return ops;
}

function subresourceOps(sub: SubresourceDefinition, def: AnyResourceDefinition, name: string): JsonSchema {
  const gvk = { group: sub.group, version: sub.version, kind: sub.kind };
  const bodyId = sub.kind === def.kind ? def.definitionName : (SUBRESOURCE_DEFINITIONS[sub.kind] ?? def.definitionName);
  const body = ref(bodyId);
  const opName = `${name}${sub.name[0]?.toUpperCase() ?? ''}${sub.name.slice(1)}`;
  if (sub.verbs.includes('create')) {
    return {
      post: op(`create${opName}`, 'post', gvk, {
        parameters: WRITE_PARAMS,
        requestBody: { required: true, ...json(body) },
        responses: ok(body, true),
      }),
    };
  }
  const pseudo = { ...def, verbs: sub.verbs.includes('update') ? [...sub.verbs] : sub.verbs } as AnyResourceDefinition;
  const ops = itemOps(pseudo, gvk, body, opName);
  delete ops.delete;
  return ops;
}

/** The URL prefix of a resource's group/version: `/api/v1` or `/apis/<group>/<version>`. */
export function groupVersionPrefix(group: string, version: string): string {
  return group === '' ? `/api/${version}` : `/apis/${group}/${version}`;
}

/** Every OpenAPI path of one resource, keyed by URL template. */
export function resourcePaths(def: AnyResourceDefinition): Record<string, JsonSchema> {
  const gvk = { group: def.group, version: def.version, kind: def.kind };
  const prefix = groupVersionPrefix(def.group, def.version);
  const ns = def.scope === 'Namespaced';
  const base = ns ? `${prefix}/namespaces/{namespace}/${def.resource}` : `${prefix}/${def.resource}`;
  const nsParams = ns ? [pathParam('namespace')] : [];
  const name = `${def.group === '' ? 'Core' : ''}${ns ? 'Namespaced' : ''}${def.kind}`;
  const body = ref(def.definitionName);
  const list = ref(`${def.definitionName}List`);
  const paths: Record<string, JsonSchema> = {};
  paths[base] = { ...collectionOps(def, gvk, body, list, name), parameters: nsParams };
  if (def.verbs.some((v) => v === 'get' || v === 'update' || v === 'patch' || v === 'delete')) {
    paths[`${base}/{name}`] = { ...itemOps(def, gvk, body, name), parameters: [pathParam('name'), ...nsParams] };
  }
  for (const sub of def.subresources.filter((s) => !s.streamed))
    paths[`${base}/{name}/${sub.name}`] = {
      ...subresourceOps(sub, def, name),
      parameters: [pathParam('name'), ...nsParams],
    };
  if (ns && def.verbs.includes('list')) {
    paths[`${prefix}/${def.resource}`] = {
      get: op(`list${def.kind}ForAllNamespaces`, 'list', gvk, { parameters: LIST_PARAMS, responses: ok(list) }),
    };
  }
  return paths;
}
