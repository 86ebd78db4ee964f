/**
 * The errors Go's JSON decoder gives for a body that does not fit the Go types, as
 * kube-apiserver returns them (400 BadRequest): `json: cannot unmarshal <what> into Go
 * struct field <Struct>.<path> of type <type>` for wrong JSON types and for numbers an
 * integer field cannot hold, ParseQuantity's message for quantities, and `illegal base64
 * data at input byte N` for `[]byte` fields. Go stops at the first error raised by a
 * type's own UnmarshalJSON (Quantity, IntOrString, Time) and otherwise reports the first
 * type error in document order; so does `decodeProblems`.
 */
import { formatJsonPointer, machineryError, parseJsonPointer } from '@wheelhouse/machinery';
import { z } from 'zod';
import {
  apiSchemas,
  BytesSchema,
  IntOrStringSchema,
  MicroTimeSchema,
  QuantitySchema,
  ResourceListSchema,
  TimeSchema,
} from './schema/primitives.js';

type PathPart = string | number;

/** One problem that makes a body undecodable (wrong JSON type, bad integer, ...). */
export interface DecodeIssue {
  /** JSON path in Kubernetes' notation, e.g. `spec.replicas`; empty for the root. */
  path: string;
  message: string;
}

/** Formats a zod-style path as Kubernetes does: `['spec','containers',0,'x']` -> `spec.containers[0].x`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/** What Go decodes a field into, as far as its error messages tell. */
type Target = { kind: 'quantity' | 'intOrString' | 'time' } | { kind: 'bytes' | 'int' | 'plain'; goType: string };

/** A field of the schema: its target, the Go struct holding it and the field names from the root. */
interface Located {
  target: Target;
  struct: string;
  fields: string[];
}

/** One problem found, before it is put in document order. */
interface Problem {
  path: PathPart[];
  message: string;
  /** Raised by a type's own UnmarshalJSON: Go stops decoding there. */
  hard: boolean;
}

function unwrap(schema: z.ZodType): z.ZodType {
  let s = schema;
  while (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) {
    s = s.unwrap() as z.ZodType;
  }
  return s;
}

function capitalize(key: string): string {
  return key.charAt(0).toUpperCase() + key.slice(1);
}

/** `io.k8s.api.apps.v1.DeploymentSpec` -> [`v1`, `DeploymentSpec`]; unnamed structs are named after their field. */
function goName(schema: z.ZodType, key: string): [string, string] {
  const id = apiSchemas.get(schema)?.id;
  if (id === undefined) return ['v1', capitalize(key)];
  const parts = id.split('.');
  return [parts[parts.length - 2] ?? '', parts[parts.length - 1] ?? ''];
}

/** reflect.Type.String() of the Go type behind `schema` (pointers are followed, as the decoder does). */
function goType(schema: z.ZodType, key: string): string {
  const s = unwrap(schema);
  if (s === BytesSchema) return '[]uint8';
  if (s === ResourceListSchema) return 'v1.ResourceList';
  if (s instanceof z.ZodString) return 'string';
  if (s instanceof z.ZodBoolean) return 'bool';
  if (s instanceof z.ZodNumber) return s.format === 'int32' ? 'int32' : s.format === 'safeint' ? 'int64' : 'float64';
  if (s instanceof z.ZodArray) return `[]${goType(s.element as z.ZodType, key)}`;
  if (s instanceof z.ZodRecord) return `map[string]${goType(s.valueType as z.ZodType, key)}`;
  if (s instanceof z.ZodObject || apiSchemas.has(s)) return goName(s, key).join('.');
  return 'interface {}';
}

function targetOf(schema: z.ZodType, key: string): Target {
  const s = unwrap(schema);
  if (s === QuantitySchema) return { kind: 'quantity' };
  if (s === IntOrStringSchema) return { kind: 'intOrString' };
  if (s === TimeSchema || s === MicroTimeSchema) return { kind: 'time' };
  if (s === BytesSchema) return { kind: 'bytes', goType: '[]uint8' };
  const type = goType(s, key);
  return { kind: s instanceof z.ZodNumber && type !== 'float64' ? 'int' : 'plain', goType: type };
}

/** Follows `path` through the schema as Go's decoder would; undefined where the schema has no such field. */
function locate(root: z.ZodType, path: readonly PathPart[]): Located | undefined {
  let node = unwrap(root);
  let struct = goName(node, '')[1];
  let key = '';
  const fields: string[] = [];
  for (const part of path) {
    if (node instanceof z.ZodObject) {
      struct = goName(node, key)[1];
      key = String(part);
      fields.push(key);
      const next = (node.shape as Record<string, z.ZodType | undefined>)[key];
      if (next === undefined || !Object.hasOwn(node.shape, key)) return undefined;
      node = unwrap(next);
    } else if (node instanceof z.ZodArray) node = unwrap(node.element as z.ZodType);
    else if (node instanceof z.ZodRecord) node = unwrap(node.valueType as z.ZodType);
    else return undefined;
  }
  return { target: targetOf(node, key), struct, fields };
}

function valueAt(doc: unknown, path: readonly PathPart[]): unknown {
  let v = doc;
  for (const part of path) v = (v as Record<PropertyKey, unknown> | undefined)?.[part];
  return v;
}

