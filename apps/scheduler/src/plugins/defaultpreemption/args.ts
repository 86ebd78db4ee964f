/** DefaultPreemptionArgs with kube-scheduler's defaults (10% of nodes, at least 100). */
import { z } from 'zod';

/** The arguments of DefaultPreemption. */
export const DefaultPreemptionArgsSchema = z
  .strictObject({
    minCandidateNodesPercentage: z.int().min(0).max(100).default(10),
    minCandidateNodesAbsolute: z.int().min(0).default(100),
  })
  .refine((a) => a.minCandidateNodesPercentage !== 0 || a.minCandidateNodesAbsolute !== 0, {
    message: 'cannot be zero at the same time as minCandidateNodesAbsolute',
    path: ['minCandidateNodesPercentage'],
  });
/** DefaultPreemptionArgs after defaulting. */
export type DefaultPreemptionArgs = z.infer<typeof DefaultPreemptionArgsSchema>;

/** How many candidates the dry run looks for among `numNodes` potential nodes (calculateNumCandidates). */
export function numCandidates(args: DefaultPreemptionArgs, numNodes: number): number {
  const n = Math.max(Math.trunc((numNodes * args.minCandidateNodesPercentage) / 100), args.minCandidateNodesAbsolute);
  return Math.min(n, numNodes);
}
