/**
 * The Swagger 2.0 document kube-apiserver serves at /openapi/v2, derived from the same
 * paths and component schemas as the OpenAPI v3 documents (one source of truth): every
 * served resource's operations in their v2 form and every definition they reach.
 */
import type { AnyResourceDefinition } from '../registry/types.js';
import { allComponentSchemas, type JsonSchema } from './components.js';
import { buildOpenAPIDocument, OPENAPI_KUBERNETES_VERSION } from './document.js';
import { addPatchMarkers } from './patch-markers.js';
import { groupVersionPrefix } from './paths.js';
import { toSwaggerSchema } from './schema-v2.js';
import { WATCH_EVENT, WATCH_EVENT_SCHEMA, watchPaths } from './watch-paths-v2.js';

/** A Swagger 2.0 document as kube-apiserver publishes it. */
export interface SwaggerDocument {
  swagger: '2.0';
  info: { title: string; version: string };
  paths: Record<string, JsonSchema>;
  definitions: Record<string, JsonSchema>;
  securityDefinitions: Record<string, JsonSchema>;
  security: Record<string, string[]>[];
}

const PATCH = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';
const RAW_EXTENSION = 'io.k8s.apimachinery.pkg.runtime.RawExtension';
const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;
const VERBS = ['deletecollection', 'list', 'read', 'create', 'replace', 'patch', 'delete'];
const PATCH_TYPES = [
  'application/json-patch+json',
  'application/merge-patch+json',
  'application/strategic-merge-patch+json',
  'application/apply-patch+yaml',
];
const PRODUCES = ['application/json', 'application/yaml', 'application/vnd.kubernetes.protobuf'];
/** What apiextensions-apiserver's route builder declares for a custom resource's operations. */
const CRD_MEDIA_TYPES = ['application/json', 'application/yaml'];
const CRD_PATCH_TYPES = PATCH_TYPES.filter((t) => t !== 'application/strategic-merge-patch+json');
const WATCH_PRODUCES = ['application/json;stream=watch', 'application/vnd.kubernetes.protobuf;stream=watch'];

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** The group's name in operation ids and tags: `core`, `apps`, `rbacAuthorization`, `exampleCom`. */
function groupWord(group: string): string {
  const parts = (group === '' ? 'core' : group.replace(/\.k8s\.io$/, '')).split(/[.-]/);
  return parts.map((p, i) => (i === 0 ? p : capitalize(p))).join('');
}

interface GroupVersion {
  group: string;
  version: string;
}

/** The group/version in operation ids: `CoreV1`, `RbacAuthorizationV1`. */
function groupVersionWord(gv: GroupVersion): string {
  return capitalize(groupWord(gv.group)) + capitalize(gv.version);
}

function tagOf(gv: GroupVersion): string {
  return `${groupWord(gv.group)}_${gv.version}`;
}

function groupVersionOfPath(path: string): GroupVersion {
  const core = /^\/api\/([^/]+)/.exec(path);
  if (core) return { group: '', version: core[1]! };
  const named = /^\/apis\/([^/]+)\/([^/]+)/.exec(path);
  return { group: named?.[1] ?? '', version: named?.[2] ?? '' };
}

/** kube's v2 operation id: `listCoreV1NamespacedPod`, `deleteAppsV1CollectionNamespacedDeployment`. */
function operationId(v3Id: string, gv: GroupVersion): string {
  const verb = VERBS.find((v) => v3Id.startsWith(v)) ?? '';
  let rest = v3Id.slice(verb.length);
  if (gv.group === '' && rest.startsWith('Core')) rest = rest.slice('Core'.length);
  const gvWord = groupVersionWord(gv);
  return verb === 'deletecollection' ? `delete${gvWord}Collection${rest}` : `${verb}${gvWord}${rest}`;
}

function parameter(p: JsonSchema): JsonSchema {
  const { schema, ...rest } = p;
  return { ...rest, ...(schema as JsonSchema | undefined) };
}

function bodyParameter(requestBody: JsonSchema, action: unknown): JsonSchema {
  const content = (requestBody.content ?? {}) as Record<string, { schema?: JsonSchema }>;
  const first = Object.values(content)[0]?.schema ?? {};
  const schema = action === 'patch' ? { $ref: `#/definitions/${PATCH}` } : toSwaggerSchema(first);
  return { in: 'body', name: 'body', ...(requestBody.required === true ? { required: true } : {}), schema };
}

/** kube answers 202 Accepted only to a create (and a delete), never to a replace or a patch. */
const ACCEPTED_ACTIONS = new Set(['post', 'delete']);

/**
 * An operation's v2 responses, as kube publishes them: 202 on a create and a delete, 401 on
 * all; a custom resource's patch answers 200 only (apiextensions-apiserver's route builder
 * declares no 201 for it).
 */
