/** InterPodAffinityArgs with kube-scheduler's defaults. */
import { z } from 'zod';

/** The arguments of InterPodAffinity. */
export const InterPodAffinityArgsSchema = z.strictObject({
  hardPodAffinityWeight: z.int().min(0).max(100).default(1),
  ignorePreferredTermsOfExistingPods: z.boolean().default(false),
});
/** InterPodAffinityArgs after defaulting. */
export type InterPodAffinityArgs = z.infer<typeof InterPodAffinityArgsSchema>;
