/**
 * How kube-apiserver's filters classify a request before it reaches a handler: whether it
 * is long-running (a watch, or a streaming subresource such as pods/log), which the
 * request timeout and the inflight limits leave alone, and whether it is mutating
 * (anything but get, list and watch), which decides its inflight pool.
 */
import type { FastifyRequest } from 'fastify';
import { boolParam, type Query } from './query.js';
import type { RequestLabels } from './metrics.js';

/** Subresources of a namespace itself (`namespaces/<name>/status`), not a namespaced resource. */
const NAMESPACE_SUBRESOURCES: ReadonlySet<string> = new Set(['status', 'finalize']);

/** Subresources kube-apiserver serves as long-running streams. */
const LONG_RUNNING_SUBRESOURCES: ReadonlySet<string> = new Set(['attach', 'exec', 'log', 'portforward', 'proxy']);

/** Path segments after `/api/<version>` or `/apis/<group>/<version>`; undefined for non-resource paths. */
function resourceSegments(url: string): string[] | undefined {
  const segs = url.split('?')[0]!.split('/').filter(Boolean);
  if (segs[0] === 'api') return segs.slice(2);
  if (segs[0] === 'apis') return segs.slice(3);
  return undefined;
}

/** The subresource a resource path names, if any (`namespaces/x/pods/p/log` or `nodes/n/proxy`). */
function subresourceOf(rest: string[]): string | undefined {
  if (rest[0] === 'namespaces' && rest.length >= 5) return rest[4];
  return rest.length === 3 ? rest[2] : undefined;
}

/** True for watches (`/watch/` paths, `watch=` on a GET, WebSocket upgrades) and streaming subresources. */
export function isLongRunning(req: FastifyRequest): boolean {
  if (req.headers.upgrade !== undefined) return true;
  const rest = resourceSegments(req.url);
  if (rest === undefined) return false;
  if (rest[0] === 'watch') return true;
  if (req.method === 'GET' && boolParam(req.query as Query, 'watch')) return true;
  const sub = subresourceOf(rest);
  return sub !== undefined && LONG_RUNNING_SUBRESOURCES.has(sub);
}

/** True unless the method only reads (GET and HEAD: kube's get, list and watch verbs). */
export function isMutating(method: string): boolean {
  return method !== 'GET' && method !== 'HEAD';
}

/** Group and version a resource path names (`/api/v1` → ['', 'v1'], `/apis/apps/v1` → ['apps', 'v1']). */
function groupVersionOf(url: string): [string, string] {
  const segs = url.split('?')[0]!.split('/').filter(Boolean);
  return segs[0] === 'api' ? ['', segs[1] ?? ''] : [segs[1] ?? '', segs[2] ?? ''];
}

/** Resource, name and subresource of the segments after the group/version, as kube's RequestInfo reads them. */
function resourceOf(rest: string[]): { resource: string; name?: string; subresource: string } {
  const parts = rest[0] === 'watch' ? rest.slice(1) : rest;
  const [a, b, c] = parts;
  const namespaced = a === 'namespaces' && b !== undefined && c !== undefined && !NAMESPACE_SUBRESOURCES.has(c);
  const [resource, name, subresource] = namespaced ? parts.slice(2) : parts;
  return { resource: resource ?? '', name, subresource: subresource ?? '' };
}

/**
 * The metric labels of a request judged from its method and path alone, before any
 * handler ran: what kube-apiserver's RequestInfo gives the filters that refuse a request
 * (the inflight limit counts its 429s under these). The verb is canonical (LIST for a GET
 * without a name, WATCH, DELETECOLLECTION); non-resource paths get empty group, version
 * and resource.
 */
export function requestLabelsOf(req: FastifyRequest): RequestLabels {
  const rest = resourceSegments(req.url);
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  if (rest === undefined || rest.length === 0)
    return { verb: method, group: '', version: '', resource: '', subresource: '' };
  const [group, version] = groupVersionOf(req.url);
  const { resource, name, subresource } = resourceOf(rest);
  return { verb: canonicalVerb(req, method, rest[0] === 'watch', name), group, version, resource, subresource };
}

function canonicalVerb(req: FastifyRequest, method: string, watchPrefix: boolean, name: string | undefined): string {
  if (method === 'GET' && (watchPrefix || boolParam(req.query as Query, 'watch'))) return 'WATCH';
  if (method === 'GET') return name === undefined ? 'LIST' : 'GET';
  if (method === 'DELETE' && name === undefined) return 'DELETECOLLECTION';
  return method;
}
