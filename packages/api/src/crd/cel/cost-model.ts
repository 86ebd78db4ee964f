/**
 * cel-go's cost arithmetic (checker/cost.go): min/max estimates that saturate at 2^64-1, sizes
 * times per-unit cost factors rounded up, and the unit costs of common/cost.go.
 */

/** A min/max range of a cost or a size. */
export interface Range {
  min: number;
  max: number;
}

/** cel-go's math.MaxUint64, the saturation point of every estimate. */
export const MAX_UINT64 = 2 ** 64 - 1;

/** Unit costs (cel-go common/cost.go). */
export const COST = {
  selectAndIdent: 1,
  const: 0,
  listCreateBase: 10,
  mapCreateBase: 30,
  stringTraversalFactor: 0.1,
  regexStringLengthFactor: 0.25,
} as const;

/** `n` saturated at 2^64-1, as cel-go's and kube's uint64 arithmetic. */
export const saturate = (n: number): number => (n >= MAX_UINT64 ? MAX_UINT64 : n);

/** A fixed cost or size. */
export const fixed = (n: number): Range => ({ min: n, max: n });

/** Sum of ranges. */
export function add(...rs: Range[]): Range {
  return rs.reduce((a, b) => ({ min: saturate(a.min + b.min), max: saturate(a.max + b.max) }), fixed(0));
}

/** Product of two ranges. */
export function multiply(a: Range, b: Range): Range {
  return { min: saturate(a.min * b.min), max: saturate(a.max * b.max) };
}

function byFactor(x: number, factor: number): number {
  return saturate(Math.ceil(x * factor));
}

/** A size (or cost) times a per-unit cost factor, rounded up. */
export function times(a: Range, factor: number): Range {
  return { min: byFactor(a.min, factor), max: byFactor(a.max, factor) };
}

/** The smallest min and the largest max. */
export function union(a: Range, b: Range): Range {
  return { min: Math.min(a.min, b.min), max: Math.max(a.max, b.max) };
}

/** kube's getCostErrorMessage: `<what> exceeds budget by factor of <f> (try ...)`. */
export function costErrorMessage(what: string, cost: number, limit: number): string {
  const factor = cost / limit;
  const text = factor > 100 ? 'more than 100x' : factor < 1.5 ? `${factor.toFixed(6)}x` : `${factor.toFixed(1)}x`;
  return `${what} exceeds budget by factor of ${text} (try simplifying the rule, or adding maxItems, maxProperties, and maxLength where arrays, maps, and strings are declared)`;
}
