/**
 * Reading a request: which resource/namespace/name/subresource a path names (like
 * kube-apiserver's RequestInfo), the common query parameters, and the body (JSON, YAML or
 * Kubernetes protobuf).
 */
import yaml from 'js-yaml';
import { decodeProtobufObject, type FieldValidationMode } from '@wheelhouse/api';
import { isMachineryError, PROTOBUF_MEDIA_TYPE } from '@wheelhouse/machinery';
import { badRequest, pathNotFound, unsupportedMediaType } from '../errors.js';
import type { ServedGroupVersion, ResourceDef } from '../registry/registry.js';

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

/** Query parameters as fastify gives them (repeated keys become arrays). */
export type Query = Record<string, string | string[] | undefined>;

/** The single value of a query parameter (the first if repeated). */
export function param(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A non-negative integer query parameter; throws 400 on anything else. */
export function intParam(q: Query, name: string): number | undefined {
  const v = param(q, name);
  if (v === undefined || v === '') return undefined;
  if (!/^\d+$/.test(v)) throw badRequest(`invalid value for ${name}: "${v}" is not a non-negative integer`);
  return Number(v);
}

/** A boolean query parameter (`true`, `1`, `false`, `0`); throws 400 otherwise. */
export function boolParam(q: Query, name: string): boolean {
  const v = param(q, name);
  if (v === undefined || v === '' || v === 'false' || v === '0') return false;
  if (v === 'true' || v === '1') return true;
  throw badRequest(`invalid value for ${name}: "${v}" is not a boolean`);
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

function mediaType(contentType: string | undefined): string {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase();
}

/**
 * Decodes a create/update body: JSON (also without a Content-Type), YAML, or Kubernetes
 * protobuf (decoded to the object the same request would carry as JSON). Throws 400 on
 * malformed input and 415 on other media types.
 */
export function decodeBody(raw: unknown, contentType: string | undefined): unknown {
  const buf = Buffer.isBuffer(raw) ? raw : Buffer.alloc(0);
  const mt = mediaType(contentType);
  if (mt === 'application/yaml' || mt === 'application/apply-patch+yaml') return parseYaml(buf);
  if (mt === '' || mt === 'application/json' || mt.endsWith('+json')) return parseJson(buf);
  if (mt === PROTOBUF_MEDIA_TYPE) return parseProtobuf(buf);
  throw unsupportedMediaType(mt);
}

function parseProtobuf(buf: Buffer): unknown {
  if (buf.length === 0) throw badRequest('the request body is empty');
  try {
    return decodeProtobufObject(buf);
  } catch (err) {
    if (isMachineryError(err)) throw badRequest(err.message, err);
    throw err;
  }
}

/** Parses JSON; throws 400 with the parser's complaint. */
export function parseJson(buf: Buffer): unknown {
  if (buf.length === 0) throw badRequest('the request body is empty');
  let doc: unknown;
  try {
    doc = JSON.parse(buf.toString('utf8'));
  } catch (err) {
    throw badRequest(`the body of the request could not be decoded as JSON: ${(err as Error).message}`, err);
  }
  checkShape(doc);
  return doc;
}

/** Most values a decoded body may have: YAML aliases can make a small body expand without bound. */
const MAX_NODES = 1_000_000;
/** Deepest nesting accepted (Kubernetes' JSON decoder stops at 10000; objects are far shallower). */
const MAX_DEPTH = 1000;

/** Throws 400 for bodies that are too deep or expand to too many values. Iterative: no recursion limits. */
function checkShape(doc: unknown): void {
  const stack: Array<[unknown, number]> = [[doc, 0]];
  let nodes = 0;
  while (stack.length) {
    const [v, depth] = stack.pop()!;
    if (++nodes > MAX_NODES) throw badRequest('the body expands to too many values');
    if (depth > MAX_DEPTH) throw badRequest(`the body is nested deeper than ${MAX_DEPTH} levels`);
    if (v && typeof v === 'object') for (const x of Object.values(v)) stack.push([x, depth + 1]);
  }
}

function parseYaml(buf: Buffer): unknown {
  if (buf.length === 0) throw badRequest('the request body is empty');
  let doc: unknown;
  try {
    doc = yaml.load(buf.toString('utf8'));
  } catch (err) {
    throw badRequest(
      `the body of the request could not be decoded as YAML: ${(err as Error).message.split('\n')[0]}`,
      err,
    );
  }
  checkShape(doc);
  return doc;
}

/** True if the Accept header asks for a `meta.k8s.io` Table. */
export function wantsTable(accept: string | undefined): boolean {
  if (!accept) return false;
  return accept.split(',').some((part) => {
    const p = part.replace(/\s+/g, '');
    return p.includes('as=Table') && p.includes('g=meta.k8s.io') && p.startsWith('application/json');
  });
}
