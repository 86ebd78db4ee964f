/**
 * The API routes: `/api/<version>` and `/apis/<group>/<version>` answer the APIResourceList,
 * and every path under them is parsed into a Target and dispatched by verb. Which
 * group/versions and resources exist is read from the live registry on every request, so
 * resources added while the server runs (a CRD's) are served at once and removed ones 404.
 */
import { apiVersionOf, type ApiObject } from '@wheelhouse/api';
import { spreadWith } from '@wheelhouse/machinery';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';
import { ApiError, internalError, methodNotAllowed, pathNotFound } from '../errors.js';
import { labelRequest, type ApiMetrics, type RequestLabels } from './metrics.js';
import { resourceList } from './discovery.js';
import { deleteCollection, deleteObject } from '../handlers/deletion.js';
import { applyObject } from '../handlers/apply.js';
import { isApplyPatch } from '../handlers/patch.js';
import type { HandlerContext } from '../handlers/context.js';
import type { ObjectRequest, Reply } from '../handlers/object-request.js';
import { createObject, getObject, patchObject, updateObject } from '../handlers/crud.js';
import { filterOf, listObjects, type ListSources } from '../handlers/list.js';
import { objectBytes } from '../object.js';
import { subresourceHook, type StreamEndpoint } from '../registry/hooks.js';
import type { LiveRegistry } from '../registry/live-registry.js';
import type { ServedGroupVersion } from '../registry/registry.js';
import { boolParam, param, parseTarget, wantsTable, type Query, type Target } from './request.js';
import { includeObjectOf, renderTable } from './table.js';
import { listAsMetadata, type MetadataForm, metadataFormOf, objectAsMetadata } from './partial-metadata.js';
import { warningHeaders } from '../admission/warnings.js';
import { checkWatchParams, serveWatch, type WatchRequest, type WatchSettings } from '../watch/watch.js';
import { httpSink, wsSink, type WatchSink } from '../watch/sinks.js';

/** Everything the REST routes need. */
export interface ApiContext extends HandlerContext, ListSources {
  watch: WatchSettings;
  metrics: ApiMetrics;
  /** What is served right now. */
  registry: LiveRegistry;
}

function verbOf(t: Target, method: string, watching: boolean): string {
  if (watching) return 'WATCH';
  if (method === 'GET') return t.name === undefined ? 'LIST' : 'GET';
  if (method === 'DELETE' && t.name === undefined) return 'DELETECOLLECTION';
  return method;
}

function isWatch(t: Target, q: Query): boolean {
  return t.watchPrefix || boolParam(q, 'watch');
}

const COMMA = Buffer.from(',');
const LIST_END = Buffer.from(']}');

async function list(ctx: ApiContext, t: Target, q: Query, accept: string | undefined): Promise<Reply> {
  const res = await listObjects(ctx, t.def, t.namespace, q);
  const meta: { resourceVersion: string; continue?: string; remainingItemCount?: number } = {
    resourceVersion: String(res.revision),
  };
  if (res.continue) meta.continue = res.continue;
  if (res.remainingItemCount !== undefined) meta.remainingItemCount = res.remainingItemCount;
  const form = metadataFormOf(accept);
  if (form)
    return {
      code: 200,
      body: listAsMetadata(listTypeOf(t), meta, res.items, form),
    };
  if (wantsTable(accept))
    return {
      code: 200,
      body: renderTable(t.def, res.items, meta, {
        now: ctx.now(),
        include: includeObjectOf(param(q, 'includeObject')),
      }),
    };
  // Cached items keep their JSON bytes: a large LIST costs one copy, not serializing every object.
  const parts: Buffer[] = [
    Buffer.from(
      `{"kind":${JSON.stringify(t.def.listKind)},"apiVersion":${JSON.stringify(apiVersionOf(t.def))},"metadata":${JSON.stringify(meta)},"items":[`,
    ),
  ];
  res.items.forEach((o, i) => (i > 0 ? parts.push(COMMA, objectBytes(o)) : parts.push(objectBytes(o))));
  parts.push(LIST_END);
  return { code: 200, body: undefined, json: Buffer.concat(parts) };
}

