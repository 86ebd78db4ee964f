/**
 * The part of cel-go's optional library @marcbachmann/cel-js lacks: `optional.ofNonZeroValue(v)`,
 * none for a zero value (0, 0u, 0.0, '', b'', false, null, an empty list or map, a zero
 * duration or the Unix epoch) and `optional.of(v)` otherwise. (The optMap and optFlatMap
 * macros remain unimplemented and are refused by name.)
 */
import { Optional, type Environment } from '@marcbachmann/cel-js';
import { Duration, UnsignedInt } from '@marcbachmann/cel-js/evaluator';

function isZero(v: unknown): boolean {
  if (v === null || v === undefined || v === false || v === '' || v === 0 || v === 0n) return true;
  if (typeof v === 'number' || typeof v === 'bigint') return Number(v) === 0;
  if (v instanceof Uint8Array || Array.isArray(v)) return v.length === 0;
  if (v instanceof Date) return v.getTime() === 0;
  if (v instanceof Map) return v.size === 0;
  if (v instanceof Duration) return v.seconds === 0n && v.nanos === 0;
  if (v instanceof UnsignedInt) return v.value === 0n;
  if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) return Object.keys(v).length === 0;
  return false;
}

/** Registers optional.ofNonZeroValue on `env` (which must have optional types enabled). */
export function registerOptionalLibrary(env: Environment): void {
  env.registerFunction('OptionalNamespace.ofNonZeroValue(A): optional<A>', (_ns: unknown, v: unknown) =>
    isZero(v) ? Optional.none() : Optional.of(v),
  );
}
