/**
 * OpenAPI served from the live registry: `/openapi/v3` (an index of one document per served
 * group/version) and `/openapi/v3/<api|apis/group>/<version>` (kubectl explain, apply's
 * fieldValidation check), built once per registry change; and `/openapi/v2`, which
 * kubectl downloads for the client-side schema check it still makes where /openapi/v3 does
 * not answer for a kind (a `kind: List`, or a kind no server serves): an empty Swagger 2.0
 * document in protobuf (the only form kubectl asks for), so such checks find no schema and
 * leave validation to the server, and kubectl goes on to its own messages (such as "no
 * matches for kind"). Other media types get 404, as before.
 */
import type { FastifyInstance } from 'fastify';
import {
  buildOpenAPIDocument,
  documentHash,
  OPENAPI_KUBERNETES_VERSION,
  openAPIPathKey,
  type OpenAPIDocument,
} from '@wheelhouse/api';
import { pathNotFound } from '../errors.js';
import type { LiveRegistry } from '../registry/live-registry.js';
import type { ServedGroupVersion } from '../registry/registry.js';

/** The media type kubectl asks /openapi/v2 for (gnostic's openapi_v2.Document in protobuf). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';

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

/** The serialized document of one served group/version and its hash. */
function build(served: ServedGroupVersion): Built {
  const extra = Object.assign({}, ...served.resources.map((r) => r.openAPISchemas ?? {})) as Record<
    string,
    Record<string, unknown>
  >;
  const doc: OpenAPIDocument = buildOpenAPIDocument(
    served.resources.map((r) => r.api),
    extra,
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

/** A protobuf length-delimited field (wire type 2) holding `payload`. */
function lengthDelimited(field: number, payload: Buffer): Buffer {
  const len: number[] = [];
  let n = payload.length;
  do {
    len.push((n & 0x7f) | (n > 0x7f ? 0x80 : 0));
    n >>>= 7;
  } while (n > 0);
  return Buffer.concat([Buffer.from([(field << 3) | 2, ...len]), payload]);
}

/** openapi_v2.Document{swagger: "2.0", info: {title: "Kubernetes", version}} in protobuf. */
function swaggerProtobuf(): Buffer {
  const info = Buffer.concat([
    lengthDelimited(1, Buffer.from('Kubernetes')),
    lengthDelimited(2, Buffer.from(OPENAPI_KUBERNETES_VERSION)),
  ]);
  return Buffer.concat([lengthDelimited(1, Buffer.from('2.0')), lengthDelimited(2, info)]);
}

/** Registers /openapi/v2 (protobuf), /openapi/v3 and the per-group/version v3 documents. */
export function installOpenApi(app: FastifyInstance, registry: LiveRegistry): void {
  const docs = new OpenApiDocuments(registry);
  const v2 = swaggerProtobuf();
  app.get('/openapi/v2', async (req, reply) => {
    if (!(req.headers.accept ?? '').includes(OPENAPI_V2_PROTOBUF)) throw pathNotFound();
    return reply.header('content-type', OPENAPI_V2_PROTOBUF).send(v2);
  });
  app.get('/openapi/v3', async () => docs.index());
  app.get('/openapi/v3/*', async (req, reply) => {
    const doc = docs.get((req.params as Record<string, string>)['*'] ?? '');
    if (!doc) throw pathNotFound();
    return reply.type('application/json').send(doc.body);
  });
}
