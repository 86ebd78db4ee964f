/**
 * How kube-apiserver's filters classify a request before it reaches a handler: whether it
 * is long-running (a watch, or a streaming subresource such as pods/log), which the
 * request timeout and the inflight limits leave alone, and whether it is mutating
 * (anything but get, list and watch), which decides its inflight pool.
 */
import type { FastifyRequest } from 'fastify';
import { boolParam, type Query } from './query.js';

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
