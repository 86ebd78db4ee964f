/** NodeResourcesFitArgs (kubescheduler.config.k8s.io/v1) with kube-scheduler's defaults. */
import { z } from 'zod';
import { DEFAULT_RESOURCES, ResourceSpecSchema } from '../helpers/resource-allocation.js';

const ShapePoint = z.strictObject({ utilization: z.int().min(0).max(100), score: z.int().min(0).max(10) });

/** The arguments of NodeResourcesFit. */
export const NodeResourcesFitArgsSchema = z.strictObject({
  ignoredResources: z.array(z.string()).optional(),
  ignoredResourceGroups: z.array(z.string()).optional(),
  scoringStrategy: z
    .strictObject({
      type: z.enum(['LeastAllocated', 'MostAllocated', 'RequestedToCapacityRatio']).default('LeastAllocated'),
      resources: z.array(ResourceSpecSchema).optional(),
      requestedToCapacityRatio: z.strictObject({ shape: z.array(ShapePoint).min(1) }).optional(),
    })
    .optional(),
});
/** NodeResourcesFitArgs as given. */
export type NodeResourcesFitArgs = z.infer<typeof NodeResourcesFitArgsSchema>;

/** The arguments with defaults filled in (SetDefaults_NodeResourcesFitArgs). */
export function defaultFitArgs(args: NodeResourcesFitArgs) {
  const strategy = args.scoringStrategy ?? { type: 'LeastAllocated' as const };
  return {
    ignoredResources: new Set(args.ignoredResources ?? []),
    ignoredResourceGroups: new Set(args.ignoredResourceGroups ?? []),
    type: strategy.type,
    resources: strategy.resources && strategy.resources.length > 0 ? strategy.resources : [...DEFAULT_RESOURCES],
    shape: strategy.requestedToCapacityRatio?.shape ?? [],
  };
}
