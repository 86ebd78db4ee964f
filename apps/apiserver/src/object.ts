/** Small helpers for Kubernetes objects as the apiserver handles them (plain JSON). */
import type { ApiObject } from '@wheelhouse/api';

const frozenJson = new WeakMap<object, Buffer>();

/**
 * `JSON.stringify(obj)` as UTF-8 bytes, remembered for frozen objects (the watch
 * cache's, which never change): a LIST or watch event serializes and encodes each
 * cached object once, not per request or per watcher.
 */
export function objectBytes(obj: ApiObject): Buffer {
  if (!Object.isFrozen(obj)) return Buffer.from(JSON.stringify(obj));
  let json = frozenJson.get(obj);
  if (json === undefined) frozenJson.set(obj, (json = Buffer.from(JSON.stringify(obj))));
  return json;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a dotted path such as `spec.replicas`; undefined when any step is missing. */
export function pathGet(obj: unknown, path: string): unknown {
  let cur: unknown = obj;
  for (const part of path.split('.')) {
    if (!isRecord(cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

/** A deep copy of a JSON value (objects from caches are never mutated: copy first). */
export function clone<T>(v: T): T {
  return structuredClone(v);
}

/** Deep equality of two JSON values. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a)) return Array.isArray(b) && a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (!isRecord(a) || !isRecord(b)) return false;
  const ka = Object.keys(a).filter((k) => a[k] !== undefined);
  const kb = Object.keys(b).filter((k) => b[k] !== undefined);
  return ka.length === kb.length && ka.every((k) => jsonEqual(a[k], b[k]));
}

// The number literals of a JSON request body that JSON.parse cannot hand on faithfully
// (`1e-400`, `1.0`, integers past 2^53), keyed by the parsed document, so the kind's
// decoder can refuse them for integer fields as Go's decoder does.
const bodyLiterals = new WeakMap<object, ReadonlyMap<string, string>>();

/** Remembers `literals` (JSON pointer -> literal text) for the parsed body `doc`. An empty map is not kept. */
export function rememberNumberLiterals(doc: unknown, literals: ReadonlyMap<string, string>): void {
  if (literals.size > 0 && typeof doc === 'object' && doc !== null) bodyLiterals.set(doc, literals);
}

/** The number literals remembered for `doc` (see {@link rememberNumberLiterals}), if any. */
export function numberLiteralsOf(doc: unknown): ReadonlyMap<string, string> | undefined {
  return typeof doc === 'object' && doc !== null ? bodyLiterals.get(doc) : undefined;
}
