/**
 * Reading a request: which resource/namespace/name/subresource a path names (like
 * kube-apiserver's RequestInfo) and the common query parameters. Query values are read
 * by query.ts and bodies decoded by body.ts; both are re-exported here for the handlers.
 */
import type { FieldValidationMode } from '@wheelhouse/api';
import { badRequest, pathNotFound } from '../errors.js';
import type { ServedGroupVersion, ResourceDef } from '../registry/registry.js';
import { param, type Query } from './query.js';

export { boolParam, intParam, param, type Query } from './query.js';
export { decodeBody, parseJson } from './body.js';

/** What a resource path names. `namespace` is undefined for cluster-wide requests. */
export interface Target {
  def: ResourceDef;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
  /** The path used the legacy `/watch/` prefix. */
  watchPrefix: boolean;
}

function decodeSegment(x: string): string {
  try {
    return decodeURIComponent(x);
  } catch (err) {
    throw badRequest(`malformed path segment: ${x}`, err);
  }
}

function resolve(gv: ServedGroupVersion, plural: string | undefined): ResourceDef {
  const def = gv.resources.find((r) => r.plural === plural);
  if (!def) throw pathNotFound();
  return def;
}

const NAMESPACE_SUBRESOURCES = new Set(['status', 'finalize']);

/**
 * Parses the path segments after `/api/v1` or `/apis/<group>/<version>`. Throws 404
 * for paths that name nothing served.
 */
export function parseTarget(gv: ServedGroupVersion, segments: string[]): Target {
  const watchPrefix = segments[0] === 'watch';
  const s = (watchPrefix ? segments.slice(1) : segments).map(decodeSegment);
  const [a, b, c, d, e] = s;
  const nsScoped =
    a === 'namespaces' &&
    b !== undefined &&
    c !== undefined &&
    !(s.length === 3 && NAMESPACE_SUBRESOURCES.has(c) && gv.group === '');
  const out = nsScoped
    ? { def: resolve(gv, c), namespace: b, name: d, subresource: e, watchPrefix, extra: s.length > 5 }
    : { def: resolve(gv, a), namespace: undefined, name: b, subresource: c, watchPrefix, extra: s.length > 3 };
  if (out.extra || out.name === '' || (out.namespace !== undefined && !out.def.namespaced)) throw pathNotFound();
  if (out.subresource !== undefined && !subresourceServed(out.def, out.subresource)) throw pathNotFound();
  return { def: out.def, namespace: out.namespace, name: out.name, subresource: out.subresource, watchPrefix };
}

function subresourceServed(def: ResourceDef, sub: string): boolean {
  return def.api.subresources.some((s) => s.name === sub);
}

/** `dryRun=All` → true; absent → false; anything else → 400. */
export function dryRunParam(q: Query): boolean {
  const v = q.dryRun;
  const values = v === undefined ? [] : Array.isArray(v) ? v : [v];
  for (const x of values)
    if (x !== 'All') throw badRequest(`unsupported dry run option "${x}": only "All" is supported`);
  return values.length > 0;
}

/** The `fieldValidation` mode (default Warn, as kube-apiserver); throws 400 on an unknown value. */
export function fieldValidationOf(q: Query): FieldValidationMode {
  const v = param(q, 'fieldValidation');
  if (v === undefined || v === '') return 'Warn';
  if (v === 'Strict' || v === 'Warn' || v === 'Ignore') return v;
  throw badRequest(`fieldValidation must be one of Strict, Warn or Ignore, got "${v}"`);
}

/** True if the Accept header asks for a `meta.k8s.io` Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const p = part.replace(/\s+/g, '');
    return p.includes('as=Table') && p.includes('g=meta.k8s.io') && p.startsWith('application/json');
  });
}