/**
 * A watch's metadata form: each event's object is one object, so only PartialObjectMetadata
 * applies. Asked for a PartialObjectMetadataList, kube-apiserver fails each event's transform,
 * logs it and sends the object as it is; so does this server (without the log).
 */
function watchMetadataForm(accept: string | undefined): MetadataForm | undefined {
  const form = metadataFormOf(accept);
  return form?.kind === 'PartialObjectMetadata' ? form : undefined;
}

/** Checks a watch request's parameters (throws 4xx before anything is streamed). */
function watchRequest(t: Target, req: FastifyRequest): WatchRequest {
  const q = { ...(req.query as Query) };
  if (t.name !== undefined)
    q.fieldSelector = [param(q, 'fieldSelector'), `metadata.name=${t.name}`].filter(Boolean).join(',');
  filterOf(t.def, q);
  checkWatchParams(q);
  const render = {
    table: wantsTable(req.headers.accept),
    include: includeObjectOf(param(q, 'includeObject')),
    metadata: watchMetadataForm(req.headers.accept),
  };
  return { r: t.def, namespace: t.namespace, query: q, render };
}

async function streamWatch(ctx: ApiContext, t: Target, w: WatchRequest, sink: WatchSink): Promise<void> {
  const done = ctx.metrics.watchStarted(labelsOf(t, 'WATCH'));
  sink.onClose(() => {
    done();
    ctx.metrics.observe(labelsOf(t, 'WATCH'), 200, 0);
  });
  try {
    await serveWatch(ctx.watch, w, sink);
  } catch (err) {
    ctx.watch.log.error({ err }, 'watch failed');
    sink.end();
  }
}

async function watch(ctx: ApiContext, t: Target, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!t.def.verbs.includes('watch') || t.subresource !== undefined) throw methodNotAllowed('WATCH', t.def.kind);
  const w = watchRequest(t, req);
  reply.hijack();
  await streamWatch(ctx, t, w, httpSink(reply.raw));
}

/** The same watch over a WebSocket (a GET that asked to upgrade): errors are sent as a Status message. */
async function wsWatch(ctx: ApiContext, socket: WebSocket, req: FastifyRequest): Promise<void> {
  try {
    const t = parseTarget(servedGroupVersion(ctx, req), pathSegments(req));
    labelRequest(req, labelsOf(t, 'WATCH'));
    await streamWatch(ctx, t, watchRequest(t, req), wsSink(socket));
  } catch (err) {
    const status = err instanceof ApiError ? err.toStatus() : internalError(err).toStatus();
    socket.send(JSON.stringify({ type: 'ERROR', object: status }));
    socket.close(1000);
  }
}

function pathSegments(req: FastifyRequest): string[] {
  return ((req.params as Record<string, string>)['*'] ?? '')
    .split('/')
    .filter((s, i, all) => s !== '' || i < all.length - 1);
}

function asTable(ctx: ApiContext, t: Target, out: Reply, req: FastifyRequest): Reply {
  const body = out.body as ApiObject;
  if (!wantsTable(req.headers.accept) || t.subresource === 'scale') return out;
  const include = includeObjectOf(param(req.query as Query, 'includeObject'));
  // A list a kind's own hook answered (componentstatuses).
  const items = (body as { items?: unknown } | undefined)?.items;
  if (body?.kind === t.def.listKind && Array.isArray(items))
    return {
      ...out,
      body: renderTable(t.def, items as ApiObject[], { resourceVersion: '' }, { now: ctx.now(), include }),
    };
  if (body?.kind !== t.def.kind) return out;
  return {
    code: out.code,
    body: renderTable(
      t.def,
      [body],
      { resourceVersion: body.metadata.resourceVersion ?? '' },
      { now: ctx.now(), include },
    ),
  };
}

/** The Kubernetes verb of a request on the main resource (subresources carry their own verbs). */
function kubeVerb(method: string, collection: boolean): string {
  if (method === 'GET') return collection ? 'list' : 'get';
  if (method === 'DELETE') return collection ? 'deletecollection' : 'delete';
  return ({ POST: 'create', PUT: 'update', PATCH: 'patch' } as Record<string, string>)[method] ?? method.toLowerCase();
}

