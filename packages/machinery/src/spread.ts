/**
 * Object spread without V8's slow path. In Node 20's V8, a property that an object literal
 * adds after a spread (`{ ...base, extra: 1 }`, when `base` has no `extra`) costs about
 * 0.4 us, as does one added to a spread copy afterwards: an etcd range request built that
 * way took 7 us, and a resourceVersion set on decoded metadata 0.5 us. Object.assign
 * onto a fresh object takes the fast path.
 */
import { hasOwn } from './json.js';

/**
 * `{ ...base, ...extra }`: the same own properties in the same order (a key of `extra`
 * that `base` has keeps its place), made fast. Objects with an own `__proto__` key (which
 * JSON.parse can make) are spread as they are, since assigning that key would set the
 * copy's prototype instead.
 */
export function spreadWith<T extends object, U extends object>(base: T, extra: U): Omit<T, keyof U> & U {
  if (hasOwn(base, '__proto__') || hasOwn(extra, '__proto__')) return { ...base, ...extra };
  return Object.assign({}, base, extra);
}
