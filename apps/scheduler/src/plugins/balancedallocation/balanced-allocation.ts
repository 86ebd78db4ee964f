/**
 * NodeResourcesBalancedAllocation (Score): prefers nodes whose cpu and memory (by default)
 * would be used in equal fractions: score = (1 - standard deviation of the fractions) * 100.
 */
import { z } from 'zod';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import { MAX_NODE_SCORE, type PreScorePlugin, type ScorePlugin } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import type { StatusResult } from '../../framework/status.js';
import {
  allocationScore,
  DEFAULT_RESOURCES,
  podRequestList,
  ResourceSpecSchema,
} from '../helpers/resource-allocation.js';
import { Names } from '../names.js';

/** NodeResourcesBalancedAllocationArgs. */
export const BalancedAllocationArgsSchema = z.strictObject({ resources: z.array(ResourceSpecSchema).optional() });

const PRE_SCORE_KEY = `PreScore${Names.NodeResourcesBalancedAllocation}`;

class PodRequests implements StateData {
  constructor(readonly list: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

/** (1 - std of requested/allocatable fractions, each capped at 1) * 100, truncated. */
export function balancedResourceScorer(requested: number[], allocatable: number[]): number {
  // The fractions of the resources with capacity: mean, then standard deviation (two passes
  // over the arrays rather than an array of fractions per node scored).
  let count = 0;
  let sum = 0;
  let first = 0;
  let second = 0;
  for (let i = 0; i < requested.length; i++) {
    const cap = allocatable[i] ?? 0;
    if (cap === 0) continue;
    const f = Math.min((requested[i] ?? 0) / cap, 1);
    if (count === 0) first = f;
    else if (count === 1) second = f;
    sum += f;
    count++;
  }
  let std = 0;
  if (count === 2) {
    // kube's shortcut for two resources: |f1 - f2| / 2.
    std = Math.abs((first - second) / 2);
  } else if (count > 2) {
    const mean = sum / count;
    let squares = 0;
    for (let i = 0; i < requested.length; i++) {
      const cap = allocatable[i] ?? 0;
      if (cap === 0) continue;
      const d = Math.min((requested[i] ?? 0) / cap, 1) - mean;
      squares += d * d;
    }
    std = Math.sqrt(squares / count);
  }
  return Math.trunc((1 - std) * MAX_NODE_SCORE);
}

/** The NodeResourcesBalancedAllocation plugin. */
export class BalancedAllocation implements PreScorePlugin, ScorePlugin {
  readonly name = Names.NodeResourcesBalancedAllocation;
  private readonly resources;

  constructor(args: z.infer<typeof BalancedAllocationArgsSchema>) {
    this.resources = args.resources && args.resources.length > 0 ? args.resources : [...DEFAULT_RESOURCES];
  }

  preScore(state: CycleState, pod: PodInfo): StatusResult {
    state.write(PRE_SCORE_KEY, new PodRequests(podRequestList(pod.pod, this.resources, true)));
    return undefined;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const reqs = state.read<PodRequests>(PRE_SCORE_KEY)?.list ?? podRequestList(pod.pod, this.resources, true);
    return allocationScore(nodeInfo, this.resources, reqs, true, balancedResourceScorer);
  }
}

/** Factory for the registry; validates the arguments. */
export const newBalancedAllocation: PluginFactory = (args) =>
  new BalancedAllocation(BalancedAllocationArgsSchema.parse(args ?? {}));
