import { toNumber, type ExpressionFunction } from './expression-eval.js';

function flatNumbers(args: unknown[]): number[] {
  return args
    .flat()
    .map(toNumber)
    .filter((n): n is number => n !== undefined);
}

function isMap(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function length(v: unknown): number {
  if (Array.isArray(v) || typeof v === 'string') return v.length;
  if (v !== null && typeof v === 'object') return Object.keys(v).length;
  return 0;
}

/** Seconds as Go's time.Duration prints them: 10s, 1m20s, 5m0s, 1h0m0s (500ms below a second). */
function goDuration(seconds: number): string {
  const sign = seconds < 0 ? '-' : '';
  let rest = Math.abs(seconds);
  if (rest === 0) return '0s';
  if (rest < 1) return `${sign}${Number((rest * 1000).toFixed(6))}ms`;
  const h = Math.floor(rest / 3600);
  rest -= h * 3600;
  const m = Math.floor(rest / 60);
  const s = `${Number((rest - m * 60).toFixed(9))}s`;
  if (h > 0) return `${sign}${h}h${m}m${s}`;
  return m > 0 ? `${sign}${m}m${s}` : `${sign}${s}`;
}

/**
 * The functions every expression may call, whatever the object:
 * - `len(x)`: items of a list, characters of a string, keys of a map (0 otherwise);
 * - `join(list, sep)`: the items joined (sep default ",");
 * - `int(x)`, `num(x)`: the number x spells (undefined if none); `str(x)`: x as text;
 * - `min(...)`, `max(...)`: of the numbers among the arguments, lists flattened (undefined if none);
 * - `pow(a, b)`;
 * - `has(list, v)`: whether the list holds v; `reverse(list)`: the list in reverse order;
 * - `set(map, key, value)`: a copy of the map with key set;
 * - `msSince(time)`: milliseconds from an RFC 3339 time to `$nowMs` (undefined for no time);
 * - `duration(seconds)`: as Go prints a duration (`1m20s`), as the kubelet's messages show them.
 */
export const BUILTIN_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = {
  len: ([v]) => length(v),
  reverse: ([list]) => (Array.isArray(list) ? [...list].reverse() : []),
  join: ([list, sep]) => (Array.isArray(list) ? list.map(String).join(typeof sep === 'string' ? sep : ',') : ''),
  int: ([v]) => {
    const n = toNumber(v);
    return n === undefined ? undefined : Math.trunc(n);
  },
  num: ([v]) => toNumber(v),
  str: ([v]) => (v === undefined || v === null ? '' : String(v)),
  min: (args) => {
    const ns = flatNumbers(args);
    return ns.length ? Math.min(...ns) : undefined;
  },
  max: (args) => {
    const ns = flatNumbers(args);
    return ns.length ? Math.max(...ns) : undefined;
  },
  pow: ([a, b]) => {
    const x = toNumber(a);
    const y = toNumber(b);
    return x === undefined || y === undefined ? undefined : x ** y;
  },
  has: ([list, v]) => Array.isArray(list) && list.includes(v),
  set: ([map, key, value]) => ({ ...(isMap(map) ? map : {}), [String(key)]: value }),
  duration: ([seconds]) => {
    const n = toNumber(seconds);
    return n === undefined ? undefined : goDuration(n);
  },
  msSince: ([time], scope) => {
    const at = typeof time === 'string' ? Date.parse(time) : NaN;
    const now = toNumber(scope.vars['nowMs']);
    return Number.isNaN(at) || now === undefined ? undefined : now - at;
  },
};
