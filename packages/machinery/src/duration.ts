/**
 * Go's time.ParseDuration, the one parser for every Go duration Wheelhouse reads: etcd
 * and kube flags (`--request-timeout=1m0s`) and the `timeout` query parameter
 * kube-apiserver reads. An optional sign, then one or more decimal numbers each with a
 * unit (ns, us, µs, ms, s, m, h), or a bare "0".
 */
import { machineryError } from './errors.js';

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

/**
 * Parses `s` as time.ParseDuration does; returns milliseconds (fractional below 1 ms).
 * Throws a MachineryError (DurationInvalid, DurationMissingUnit, DurationUnknownUnit)
 * whose message is Go's text, e.g. `time: invalid duration "x"`.
 */
export function parseGoDuration(s: string): number {
  let rest = s;
  let sign = 1;
  if (rest.startsWith('-') || rest.startsWith('+')) {
    sign = rest.startsWith('-') ? -1 : 1;
    rest = rest.slice(1);
  }
  if (rest === '0') return 0;
  if (rest === '') throw machineryError('DurationInvalid', s);
  let total = 0;
  while (rest !== '') {
    const num = /^(\d*)(?:\.(\d*))?/.exec(rest)!;
    if (num[0] === '' || num[0] === '.' || !/\d/.test(num[0])) throw machineryError('DurationInvalid', s);
    rest = rest.slice(num[0].length);
    const unit = /^[^.\d]*/.exec(rest)![0];
    if (unit === '') throw machineryError('DurationMissingUnit', s);
    const ms = UNIT_MS[unit];
    if (ms === undefined) throw machineryError('DurationUnknownUnit', unit, s);
    rest = rest.slice(unit.length);
    total += Number(num[0]) * ms;
  }
  if (total > MAX_DURATION_MS) throw machineryError('DurationInvalid', s);
  return sign * total;
}
