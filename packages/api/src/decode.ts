/**
 * Decoding request bodies the way the API server's JSON decoder does: `null` means "not
 * set", unknown fields are reported with their JSON path (`spec.containers[0].foo`), and
 * the `fieldValidation` mode decides whether they fail the request (Strict), become
 * warnings (Warn) or are dropped silently (Ignore).
 */
import type { z } from 'zod';

/** Kubernetes' `fieldValidation` query parameter values. */
export type FieldValidationMode = 'Strict' | 'Warn' | 'Ignore';

/** One problem that makes a body undecodable (wrong JSON type, bad integer, ...). */
export interface DecodeIssue {
  /** JSON path in Kubernetes' notation, e.g. `spec.replicas`; empty for the root. */
  path: string;
  message: string;
}

/** The result of decoding: the typed object, or the issues that prevent it. */
export type DecodeResult<T> =
  | { ok: true; value: T; unknownFields: string[]; warnings: string[] }
  | { ok: false; issues: DecodeIssue[]; unknownFields: string[]; message: string };

/** Formats a zod-style path as Kubernetes does: `['spec','containers',0,'x']` -> `spec.containers[0].x`. */
export function formatFieldPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

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

function unknownKeyIssues(
  schema: z.ZodType,
  value: unknown,
): { unknown: UnknownKeyIssue[]; other: z.core.$ZodIssue[] } {
  const result = schema.safeParse(value);
  const unknown: UnknownKeyIssue[] = [];
  const other: z.core.$ZodIssue[] = [];
  if (result.success) return { unknown, other };
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
  return pathsOf(unknownKeyIssues(schema, dropNulls(value)).unknown);
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

function toDecodeIssue(issue: z.core.$ZodIssue): DecodeIssue {
  return { path: formatFieldPath(issue.path), message: issue.message };
}

function failure<T>(issues: DecodeIssue[], unknown: string[]): DecodeResult<T> {
  const message = issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
  return { ok: false, issues, unknownFields: unknown, message };
}

/**
 * Decodes `value` with `schema`. Nulls are dropped first. Under `Strict`, unknown fields
 * fail the decode with Kubernetes' `strict decoding error` message; under `Warn` they are
 * dropped and returned as `unknown field "x"` warnings; under `Ignore` they are dropped.
 * Never throws; the input is not mutated; the returned value is a fresh object.
 */
export function decodeObject<T>(
  schema: z.ZodType<T>,
  value: unknown,
  mode: FieldValidationMode = 'Strict',
): DecodeResult<T> {
  const copy = dropNulls(value);
  const { unknown, other } = unknownKeyIssues(schema, copy);
  const fields = pathsOf(unknown);
  if (other.length > 0) return failure(other.map(toDecodeIssue), fields);
  if (mode === 'Strict' && fields.length > 0) {
    return failure([{ path: '', message: strictDecodingMessage(fields) }], fields);
  }
  removeUnknown(copy, unknown);
  const parsed = schema.safeParse(copy);
  if (!parsed.success) return failure(parsed.error.issues.map(toDecodeIssue), fields);
  const warnings = mode === 'Warn' ? fields.map((f) => `unknown field "${f}"`) : [];
  return { ok: true, value: parsed.data, unknownFields: fields, warnings };
}
