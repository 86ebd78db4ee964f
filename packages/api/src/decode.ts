/**
 * Decoding request bodies the way the API server's JSON decoder does: `null` means "not
 * set", values that do not fit the Go types fail with Go's own messages (see
 * decode-errors.ts), unknown fields are reported with their JSON path
 * (`spec.containers[0].foo`), and the `fieldValidation` mode decides whether they fail the
 * request (Strict), become warnings (Warn) or are dropped silently (Ignore).
 */
import type { z } from 'zod';
import { decodeProblems, formatFieldPath, type DecodeIssue } from './decode-errors.js';
import { withoutNulls } from './without-nulls.js';

export { formatFieldPath, type DecodeIssue } from './decode-errors.js';

/** Kubernetes' `fieldValidation` query parameter values. */
export type FieldValidationMode = 'Strict' | 'Warn' | 'Ignore';

/** What the caller knows about the body beyond its parsed value. */
export interface DecodeOptions {
  /**
   * The number literals of the JSON body text that JSON.parse may have altered, by JSON
   * Pointer (`jsonNumberLiterals` of @wheelhouse/machinery). With them, integer fields
   * given `1.0`, `1e2` or `1e-400` fail as in Kubernetes instead of decoding as 1, 100, 0.
   */
  numberLiterals?: ReadonlyMap<string, string>;
}

/** The result of decoding: the typed object, or the issues that prevent it. */
export type DecodeResult<T> =
  | { ok: true; value: T; unknownFields: string[]; warnings: string[] }
  | { ok: false; issues: DecodeIssue[]; unknownFields: string[]; message: string };

/**
 * Returns a deep copy of `value` without object properties whose value is `null`, which is
 * how Go's decoder treats them (the field keeps its zero value). Array elements are kept.
 */
export function dropNulls(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(dropNulls);
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item !== null) out[key] = dropNulls(item);
  }
  return out;
}

interface UnknownKeyIssue {
  path: PropertyKey[];
  keys: string[];
}

/** One parse of `value`: its data when it fits, else its issues split into unknown keys and the rest. */
function unknownKeyIssues<T>(
  schema: z.ZodType<T>,
  value: unknown,
): { fits?: { data: T }; unknown: UnknownKeyIssue[]; other: z.core.$ZodIssue[] } {
  const result = schema.safeParse(value);
  const unknown: UnknownKeyIssue[] = [];
  const other: z.core.$ZodIssue[] = [];
  if (result.success) return { fits: { data: result.data }, unknown, other };
  for (const issue of result.error.issues) {
    if (issue.code === 'unrecognized_keys') unknown.push({ path: [...issue.path], keys: issue.keys });
    else other.push(issue);
  }
  return { unknown, other };
}

function pathsOf(issues: UnknownKeyIssue[]): string[] {
  return issues.flatMap((issue) => issue.keys.map((key) => formatFieldPath([...issue.path, key])));
}

/**
 * Lists every field of `value` that `schema` does not know, as Kubernetes JSON paths in
 * document order (`["spec.foo", "spec.containers[0].bar"]`). `null` fields count as unset.
 */
export function unknownFields(schema: z.ZodType, value: unknown): string[] {
  return pathsOf(unknownKeyIssues(schema, withoutNulls(value)).unknown);
}

/** The message Kubernetes returns for unknown fields under `fieldValidation=Strict`. */
export function strictDecodingMessage(fields: readonly string[]): string {
  return `strict decoding error: ${fields.map((f) => `unknown field "${f}"`).join(', ')}`;
}

function removeUnknown(value: unknown, issues: UnknownKeyIssue[]): void {
  for (const issue of issues) {
    let node: unknown = value;
    for (const part of issue.path) node = (node as Record<PropertyKey, unknown>)[part];
    for (const key of issue.keys) delete (node as Record<string, unknown>)[key];
  }
}

function failure<T>(issues: DecodeIssue[], unknown: string[], message: string): DecodeResult<T> {
  return { ok: false, issues, unknownFields: unknown, message };
}

/**
 * Decodes `value` with `schema`. Nulls are dropped first. Values that do not fit fail the
 * decode whatever the mode, with the message Go's decoder gives (400 in Kubernetes); then,
 * under `Strict`, unknown fields fail it with Kubernetes' `strict decoding error` message;
 * under `Warn` they are dropped and returned as `unknown field "x"` warnings; under
 * `Ignore` they are dropped. Never throws; the input is not mutated; the returned value is
 * a fresh object, but for values the schema takes as they are (`z.unknown()`), which may be
 * the input's own: a caller that goes on using its input must not mutate those.
 */
export function decodeObject<T>(
  schema: z.ZodType<T>,
  value: unknown,
  mode: FieldValidationMode = 'Strict',
  options: DecodeOptions = {},
): DecodeResult<T> {
  // Read only (it shares what holds no null with `value`): zod's parse builds the fresh object.
  const doc = withoutNulls(value);
  const { fits, unknown, other } = unknownKeyIssues(schema, doc);
  const fields = pathsOf(unknown);
  const problems = decodeProblems(schema, doc, other, options.numberLiterals);
  if (problems !== undefined) return failure(problems.issues, fields, problems.message);
  // A body that fits is decoded by that one parse (the common case: no second parse).
  if (fits) return { ok: true, value: fits.data, unknownFields: [], warnings: [] };
  if (mode === 'Strict' && fields.length > 0) {
    const message = strictDecodingMessage(fields);
    return failure([{ path: '', message }], fields, message);
  }
  // The unknown fields are removed in place: from a copy of the caller's value.
  const copy = dropNulls(value);
  removeUnknown(copy, unknown);
  const parsed = schema.safeParse(copy);
  if (!parsed.success) {
    const again = decodeProblems(schema, copy, parsed.error.issues);
    return failure(again?.issues ?? [], fields, again?.message ?? parsed.error.message);
  }
  const warnings = mode === 'Warn' ? fields.map((f) => `unknown field "${f}"`) : [];
  return { ok: true, value: parsed.data, unknownFields: fields, warnings };
}