function route(ctx: ApiContext, t: Target, req: FastifyRequest): Promise<Reply> {
  const r: ObjectRequest = {
    target: t,
    query: req.query as Query,
    body: req.body,
    contentType: req.headers['content-type'],
    userAgent: req.headers['user-agent'],
  };
  const collection = t.name === undefined;
  const allowed =
    t.subresource === undefined
      ? t.def.verbs
      : (t.def.api.subresources.find((s) => s.name === t.subresource)?.verbs ?? []);
  if (!allowed.includes(kubeVerb(req.method, collection) as never)) throw methodNotAllowed(req.method, t.def.kind);
  const hooks = ctx.hooks(t.def);
  // A kind may serve its main resource itself (bindings: the older form of pods/{name}/binding).
  if (hooks.serve && t.subresource === undefined) return hooks.serve(r);
  switch (req.method) {
    case 'GET':
      return collection ? list(ctx, t, r.query, req.headers.accept) : getObject(ctx, r);
    case 'POST': {
      if (collection && t.subresource === undefined) return createObject(ctx, r);
      const post = subresourceHook(hooks.postSubresource, t.subresource);
      if (post) return post(r);
      break;
    }
    case 'PUT':
      if (!collection) return updateObject(ctx, r);
      break;
    case 'PATCH':
      if (!collection) return isApplyPatch(r.contentType) ? applyObject(ctx, r) : patchObject(ctx, r);
      break;
    case 'DELETE':
      if (t.subresource === undefined) return collection ? deleteCollection(ctx, r) : deleteObject(ctx, r);
      break;
  }
  throw methodNotAllowed(req.method, t.def.kind);
}

/** Names a streamed subresource may have: a cheap test before parsing a path. */
const STREAMED_NAMES: ReadonlySet<string> = new Set(['log', 'exec', 'attach', 'portforward']);

/** The group/version a request's path names (`/api/:version`, `/apis/:group/:version`); 404 if it is not served. */
function servedGroupVersion(ctx: ApiContext, req: FastifyRequest): ServedGroupVersion {
  const p = req.params as { group?: string; version?: string };
  const gv = ctx.registry.groupVersion(p.group ?? '', p.version ?? '');
  if (!gv) throw pathNotFound();
  return gv;
}

/** The streamed subresource a request names (pods/log, pods/exec), if any; unparseable paths are left to dispatch. */
function streamOf(ctx: ApiContext, gv: ServedGroupVersion, req: FastifyRequest): [Target, StreamEndpoint] | undefined {
  let t: Target;
  try {
    t = parseTarget(gv, pathSegments(req));
  } catch {
    return undefined;
  }
  const endpoint = subresourceHook(ctx.hooks(t.def).stream, t.name === undefined ? undefined : t.subresource);
  return endpoint && [t, endpoint];
}

/**
 * Serves streamed subresources before the route handler, because an upgrade request
 * (kubectl exec over SPDY or WebSocket) must be relayed, not accepted here. The upstream
 * is opened first, so refusals are ordinary Status errors; then the reply is hijacked and
 * the relay answers.
 */
async function serveStream(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply) {
  const last = req.url.split('?', 1)[0]!.split('/').pop() ?? '';
  if (!STREAMED_NAMES.has(last)) return;
  const gv = ctx.registry.groupVersion(
    (req.params as { group?: string }).group ?? '',
    (req.params as { version?: string }).version ?? '',
  );
  if (!gv) return;
  const found = streamOf(ctx, gv, req);
  if (!found) return;
  const [t, endpoint] = found;
  labelRequest(req, labelsOf(t, 'CONNECT'));
  const allowed = t.def.api.subresources.find((s) => s.name === t.subresource)?.verbs ?? [];
  if (!allowed.includes(kubeVerb(req.method, false) as never)) throw methodNotAllowed(req.method, t.def.kind);
  const relay = await endpoint({ target: t, query: req.query as Query, raw: req.raw });
  reply.hijack();
  relay(reply.raw);
}

/** A served group/version's APIResourceList, built once per registry change. */
function servedResourceList(ctx: ApiContext, gv: ServedGroupVersion): Record<string, unknown> {
  return ctx.registry.derived(`APIResourceList:${apiVersionOf(gv)}`, () => resourceList(gv));
}

