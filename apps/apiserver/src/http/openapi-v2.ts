/**
 * `/openapi/v2` as kube-apiserver (kube-openapi's handler) answers it: the Swagger 2.0
 * document in JSON for `Accept: application/json`, `*\/*` or no Accept, in protobuf
 * (gnostic's openapi_v2.Document, sent as `application/com.github.proto-openapi.spec.v2.v1.0+protobuf`)
 * for either spelling of its protobuf media type, 406 for anything else; an
 * `ETag` (the quoted SHA-512 of the JSON form, shared by both forms) and 304 Not Modified
 * for a matching `If-None-Match`.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { SwaggerDocument } from '@wheelhouse/api';
import { encodeSwaggerProtobuf } from './openapi-v2-protobuf.js';

/** The media type kubectl asks /openapi/v2 for (gnostic's openapi_v2.Document in protobuf). */
export const OPENAPI_V2_PROTOBUF = 'application/com.github.proto-openapi.spec.v2@v1.0+protobuf';
/** The same, in the spelling kube answers with (and newer clients ask for). */
export const OPENAPI_V2_PROTOBUF_DOTTED = 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf';

/** The serialized forms of one Swagger document; the protobuf form is encoded on first use. */
export class SwaggerBodies {
  readonly json: string;
  readonly etag: string;
  private pb: Buffer | undefined;

  constructor(private readonly doc: SwaggerDocument) {
    this.json = JSON.stringify(doc);
    this.etag = `"${createHash('sha512').update(this.json).digest('hex').toUpperCase()}"`;
  }

  /** gnostic's openapi_v2.Document in protobuf. */
  get protobuf(): Buffer {
    this.pb ??= encodeSwaggerProtobuf(this.doc);
    return this.pb;
  }
}

interface Clause {
  type: string;
  q: number;
}

/** How specific a media range is: `*\/*` 0, `application/*` 1, `application/json` 2. */
function specificity(range: string): number {
  return range.split('/').filter((part) => part !== '*').length;
}

/** The media ranges of an Accept header, best first: by weight, then the more specific (as goautoneg sorts). */
function acceptClauses(accept: string | undefined): Clause[] {
  const clauses = (accept?.trim() ? accept : '*/*').split(',').map((part) => {
    const [type = '', ...params] = part.split(';').map((p) => p.trim());
    const q = params.find((p) => p.startsWith('q='));
    // goautoneg reads a bare `*` as `*/*`.
    return { type: type === '*' ? '*/*' : type.toLowerCase(), q: q ? Number(q.slice(2)) : 1 };
  });
  return clauses.filter((c) => c.q > 0).sort((a, b) => b.q - a.q || specificity(b.type) - specificity(a.type));
}

function matches(range: string, type: string): boolean {
  const [rt, rs] = range.split('/');
  const [tt, ts] = type.split('/');
  return (rt === '*' || rt === tt) && (rs === '*' || rs === ts);
}

/** The media type to answer with, or undefined (406). */
function negotiate(accept: string | undefined): string | undefined {
  for (const clause of acceptClauses(accept)) {
    for (const type of ['application/json', OPENAPI_V2_PROTOBUF, OPENAPI_V2_PROTOBUF_DOTTED])
      if (matches(clause.type, type)) return type;
  }
  return undefined;
}

function notModified(ifNoneMatch: string | undefined, etag: string): boolean {
  if (ifNoneMatch === undefined) return false;
  return ifNoneMatch
    .split(',')
    .map((t) => t.trim().replace(/^W\//, ''))
    .some((t) => t === '*' || t === etag);
}

function serve(req: FastifyRequest, reply: FastifyReply, bodies: SwaggerBodies): FastifyReply {
  const type = negotiate(req.headers.accept);
  reply.header('vary', 'Accept');
  if (type === undefined) return reply.code(406).send();
  reply.header('etag', bodies.etag);
  if (notModified(req.headers['if-none-match'], bodies.etag)) return reply.code(304).send();
  if (type === 'application/json') return reply.type('application/json').send(bodies.json);
  // Go's mime parser refuses the `@` spelling, so both protobuf types answer with the dotted one.
  return reply.type(OPENAPI_V2_PROTOBUF_DOTTED).send(bodies.protobuf);
}

/** Registers GET /openapi/v2, answered from `bodies()` (called per request; the caller caches). */
export function installSwagger(app: FastifyInstance, bodies: () => SwaggerBodies): void {
  app.get('/openapi/v2', async (req, reply) => serve(req, reply, bodies()));
}
