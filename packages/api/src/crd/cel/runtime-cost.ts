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
import { fixed } from './cost-model.js';
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
      } else if (isJsonObject(v) && Object.hasOwn(v, step)) next.push(v[step]);
    }
    values = next;
  }
  return values;
}

function sizeOf(v: unknown): number {
  if (typeof v === 'string' || Array.isArray(v) || v instanceof Uint8Array) return v.length;
  return isJsonObject(v) ? Object.keys(v).length : 0;
}

/** What a plan's estimates need: the field paths they size, and the costs found per set of sizes. */
interface PlanSizes {
  /** The paths the estimate asks sizes for (found as it asks), by their joined key. */
  paths: Map<string, readonly string[]>;
  /** Costs by the sizes at `paths` (in order), so a rule run on many similar values is priced once. */
  costs: Map<string, number>;
}

const sizesByPlan = new WeakMap<CostPlan, PlanSizes>();
/** How many sets of sizes a plan remembers the cost of. */
const REMEMBERED_COSTS = 256;

/** The sizes of one evaluation's values (the longest string, list or map at a path), each measured once. */
class Sizes {
  private readonly measured = new Map<string, number>();

  constructor(
    private readonly self: unknown,
    private readonly old: unknown,
  ) {}

  at(key: string, path: readonly string[]): number {
    let size = this.measured.get(key);
    if (size === undefined) {
      const root = path[0] === 'self' ? this.self : path[0] === 'oldSelf' ? this.old : undefined;
      size = valuesAt(root, path.slice(1)).reduce<number>((m, v) => Math.max(m, sizeOf(v)), 0);
      this.measured.set(key, size);
    }
    return size;
  }

  /** The sizes at `paths`, in order, as a memo key. */
  signature(paths: PlanSizes['paths']): string {
    let out = '';
    for (const [key, path] of paths) out += `${this.at(key, path)},`;
    return out;
  }
}

/** The cost of one evaluation of `plan` with `self` and `oldSelf` (CEL values; oldSelf may be an Optional). */
export function runtimeCost(plan: CostPlan, self: unknown, oldSelf: unknown): number {
  if (plan.maxCost <= CHEAP) return plan.maxCost;
  const old = oldSelf instanceof Optional ? (oldSelf.hasValue() ? oldSelf.value() : undefined) : oldSelf;
  let memo = sizesByPlan.get(plan);
  if (memo === undefined) sizesByPlan.set(plan, (memo = { paths: new Map(), costs: new Map() }));
  const sizes = new Sizes(self, old);
  const known = memo.costs.get(sizes.signature(memo.paths));
  if (known !== undefined) return known;
  const { paths, costs } = memo;
  const asked = paths.size;
  const cost = estimateCost(plan.ast, (path) => {
    const key = path.join('\u0000');
    if (!paths.has(key)) paths.set(key, path);
    return fixed(sizes.at(key, path));
  }).max;
  // New paths make new signatures: the costs remembered under the old ones go.
  if (paths.size !== asked || costs.size >= REMEMBERED_COSTS) costs.clear();
  costs.set(sizes.signature(paths), cost);
  return cost;
}
