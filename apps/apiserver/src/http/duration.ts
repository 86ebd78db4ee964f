/**
 * Go's time.ParseDuration, for the `timeout` query parameter kube-apiserver reads with it:
 * an optional sign, then one or more decimal numbers each with a unit (ns, us, µs, ms, s,
 * m, h), or a bare "0". Errors carry Go's text (`time: invalid duration "x"`).
 */
import { goQuote } from '@wheelhouse/machinery';
import { badRequest, type ApiError } from '../errors.js';

const UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  μs: 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/** Go's time.Duration upper bound, in ms. */
const MAX_DURATION_MS = Number(2n ** 63n - 1n) / 1e6;

function durationError(orig: string, text: string): ApiError {
  return badRequest(`time: ${text}`.replace('%q', goQuote(orig)));
}

/** Parses `s` as time.ParseDuration does; returns milliseconds. Throws 400 with Go's message (the caller may rewrap it). */
export function parseGoDuration(s: string): number {
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw durationError(s, 'invalid duration %q');
  let total = 0;
  while (rest !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (num[0] === '' || num[0] === '.' || !/\d/.test(num[0])) throw durationError(s, 'invalid duration %q');
    rest = rest.slice(num[0].length);
    const unit = /^[^.\d]*/.exec(rest)![0];
    if (unit === '') throw durationError(s, 'missing unit in duration %q');
    const ms = UNIT_MS[unit];
    if (ms === undefined) throw badRequest(`time: unknown unit ${goQuote(unit)} in duration ${goQuote(s)}`);
    rest = rest.slice(unit.length);
    total += Number(num[0]) * ms;
  }
  if (total > MAX_DURATION_MS) throw durationError(s, 'invalid duration %q');
  return sign * total;
}
