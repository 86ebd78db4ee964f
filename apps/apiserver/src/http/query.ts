/**
 * Query parameter values read as kube-apiserver's parameter codec reads them (apimachinery
 * runtime and meta/v1 conversions): the first value of a repeated key counts; booleans
 * are false only for `0` and `false` (any case) and true for anything else, even empty;
 * integers are Go's strconv.ParseInt in base 10 (sign allowed, int64 range);
 * resourceVersions are strconv.ParseUint; fieldManager is checked as ValidateFieldManager.
 */
import { goQuote, invalidField, tooLongField } from '@wheelhouse/machinery';
import type { ApiError } from '../errors.js';
import { badRequest, fromMachinery, invalid } from '../errors.js';

/** Query parameters as fastify gives them (repeated keys become arrays). */
export type Query = Record<string, string | string[] | undefined>;

/** The single value of a query parameter (the first if repeated). */
export function param(q: Query, name: string): string | undefined {
  const v = q[name];
  return Array.isArray(v) ? v[0] : v;
}

/** A boolean parameter: absent, `0` or `false` (any case) is false; any other value, even empty, is true. */
export function boolParam(q: Query, name: string): boolean {
  const v = param(q, name);
  if (v === undefined) return false;
  const lower = v.toLowerCase();
  return lower !== 'false' && lower !== '0';
}

const INT64_MAX = 2n ** 63n - 1n;
const UINT64_MAX = 2n ** 64n - 1n;

/** Go's strconv error text for `fn` parsing `s`. */
function strconvError(fn: string, s: string, why: 'invalid syntax' | 'value out of range'): ApiError {
  return badRequest(`strconv.${fn}: parsing ${goQuote(s)}: ${why}`);
}

/** Parses `s` as strconv.ParseInt(s, 10, 64); throws 400 with Go's message otherwise. Precision beyond 2^53 is lost. */
export function parseInt64(s: string): number {
  if (!/^[+-]?\d+$/.test(s)) throw strconvError('ParseInt', s, 'invalid syntax');
  const n = BigInt(s);
  if (n > INT64_MAX || n < -INT64_MAX - 1n) throw strconvError('ParseInt', s, 'value out of range');
  return Number(n);
}

/** An int64 parameter (limit, timeoutSeconds, gracePeriodSeconds): undefined if absent, 400 if not an int64. */
export function intParam(q: Query, name: string): number | undefined {
  const v = param(q, name);
  return v === undefined ? undefined : parseInt64(v);
}

/**
 * Checks a resourceVersion as APIObjectVersioner.ParseResourceVersion does ("" and "0"
 * mean unset; anything else must be a uint64); throws 400 with kube's message otherwise.
 */
export function checkResourceVersion(rv: string): void {
  if (rv === '' || rv === '0') return;
  let why: 'invalid syntax' | 'value out of range' | undefined;
  if (!/^\d+$/.test(rv)) why = 'invalid syntax';
  else if (BigInt(rv) > UINT64_MAX) why = 'value out of range';
  if (why === undefined) return;
  const detail = `strconv.ParseUint: parsing ${goQuote(rv)}: ${why}`;
  throw badRequest(`invalid resource version: resourceVersion: Invalid value: ${goQuote(rv)}: ${detail}`);
}

/** Most bytes a fieldManager may have (FieldManagerMaxLength). */
export const FIELD_MANAGER_MAX_BYTES = 128;

/** Printable as Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
const PRINTABLE = /^[\p{L}\p{M}\p{N}\p{P}\p{S} ]$/u;

function goRuneName(ch: string): string {
  return `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/**
 * Validates the fieldManager parameter of a create, update or patch as ValidateFieldManager
 * does: at most 128 bytes, printable characters only. Throws 422 Invalid on
 * `<optionsKind>.meta.k8s.io ""` (CreateOptions, UpdateOptions or PatchOptions).
 */
export function checkFieldManager(q: Query, optionsKind: string): void {
  const manager = param(q, 'fieldManager');
  if (manager === undefined) return;
  const errs = [];
  if (Buffer.byteLength(manager) > FIELD_MANAGER_MAX_BYTES)
    errs.push(tooLongField('fieldManager', FIELD_MANAGER_MAX_BYTES));
  for (const ch of manager)
    if (!PRINTABLE.test(ch)) errs.push(invalidField('fieldManager', manager, `invalid character ${goRuneName(ch)}`));
  if (errs.length > 0)
    throw invalid(optionsKind, { group: 'meta.k8s.io', plural: optionsKind }, '', errs.map(fromMachinery));
}
