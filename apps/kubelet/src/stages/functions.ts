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

/**
 * The functions every expression may call, whatever the object:
 * - `len(x)`: items of a list, characters of a string, keys of a map (0 otherwise);
 * - `join(list, sep)`: the items joined (sep default ",");
 * - `int(x)`, `num(x)`: the number x spells (undefined if none); `str(x)`: x as text;
 * - `min(...)`, `max(...)`: of the numbers among the arguments, lists flattened (undefined if none);
 * - `pow(a, b)`;
 * - `has(list, v)`: whether the list holds v;
 * - `set(map, key, value)`: a copy of the map with key set;
 * - `msSince(time)`: milliseconds from an RFC 3339 time to `$nowMs` (undefined for no time).
 */
export const BUILTIN_FUNCTIONS: Readonly<Record<string, ExpressionFunction>> = {
  len: ([v]) => length(v),
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
  msSince: ([time], scope) => {
    const at = typeof time === 'string' ? Date.parse(time) : NaN;
    const now = toNumber(scope.vars['nowMs']);
    return Number.isNaN(at) || now === undefined ? undefined : now - at;
  },
};