function labelsOf(t: Target, verb: string): RequestLabels {
  return { verb, group: t.def.group, version: t.def.version, resource: t.def.plural, subresource: t.subresource ?? '' };
}

/** Kubernetes sends warnings (e.g. dropped unknown fields) as `Warning: 299 - "text"` headers. */
function sendWarnings(reply: FastifyReply, warnings: readonly string[]): void {
  const headers = warningHeaders(warnings);
  if (headers.length > 0) void reply.header('Warning', headers);
}

/** `ctx` for one request whose admission adds its warnings to `warnings`. */
function withWarnings(ctx: ApiContext, warnings: string[]): ApiContext {
  return {
    ...ctx,
    admit: (def, obj, namespace, attrs) => ctx.admit(def, obj, namespace, spreadWith(attrs, { warnings })),
  };
}

async function dispatch(ctx: ApiContext, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  const gv = servedGroupVersion(ctx, req);
  const segments = pathSegments(req);
  // `/api/v1/` (trailing slash): the resource list, as `/api/v1`.
  if (segments.length === 0 && req.method === 'GET') return void (await reply.send(servedResourceList(ctx, gv)));
  const t = parseTarget(gv, segments);
  const watching = req.method === 'GET' && isWatch(t, req.query as Query);
  labelRequest(req, labelsOf(t, verbOf(t, req.method, watching)));
  if (watching) return watch(ctx, t, req, reply);
  // Admission adds warnings to the request it runs for (writes only); they are sent on a refusal too.
  const admissionWarnings: string[] = [];
  let out: Awaited<ReturnType<typeof route>>;
  try {
    out = await route(req.method === 'GET' ? ctx : withWarnings(ctx, admissionWarnings), t, req);
  } catch (err) {
    sendWarnings(reply, admissionWarnings);
    throw err;
  }
  sendWarnings(reply, [...(out.warnings ?? []), ...admissionWarnings]);
  if (out.json !== undefined)
    return void (await reply.code(out.code).type('application/json; charset=utf-8').send(out.json));
  await reply.code(out.code).send(asMetadata(t, asTable(ctx, t, out, req), req).body);
}

/** A response in the metadata-only form the request asks for (partial-metadata.ts); a Status as it is. */
function asMetadata(t: Target, out: Reply, req: FastifyRequest): Reply {
  const form = metadataFormOf(req.headers.accept);
  const body = out.body as ApiObject | undefined;
  if (!form || !body || typeof body !== 'object' || !body.metadata) return out;
  // A Status as it is; a LIST is in its form already.
  if (body.kind === 'Status' || body.kind?.startsWith('PartialObjectMetadata')) return out;
  if (body.kind === t.def.listKind) {
    const items = (body as unknown as { items?: ApiObject[] }).items ?? [];
    return { code: out.code, body: listAsMetadata(listTypeOf(t), body.metadata, items, form) };
  }
  return { code: out.code, body: objectAsMetadata(body, form, t.def.crd !== undefined) };
}

/** The target's list type, for partial-metadata.ts's 406. */
function listTypeOf(t: Target): { apiVersion: string; kind: string; custom: boolean } {
  return { apiVersion: apiVersionOf(t.def), kind: t.def.listKind, custom: t.def.crd !== undefined };
}

/** The fastify plugin serving every group/version the registry holds, under `/api/<version>` and `/apis/<group>/<version>`. */
export function apiPlugin(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.addHook('preHandler', (req, reply) => serveStream(ctx, req, reply));
    for (const prefix of ['/api/:version', '/apis/:group/:version']) {
      app.get(prefix, async (req) => servedResourceList(ctx, servedGroupVersion(ctx, req)));
      app.route({
        method: 'GET',
        url: `${prefix}/*`,
        handler: (req, reply) => dispatch(ctx, req, reply),
        wsHandler: (socket, req) => wsWatch(ctx, socket, req),
      });
      app.route({
        method: ['POST', 'PUT', 'PATCH', 'DELETE'],
        url: `${prefix}/*`,
        handler: (req, reply) => dispatch(ctx, req, reply),
      });
    }
  };
}