function responses(v3: JsonSchema, action: unknown, custom: boolean): JsonSchema {
  const out: JsonSchema = {};
  for (const [code, r] of Object.entries(v3 as Record<string, JsonSchema>)) {
    if (custom && action === 'patch' && code === '201') continue;
    const content = (r.content ?? {}) as Record<string, { schema?: JsonSchema }>;
    const schema = content['application/json']?.schema;
    out[code] = { description: r.description, ...(schema ? { schema: toSwaggerSchema(schema) } : {}) };
  }
  if (ACCEPTED_ACTIONS.has(String(action)))
    out['202'] = { ...((out['201'] ?? out['200']) as JsonSchema), description: 'Accepted' };
  out['401'] = { description: 'Unauthorized' };
  return out;
}

/** The media types of an operation: a custom resource's are apiextensions-apiserver's (no protobuf, no SMP). */
function mediaTypes(action: unknown, custom: boolean): { consumes: string[]; produces: string[] } {
  if (custom) return { consumes: action === 'patch' ? CRD_PATCH_TYPES : CRD_MEDIA_TYPES, produces: CRD_MEDIA_TYPES };
  return {
    consumes: action === 'patch' ? PATCH_TYPES : ['*/*'],
    produces: action === 'list' ? [...PRODUCES, ...WATCH_PRODUCES] : PRODUCES,
  };
}

function operation(op: JsonSchema, gv: GroupVersion, custom: boolean): JsonSchema {
  const action = op['x-kubernetes-action'];
  const media = mediaTypes(action, custom);
  const params = ((op.parameters ?? []) as JsonSchema[]).map(parameter);
  if (op.requestBody) params.unshift(bodyParameter(op.requestBody as JsonSchema, action));
  return {
    consumes: media.consumes,
    operationId: operationId(String(op.operationId), gv),
    ...(params.length > 0 ? { parameters: params } : {}),
    produces: media.produces,
    responses: responses((op.responses ?? {}) as JsonSchema, action, custom),
    schemes: ['https'],
    tags: [tagOf(gv)],
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': op['x-kubernetes-group-version-kind'],
  };
}

function pathItem(path: string, item: JsonSchema, customGroups: ReadonlySet<string>): JsonSchema {
  const gv = groupVersionOfPath(path);
  const out: JsonSchema = {};
  for (const method of METHODS)
    if (item[method]) out[method] = operation(item[method] as JsonSchema, gv, customGroups.has(gv.group));
  const params = (item.parameters ?? []) as JsonSchema[];
  if (params.length > 0) out.parameters = params.map(parameter);
  return out;
}

function legacyWatchPaths(def: AnyResourceDefinition, paths: Record<string, JsonSchema>): Record<string, JsonSchema> {
  const ns = def.scope === 'Namespaced' ? '/namespaces/{namespace}' : '';
  const list = paths[`${groupVersionPrefix(def.group, def.version)}${ns}/${def.resource}`]?.get as
    JsonSchema | undefined;
  // kube's /watch/ paths take every list parameter, `watch` included.
  return watchPaths(def, groupVersionWord(def), tagOf(def), (list?.parameters ?? []) as JsonSchema[]);
}

function sorted<T>(record: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/**
 * The Swagger 2.0 document of `defs` (every served resource, of all groups), as
 * buildOpenAPIDocument builds their v3 document: `extraSchemas` are the custom resources'
 * component schemas (keyed by definition name), converted as apiextensions-apiserver
 * converts them for v2; built-in kinds carry kube's patch markers. Paths and definitions
 * are sorted by name. Built anew on every call: the caller caches.
 */
export function buildSwaggerDocument(
  defs: readonly AnyResourceDefinition[],
  extraSchemas: Record<string, JsonSchema> = {},
): SwaggerDocument {
  const v3 = buildOpenAPIDocument(defs, extraSchemas);
  const custom = new Set(Object.keys(extraSchemas));
  const definitions: Record<string, JsonSchema> = {};
  for (const [name, schema] of Object.entries(v3.components.schemas))
    definitions[name] = toSwaggerSchema(schema, custom.has(name));
  definitions[PATCH] = {
    description: 'The body of a PATCH request, in the form its content type names.',
    type: 'object',
  };
  addPatchMarkers(definitions, custom);
  definitions[WATCH_EVENT] = WATCH_EVENT_SCHEMA;
  definitions[RAW_EXTENSION] ??= toSwaggerSchema(allComponentSchemas()[RAW_EXTENSION]);
  const paths: Record<string, JsonSchema> = {};
  // A custom resource's group holds custom resources only (CRDs cannot claim a built-in group).
  const customGroups = new Set(defs.filter((d) => custom.has(d.definitionName)).map((d) => d.group));
  for (const [path, item] of Object.entries(v3.paths)) paths[path] = pathItem(path, item, customGroups);
  // apiextensions-apiserver publishes no legacy /watch/ paths for custom resources.
  for (const def of defs) if (!custom.has(def.definitionName)) Object.assign(paths, legacyWatchPaths(def, paths));
  return {
    swagger: '2.0',
    info: { title: 'Kubernetes', version: OPENAPI_KUBERNETES_VERSION },
    paths: sorted(paths),
    definitions: sorted(definitions),
    securityDefinitions: {
      BearerToken: {
        description: 'Bearer Token authentication',
        in: 'header',
        name: 'authorization',
        type: 'apiKey',
      },
    },
    security: [{ BearerToken: [] }],
  };
}
