/**
 * OpenAPI served from the live registry: `/openapi/v3` (an index of one document per served
 * group/version) and `/openapi/v3/<api|apis/group>/<version>` (kubectl explain, apply's
 * fieldValidation check), and `/openapi/v2`, the Swagger 2.0 document of every served
 * resource, custom resources included (`kubectl explain --output plaintext-openapiv2`,
 * kubectl's client-side checks where /openapi/v3 does not answer for a kind, the patch
 * markers of `kubectl apply`, Terraform, helm). Each is built on first request after a
 * registry change, never at start.
 */
import type { FastifyInstance } from 'fastify';
import {
  buildOpenAPIDocument,
  buildSwaggerDocument,
  documentHash,
  type JsonSchema,
  openAPIPathKey,
  type OpenAPIDocument,
} from '@wheelhouse/api';
import { pathNotFound } from '../errors.js';
import { installSwagger, SwaggerBodies } from './openapi-v2.js';
import type { LiveRegistry } from '../registry/live-registry.js';
import type { ResourceDef, ServedGroupVersion } from '../registry/registry.js';

interface Built {
  body: string;
  hash: string;
}

/** The serialized documents, each built once per registry change (see LiveRegistry.derived). */
class OpenApiDocuments {
  constructor(private readonly registry: LiveRegistry) {}

  /** The document of a group/version (`api/v1`, `apis/apps/v1`), or undefined when nothing is served there. */
  get(key: string): Built | undefined {
    const gv = groupVersionOfKey(key);
    const served = gv && this.registry.groupVersion(gv.group, gv.version);
    // Keyed by what is served, never by an arbitrary path a client sends.
    return (
      served && this.registry.derived(`openapi:${openAPIPathKey(served.group, served.version)}`, () => build(served))
    );
  }

  /** The Swagger 2.0 document of everything served, in JSON and protobuf. */
  v2(): SwaggerBodies {
    return this.registry.derived('openapi:v2', () => {
      const resources = this.registry.resources();
      return new SwaggerBodies(
        buildSwaggerDocument(
          resources.map((r) => r.api),
          extraSchemas(resources),
        ),
      );
    });
  }

  /** The `/openapi/v3` index: every served group/version's document with its hash. */
  index(): { paths: Record<string, { serverRelativeURL: string }> } {
    return this.registry.derived('openapi:index', () => {
      const paths: Record<string, { serverRelativeURL: string }> = {};
      for (const gv of this.registry.groupVersions()) {
        const key = openAPIPathKey(gv.group, gv.version);
        paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${this.get(key)!.hash}` };
      }
      return { paths };
    });
  }
}

/** The component schemas the api package does not generate (custom resources'), keyed by definition name. */
function extraSchemas(resources: readonly ResourceDef[]): Record<string, JsonSchema> {
  return Object.assign({}, ...resources.map((r) => r.openAPISchemas ?? {})) as Record<string, JsonSchema>;
}

/** The serialized document of one served group/version and its hash. */
function build(served: ServedGroupVersion): Built {
  const doc: OpenAPIDocument = buildOpenAPIDocument(
    served.resources.map((r) => r.api),
    extraSchemas(served.resources),
  );
  return { body: JSON.stringify(doc), hash: documentHash(doc) };
}

/** `api/v1` -> core v1, `apis/apps/v1` -> apps v1; undefined for anything else. */
function groupVersionOfKey(key: string): { group: string; version: string } | undefined {
  const core = /^api\/([^/]+)$/.exec(key);
  if (core) return { group: '', version: core[1]! };
  const named = /^apis\/([^/]+)\/([^/]+)$/.exec(key);
  return named ? { group: named[1]!, version: named[2]! } : undefined;
}

/** Registers /openapi/v2 (JSON or protobuf), /openapi/v3 and the per-group/version v3 documents. */
export function installOpenApi(app: FastifyInstance, registry: LiveRegistry): void {
  const docs = new OpenApiDocuments(registry);
  installSwagger(app, () => docs.v2());
  app.get('/openapi/v3', async () => docs.index());
  app.get('/openapi/v3/*', async (req, reply) => {
    const doc = docs.get((req.params as Record<string, string>)['*'] ?? '');
    if (!doc) throw pathNotFound();
    return reply.type('application/json').send(doc.body);
  });
}