/** How Go's UnmarshalTypeError names a JSON value; numbers carry their text only where Go quotes it. */
function jsonWord(value: unknown, literal: string | undefined, withNumber: boolean): string {
  if (typeof value === 'number') return withNumber ? `number ${literal ?? String(value)}` : 'number';
  if (typeof value === 'boolean') return 'bool';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : 'string';
}

/** Go's message for `value` at a located field, and whether it stops decoding. */
function goProblem(at: Located, value: unknown, literal: string | undefined, custom?: string): Omit<Problem, 'path'> {
  const { target } = at;
  switch (target.kind) {
    case 'quantity':
      return { message: custom ?? machineryError('QuantityFormat').message, hard: true };
    case 'intOrString':
      return {
        message: machineryError('JsonUnmarshalValue', jsonWord(value, literal, true), 'int32').message,
        hard: true,
      };
    case 'time':
      return {
        message: machineryError('JsonUnmarshalValue', jsonWord(value, literal, false), 'string').message,
        hard: true,
      };
    default: {
      if (custom !== undefined) return { message: custom, hard: false };
      const word = jsonWord(value, literal, target.kind === 'int');
      const fields = at.fields.join('.');
      const error =
        fields === ''
          ? machineryError('JsonUnmarshalValue', word, target.goType)
          : machineryError('JsonUnmarshalField', word, at.struct, fields, target.goType);
      return { message: error.message, hard: false };
    }
  }
}

function pointerOf(path: readonly PathPart[]): string {
  return formatJsonPointer(path.map(String));
}

function fromIssue(
  schema: z.ZodType,
  doc: unknown,
  issue: z.core.$ZodIssue,
  literals: ReadonlyMap<string, string>,
): Problem {
  const path = issue.path.filter((p): p is PathPart => typeof p !== 'symbol');
  const at = locate(schema, path);
  if (at === undefined) return { path, message: issue.message, hard: false };
  const custom = issue.code === 'custom' ? issue.message : undefined;
  return { path, ...goProblem(at, valueAt(doc, path), literals.get(pointerOf(path)), custom) };
}

/** The path of a pointer into `doc`, with array indices as numbers; undefined when it does not lead to a number. */
function numberPath(doc: unknown, pointer: string): PathPart[] | undefined {
  const tokens = parseJsonPointer(pointer);
  if (tokens === undefined) return undefined;
  const path: PathPart[] = [];
  let v = doc;
  for (const token of tokens) {
    const part: PathPart = Array.isArray(v) ? Number(token) : token;
    path.push(part);
    v = (v as Record<PropertyKey, unknown> | undefined)?.[part];
  }
  return typeof v === 'number' ? path : undefined;
}

/** Integer fields given a literal Go's ParseInt refuses (`1.0`, `1e2`, `1e-400`), which JSON.parse let through. */
function literalProblems(schema: z.ZodType, doc: unknown, literals: ReadonlyMap<string, string>): Problem[] {
  const out: Problem[] = [];
  for (const [pointer, literal] of literals) {
    const path = numberPath(doc, pointer);
    const at = path && locate(schema, path);
    if (path === undefined || at === undefined) continue;
    if (at.target.kind === 'int' || at.target.kind === 'intOrString')
      out.push({ path, ...goProblem(at, valueAt(doc, path), literal) });
  }
  return out;
}

/** Negative, zero or positive as path `a` comes before, with or after `b` in `doc` (key order of JSON.parse). */
function documentOrder(doc: unknown, a: readonly PathPart[], b: readonly PathPart[]): number {
  let node = doc;
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const [x, y] = [a[i], b[i]];
    if (x !== y) {
      if (typeof x === 'number' && typeof y === 'number') return x - y;
      const keys = node !== null && typeof node === 'object' ? Object.keys(node) : [];
      return keys.indexOf(String(x)) - keys.indexOf(String(y));
    }
    node = (node as Record<PropertyKey, unknown> | undefined)?.[x as PathPart];
  }
  return a.length - b.length;
}

/**
 * The problems that make `doc` undecodable by `schema`, from zod's issues (unknown-key
 * issues excluded) and from number literals (`jsonNumberLiterals` of the body text) that
 * integer fields cannot take. Each issue carries Go's message; `message` is the one Go
 * reports. Undefined when there is none.
 */
export function decodeProblems(
  schema: z.ZodType,
  doc: unknown,
  issues: readonly z.core.$ZodIssue[],
  literals: ReadonlyMap<string, string> = new Map(),
): { issues: DecodeIssue[]; message: string } | undefined {
  const problems = [
    ...issues.map((issue) => fromIssue(schema, doc, issue, literals)),
    ...literalProblems(schema, doc, literals),
  ].sort((p, q) => documentOrder(doc, p.path, q.path));
  const reported = problems.find((p) => p.hard) ?? problems[0];
  if (reported === undefined) return undefined;
  const unique = problems.filter((p, i) => problems.findIndex((q) => pointerOf(q.path) === pointerOf(p.path)) === i);
  return {
    issues: unique.map((p) => ({ path: formatFieldPath(p.path), message: p.message })),
    message: reported.message,
  };
}
