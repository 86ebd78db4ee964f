/** The argument schemas of the plugins that take arguments, by plugin name (and their Args kinds). */
import type { z } from 'zod';
import { BalancedAllocationArgsSchema } from '../plugins/balancedallocation/balanced-allocation.js';
import { DefaultPreemptionArgsSchema } from '../plugins/defaultpreemption/args.js';
import { InterPodAffinityArgsSchema } from '../plugins/interpodaffinity/args.js';
import { NodeAffinityArgsSchema } from '../plugins/nodeaffinity/node-affinity.js';
import { NodeResourcesFitArgsSchema } from '../plugins/noderesourcesfit/args.js';
import { PodTopologySpreadArgsSchema } from '../plugins/podtopologyspread/args.js';

/** Plugin name -> schema of its args (without apiVersion/kind). */
export const PLUGIN_ARGS: ReadonlyMap<string, z.ZodType> = new Map<string, z.ZodType>([
  ['DefaultPreemption', DefaultPreemptionArgsSchema],
  ['InterPodAffinity', InterPodAffinityArgsSchema],
  ['NodeAffinity', NodeAffinityArgsSchema],
  ['NodeResourcesFit', NodeResourcesFitArgsSchema],
  ['NodeResourcesBalancedAllocation', BalancedAllocationArgsSchema],
  ['PodTopologySpread', PodTopologySpreadArgsSchema],
]);
