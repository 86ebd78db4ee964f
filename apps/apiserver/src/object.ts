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
  if (json === undefined) frozenJson.set(obj, (json = keptBytes(JSON.stringify(obj))));
  return json;
}

/**
 * UTF-8 bytes of `text` in memory of their own, for bytes kept long (the watch cache's). A
 * small `Buffer.from` is a view into a shared 8 KiB slab, and one such view kept for the
 * life of a cached object keeps its whole slab alive: at 10,000 objects, ~80 MiB for ~30.
 */
export function keptBytes(text: string): Buffer {
  const out = Buffer.allocUnsafeSlow(Buffer.byteLength(text));
  out.write(text);
  return out;
}

/** `parts` joined in memory of their own (see {@link keptBytes}). */
export function keptConcat(parts: readonly Buffer[]): Buffer {
  const out = Buffer.allocUnsafeSlow(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) at += p.copy(out, at);
  return out;
}

/** Bounds on a JSON value's size; see {@link jsonBoundPassed}. */
export interface JsonBounds {
  /** Most bytes of its JSON text (counted as a lower bound: each number as one digit). */
  bytes: number;
  /** Deepest nesting of objects and arrays (the top level is 0). */
  depth: number;
  /** Most values (objects, arrays and scalars). */
  values: number;
}

function scalarBytes(v: unknown): number {
  return typeof v === 'string' ? v.length + 2 : typeof v === 'boolean' || v === null ? 4 : 1;
}

/**
 * The first of `bounds` that `value` passes, or undefined: measured without serializing,
 * iteratively, and given up at the first bound passed, so a value that shares one large
 * string or subtree many times (YAML aliases) costs a short walk, not its expansion.
 */
export function jsonBoundPassed(value: unknown, bounds: JsonBounds): keyof JsonBounds | undefined {
  if (typeof value !== 'object' || value === null) return scalarBytes(value) > bounds.bytes ? 'bytes' : undefined;
  const pending: object[] = [value];
  const depths: number[] = [0];
  let bytes = 0;
  let values = 1;
  while (pending.length > 0) {
    const v = pending.pop() as Record<string, unknown>;
    const depth = depths.pop()!;
    if (depth > bounds.depth) return 'depth';
    const array = Array.isArray(v);
    bytes += 2;
    for (const k in v) {
      const x = v[k];
      if (x === undefined && !array) continue;
      // A comma per element; a quoted key, a colon and a comma per member.
      bytes += array ? 1 : k.length + 4;
      if (typeof x === 'object' && x !== null) {
        pending.push(x);
        depths.push(depth + 1);
      } else bytes += scalarBytes(x);
      if (++values > bounds.values) return 'values';
      if (bytes > bounds.bytes) return 'bytes';
    }
  }
  return undefined;
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
