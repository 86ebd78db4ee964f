/**
 * NodeResourcesFit's scoring strategies: LeastAllocated (the default: prefer emptier
 * nodes), MostAllocated (bin packing) and RequestedToCapacityRatio (a piecewise-linear
 * shape over utilization). Each is a weighted average over the scored resources.
 */
import { MAX_NODE_SCORE } from '../../framework/interfaces.js';
import type { ResourceScorer, ResourceSpec } from '../helpers/resource-allocation.js';

/** One point of a RequestedToCapacityRatio shape: utilization 0-100 -> score 0-10. */
export interface UtilizationShapePoint {
  utilization: number;
  score: number;
}

const MAX_UTILIZATION = 100;
const MAX_CUSTOM_PRIORITY_SCORE = 10;

/**
 * The weighted average of `perResource` over resources with capacity; `dropZeros` leaves
 * resources scoring 0 out (RequestedToCapacityRatio does), `finish` rounds the average.
 */
function weighted(
  resources: readonly ResourceSpec[],
  perResource: (req: number, cap: number) => number,
  { dropZeros = false, finish = Math.trunc }: { dropZeros?: boolean; finish?: (x: number) => number } = {},
): ResourceScorer {
  return (requested, allocatable) => {
    let score = 0;
    let weights = 0;
    for (let i = 0; i < requested.length; i++) {
      const cap = allocatable[i] ?? 0;
      if (cap === 0) continue;
      const s = perResource(requested[i] ?? 0, cap);
      if (dropZeros && s <= 0) continue;
      const w = resources[i]?.weight ?? 1;
      score += s * w;
      weights += w;
    }
    return weights === 0 ? 0 : finish(score / weights);
  };
}

/** (capacity - requested) * 100 / capacity; 0 when over capacity. */
export function leastAllocated(resources: readonly ResourceSpec[]): ResourceScorer {
  return weighted(resources, (req, cap) => (req > cap ? 0 : Math.trunc(((cap - req) * MAX_NODE_SCORE) / cap)));
}

/** requested * 100 / capacity, requested capped at capacity. */
export function mostAllocated(resources: readonly ResourceSpec[]): ResourceScorer {
  return weighted(resources, (req, cap) => Math.trunc((Math.min(req, cap) * MAX_NODE_SCORE) / cap));
}

function brokenLinear(shape: readonly UtilizationShapePoint[]): (p: number) => number {
  const pts = shape.map((s) => ({ u: s.utilization, s: (s.score * MAX_NODE_SCORE) / MAX_CUSTOM_PRIORITY_SCORE }));
  return (p) => {
    for (let i = 0; i < pts.length; i++) {
      const cur = pts[i] as { u: number; s: number };
      if (p > cur.u) continue;
      if (i === 0) return cur.s;
      const prev = pts[i - 1] as { u: number; s: number };
      return prev.s + Math.trunc(((cur.s - prev.s) * (p - prev.u)) / (cur.u - prev.u));
    }
    return pts[pts.length - 1]?.s ?? 0;
  };
}

/** Scores by the shape's value at each resource's utilization; resources scoring 0 are left out of the average. */
export function requestedToCapacityRatio(
  resources: readonly ResourceSpec[],
  shape: readonly UtilizationShapePoint[],
): ResourceScorer {
  const f = brokenLinear(shape);
  const perResource = (req: number, cap: number) =>
    req > cap ? f(MAX_UTILIZATION) : f(Math.trunc((req * MAX_UTILIZATION) / cap));
  return weighted(resources, perResource, { dropZeros: true, finish: Math.round });
}
