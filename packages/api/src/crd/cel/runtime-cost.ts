/**
 * The cost of evaluating a rule on actual values, for kube's per-call limit and runtime budget:
 * the cost estimate of cost-estimate.ts with each field path sized by the values found there
 * (the longest string, list or map among them) instead of the schema's maxima. cel-go counts
 * the cost of the steps it actually takes; this prices every branch at the actual sizes, so it
 * is an upper bound of cel-go's figure (exact for rules without branches or short circuits).
 */
import { Optional } from '@marcbachmann/cel-js';
import { isJsonObject } from '../schema-nav.js';
import { estimateCost } from './cost-estimate.js';
import { fixed, type Range } from './cost-model.js';
import type { CostPlan } from './type-check.js';

/** Below this estimate a rule is charged its estimate: sizing its values would cost more than it saves. */
const CHEAP = 100;

function valuesAt(root: unknown, steps: readonly string[]): unknown[] {
  let values = [root];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const v of values) {
      if (step === '@items') {
        if (Array.isArray(v)) next.push(...(v as unknown[]));
      } else if (step === '@values') {
        if (isJsonObject(v)) next.push(...Object.values(v));
      } else if (step === '@keys') {
        if (isJsonObject(v)) next.push(...Object.keys(v));
      } else if (isJsonObject(v) && step in v) next.push(v[step]);
    }
    values = next;
  }
  return values;
}

function sizeOf(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v) || v instanceof Uint8Array) return v.length;
  return isJsonObject(v) ? Object.keys(v).length : 0;
}

/** The cost of one evaluation of `plan` with `self` and `oldSelf` (CEL values; oldSelf may be an Optional). */
export function runtimeCost(plan: CostPlan, self: unknown, oldSelf: unknown): number {
  if (plan.maxCost <= CHEAP) return plan.maxCost;
  const old = oldSelf instanceof Optional ? (oldSelf.hasValue() ? oldSelf.value() : undefined) : oldSelf;
  const memo = new Map<string, Range>();
  return estimateCost(plan.ast, (path) => {
    const key = path.join('\u0000');
    let size = memo.get(key);
    if (size === undefined) {
      const root = path[0] === 'self' ? self : path[0] === 'oldSelf' ? old : undefined;
      size = fixed(valuesAt(root, path.slice(1)).reduce<number>((m, v) => Math.max(m, sizeOf(v)), 0));
      memo.set(key, size);
    }
    return size;
  }).max;
}
