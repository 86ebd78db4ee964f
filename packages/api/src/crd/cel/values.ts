/**
 * Custom-resource JSON as CEL values (the shapes @marcbachmann/cel-js evaluates): integers as
 * BigInt where the schema says integer, numbers as doubles, `date-time` and `date` strings as
 * timestamps, `duration` strings as durations and `byte` strings as bytes, as Kubernetes types them; plus CEL's equality and
 * ordering for the library functions.
 */
import { EvaluationError } from '@marcbachmann/cel-js';
import { Duration } from '@marcbachmann/cel-js/evaluator';
import type { JSONSchemaProps } from '../../schema/apiextensions-v1.js';
import { parseFormatDuration } from '../formats.js';
import { fieldSchema, isJsonObject, itemsSchema } from '../schema-nav.js';
import { CEL_RESERVED_SYMBOLS, escapeFieldName } from './escaping.js';

function scalar(value: number | string | boolean, schema: JSONSchemaProps | undefined): unknown {
  if (typeof value === 'number') {
    if (schema?.type === 'number') return value;
    return Number.isInteger(value) ? BigInt(value) : value;
  }
  if (typeof value === 'string' && schema?.type === 'string') {
    // Exactly the formats schema-decl.ts types as timestamp, duration and bytes (kube's UnstructuredToVal).
    if (schema.format === 'date-time' || schema.format === 'date') {
      const t = new Date(value);
      if (!Number.isNaN(t.getTime())) return t;
    }
    if (schema.format === 'duration') {
      const ms = parseFormatDuration(value);
      if (ms !== undefined) return Duration.fromMilliseconds(ms);
    }
    if (schema.format === 'byte') return new Uint8Array(Buffer.from(value, 'base64'));
  }
  return value;
}

/** The CEL names of each declared property, by schema node: built once per node, not per value. */
const celNamesBySchema = new WeakMap<JSONSchemaProps, ReadonlyMap<string, readonly string[]>>();

/**
 * The names a declared property has in CEL: its escaped name (`foo__dash__bar`, `__namespace__`)
 * and, for a CEL keyword, as kube 1.31+ also resolves it, the keyword itself; none when CEL
 * cannot name it.
 */
function celNames(schema: JSONSchemaProps): ReadonlyMap<string, readonly string[]> {
  let names = celNamesBySchema.get(schema);
  if (names === undefined) {
    const built = new Map<string, readonly string[]>();
    for (const k of Object.keys(schema.properties ?? {})) {
      const escaped = escapeFieldName(k);
      const own = escaped === undefined ? [] : [escaped];
      built.set(k, CEL_RESERVED_SYMBOLS.has(k) ? [...own, k] : own);
    }
    celNamesBySchema.set(schema, built);
    names = built;
  }
  return names;
}

/**
 * An object's CEL value: declared properties under their CEL names (celNames), a null one absent as
 * kube's unstructuredMap has it (so `has()` is false for a nullable field set to null); map keys as
 * they are.
 */
function objectValue(value: Record<string, unknown>, schema: JSONSchemaProps | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const names = schema?.properties === undefined ? undefined : celNames(schema);
  for (const [k, v] of Object.entries(value)) {
    if (names !== undefined && v === null) continue;
    const converted = toCelValue(v, fieldSchema(schema, k));
    const as = names?.get(k);
    if (as === undefined) out[k] = converted;
    else for (const name of as) out[name] = converted;
  }
  return out;
}

/** `value` (decoded JSON) as the CEL value of a node typed by `schema` (undefined: untyped, preserved). */
export function toCelValue(value: unknown, schema: JSONSchemaProps | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (Array.isArray(value)) {
    const items = itemsSchema(schema);
    return value.map((v) => toCelValue(v, items));
  }
  if (isJsonObject(value)) return objectValue(value, schema);
  return scalar(value as number | string | boolean, schema);
}

/** A CEL runtime error with `message` (what kube prints before ` evaluating rule: ...`). */
export function celError(message: string): Error {
  return new EvaluationError(message);
}

const isNumber = (x: unknown): x is number | bigint => typeof x === 'number' || typeof x === 'bigint';

/** CEL's equality, numbers compared across int, uint and double. */
export function celEqual(a: unknown, b: unknown): boolean {
  if (isNumber(a) && isNumber(b))
    return typeof a === 'bigint' && typeof b === 'bigint' ? a === b : Number(a) === Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() === b.getTime();
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => celEqual(x, b[i]));
  if (isJsonObject(a) && isJsonObject(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && celEqual(a[k], b[k]));
  }
  return a === b;
}

/** CEL's ordering of comparable values (numbers, strings, booleans, timestamps); a runtime error otherwise. */
export function celCompare(a: unknown, b: unknown): number {
  if (isNumber(a) && isNumber(b)) {
    if (typeof a === 'bigint' && typeof b === 'bigint') return a < b ? -1 : a > b ? 1 : 0;
    return Number(a) < Number(b) ? -1 : Number(a) > Number(b) ? 1 : 0;
  }
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  if (a instanceof Date && b instanceof Date) return a.getTime() - b.getTime();
  throw celError('no such overload');
}
