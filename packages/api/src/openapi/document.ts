/** OpenAPI v3 documents per group/version and the `/openapi/v3` index that points at them. */
import { createHash } from 'node:crypto';
import { resourcesIn, groupVersions } from '../registry/registry.js';
import type { AnyResourceDefinition } from '../registry/types.js';
import { componentClosure, describedSchema, ref, type JsonSchema } from './components.js';
import { resourcePaths, SUBRESOURCE_DEFINITIONS } from './paths.js';

/** An OpenAPI 3.0 document. */
export interface OpenAPIDocument {
  openapi: string;
  info: { title: string; version: string };
  paths: Record<string, JsonSchema>;
  components: { schemas: Record<string, JsonSchema> };
}

/** The Kubernetes version the documents claim (matches what /version answers). */
export const OPENAPI_KUBERNETES_VERSION = 'v1.32.0';

/** Each definition's list schema, described once (definitions outlive the documents built from them). */
const listSchemas = new WeakMap<AnyResourceDefinition, JsonSchema>();

function listSchema(def: AnyResourceDefinition): JsonSchema {
  let schema = listSchemas.get(def);
  if (schema === undefined) {
    schema = describedSchema(`${def.definitionName}List`, plainListSchema(def));
    listSchemas.set(def, schema);
  }
  return schema;
}

function plainListSchema(def: AnyResourceDefinition): JsonSchema {
  return {
    description: `${def.listKind} is a list of ${def.kind} objects.`,
    type: 'object',
    required: ['items'],
    properties: {
      apiVersion: { type: 'string' },
      kind: { type: 'string' },
      metadata: ref('io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta'),
      items: { type: 'array', items: ref(def.definitionName) },
    },
    'x-kubernetes-group-version-kind': [{ group: def.group, version: def.version, kind: def.listKind }],
  };
}

/**
 * The OpenAPI v3 document of one group/version (`""`/`v1` for the core group), or
 * undefined when nothing is served there. Its paths carry `x-kubernetes-group-version-kind`
 * and accept `fieldValidation`, which is what kubectl checks before relying on the server
 * for strict validation; its component schemas carry the kinds' GVKs for `kubectl explain`.
 * Documents are built once and cached: callers must not mutate them.
 */
export function openAPIDocument(group: string, version: string): OpenAPIDocument | undefined {
  const key = `${group}/${version}`;
  if (!documents.has(key)) documents.set(key, buildDocument(group, version));
  return documents.get(key);
}

const documents = new Map<string, OpenAPIDocument | undefined>();

function buildDocument(group: string, version: string): OpenAPIDocument | undefined {
  const defs = resourcesIn(group, version);
  return defs.length === 0 ? undefined : buildOpenAPIDocument(defs);
}

/**
 * The OpenAPI v3 document of the definitions of one group/version, as openAPIDocument
 * builds it, for a set of definitions the caller keeps (a server whose resources change
 * while it runs). `extraSchemas` supplies component schemas the api package does not
 * generate (a custom resource's, keyed by its definitionName); they take precedence.
 * Built anew on every call: the caller caches.
 */
export function buildOpenAPIDocument(
  defs: readonly AnyResourceDefinition[],
  extraSchemas: Record<string, JsonSchema> = {},
): OpenAPIDocument {
  const paths: Record<string, JsonSchema> = {};
  for (const def of defs) Object.assign(paths, resourcePaths(def));
  const lists = { ...Object.fromEntries(defs.map((d) => [`${d.definitionName}List`, listSchema(d)])), ...extraSchemas };
  const roots = [
    ...defs.map((d) => d.definitionName),
    ...Object.keys(lists),
    ...defs.flatMap((d) => d.subresources.map((s) => SUBRESOURCE_DEFINITIONS[s.kind] ?? d.definitionName)),
    'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
    'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  ];
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: OPENAPI_KUBERNETES_VERSION },
    paths,
    components: { schemas: componentClosure(roots, lists) },
  };
}

/** The index key of a group/version: `api/v1` or `apis/<group>/<version>`. */
export function openAPIPathKey(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** A stable content hash of a document (uppercase hex SHA-512, as Kubernetes' etags). */
export function documentHash(doc: OpenAPIDocument): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}

/** The `/openapi/v3` index: `{paths: {"api/v1": {serverRelativeURL: "/openapi/v3/api/v1?hash=..."}, ...}}`. */
export function openAPIIndex(): { paths: Record<string, { serverRelativeURL: string }> } {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const gv of groupVersions()) {
    const doc = openAPIDocument(gv.group, gv.version);
    if (!doc) continue;
    const key = openAPIPathKey(gv.group, gv.version);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${documentHash(doc)}` };
  }
  return { paths };
}
