/**
 * Kubernetes' CEL list library (isSorted, sum, min, max, indexOf, lastIndexOf) and the cel-go
 * sets extension (sets.contains, sets.equivalent, sets.intersects), for @marcbachmann/cel-js.
 */
import type { Environment } from '@marcbachmann/cel-js';
import { celCompare, celEqual, celError } from './values.js';

function isSorted(list: unknown[]): boolean {
  for (let i = 1; i < list.length; i++) if (celCompare(list[i - 1], list[i]) > 0) return false;
  return true;
}

function sum(list: unknown[]): unknown {
  if (list.length === 0) return 0n;
  return list.reduce((a, b) => (typeof a === 'bigint' && typeof b === 'bigint' ? a + b : Number(a) + Number(b)));
}

function extreme(list: unknown[], sign: 1 | -1): unknown {
  if (list.length === 0) throw celError('min called on empty list'.replace('min', sign < 0 ? 'min' : 'max'));
  return list.reduce((a, b) => (celCompare(b, a) * sign > 0 ? b : a));
}

const indexOf = (list: unknown[], x: unknown) => BigInt(list.findIndex((v) => celEqual(v, x)));
const lastIndexOf = (list: unknown[], x: unknown) => {
  for (let i = list.length - 1; i >= 0; i--) if (celEqual(list[i], x)) return BigInt(i);
  return -1n;
};

/** The namespace object `sets.*` functions are called on. */
export class CelSetsNamespace {}

/** Registers the list and sets functions on `env`. */
export function registerListLibrary(env: Environment): void {
  const method = (
    name: string,
    returnType: string,
    handler: (l: unknown[], ...a: unknown[]) => unknown,
    params: string[] = [],
  ) =>
    env.registerFunction({
      name,
      receiverType: 'list',
      returnType,
      handler: handler as (...args: unknown[]) => unknown,
      params: params.map((type, i) => ({ name: `a${i}`, type })),
    });
  method('isSorted', 'bool', isSorted);
  method('sum', 'dyn', sum);
  method('min', 'dyn', (l) => extreme(l, -1));
  method('max', 'dyn', (l) => extreme(l, 1));
  method('indexOf', 'int', indexOf, ['dyn']);
  method('lastIndexOf', 'int', lastIndexOf, ['dyn']);
  env.registerType('kubernetes.Sets', { ctor: CelSetsNamespace, fields: {} });
  env.registerConstant('sets', 'kubernetes.Sets', new CelSetsNamespace());
  const setFn = (name: string, handler: (a: unknown[], b: unknown[]) => boolean) =>
    env.registerFunction({
      name,
      receiverType: 'kubernetes.Sets',
      returnType: 'bool',
      handler: ((_ns: unknown, a: unknown[], b: unknown[]) => handler(a, b)) as (...args: unknown[]) => unknown,
      params: [
        { name: 'a', type: 'list' },
        { name: 'b', type: 'list' },
      ],
    });
  const contains = (a: unknown[], b: unknown[]) => b.every((x) => a.some((y) => celEqual(x, y)));
  setFn('contains', contains);
  setFn('equivalent', (a, b) => contains(a, b) && contains(b, a));
  setFn('intersects', (a, b) => a.some((x) => b.some((y) => celEqual(x, y))));
}
