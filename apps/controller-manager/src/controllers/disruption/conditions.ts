/**
 * Whether a PodDisruptionBudget's DisruptionAllowed condition is current (the condition
 * itself is set by @wheelhouse/api's disruptionAllowedCondition, shared with the eviction
 * subresource).
 */
import { DISRUPTION_ALLOWED, INSUFFICIENT_PODS, SUFFICIENT_PODS, type PodDisruptionBudget } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';

/**
 * kube's ConditionsAreUpToDate: the budget's status was computed for its generation and its
 * DisruptionAllowed condition agrees with disruptionsAllowed.
 */
export function conditionsAreUpToDate(pdb: DeepReadonly<PodDisruptionBudget>): boolean {
  const cond = pdb.status?.conditions?.find((c) => c.type === DISRUPTION_ALLOWED);
  if (!cond) return false;
  if ((pdb.status?.observedGeneration ?? 0) !== (pdb.metadata?.generation ?? 0)) return false;
  if ((pdb.status?.disruptionsAllowed ?? 0) > 0) return cond.status === 'True' && cond.reason === SUFFICIENT_PODS;
  return cond.status === 'False' && cond.reason === INSUFFICIENT_PODS;
}
