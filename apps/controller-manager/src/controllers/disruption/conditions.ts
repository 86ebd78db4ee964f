/**
 * The DisruptionAllowed condition of a PodDisruptionBudget (kube's pdbhelper), set with
 * apimachinery's SetStatusCondition rules.
 */
import type { Condition, PodDisruptionBudget } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';

type Status = NonNullable<PodDisruptionBudget['status']>;

/** policy/v1's condition type on a budget. */
export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
/** Reason: the budget allows at least one disruption. */
export const SUFFICIENT_PODS = 'SufficientPods';
/** Reason: the budget allows no disruption. */
export const INSUFFICIENT_PODS = 'InsufficientPods';
/** Reason: the controller could not compute the budget. */
export const SYNC_FAILED = 'SyncFailed';

/**
 * apimachinery's SetStatusCondition: adds `c` (transition time `now` unless given), or updates
 * the condition of its type, moving the transition time only when the status changes.
 */
export function setStatusCondition(conditions: Condition[], c: Condition, now: number): void {
  const existing = conditions.find((x) => x.type === c.type);
  if (!existing) {
    conditions.push({ ...c, lastTransitionTime: c.lastTransitionTime ?? formatTime(now) });
    return;
  }
  if (existing.status !== c.status) {
    existing.status = c.status;
    existing.lastTransitionTime = c.lastTransitionTime ?? formatTime(now);
  }
  existing.reason = c.reason;
  existing.message = c.message;
  existing.observedGeneration = c.observedGeneration;
}

/**
 * kube's UpdateDisruptionAllowedCondition: True/SufficientPods when `status` allows a
 * disruption, else False/InsufficientPods, at the status's observedGeneration.
 */
export function disruptionAllowedCondition(status: Status, now: number): void {
  const allowed = (status.disruptionsAllowed ?? 0) > 0;
  setStatusCondition(
    (status.conditions ??= []),
    {
      type: DISRUPTION_ALLOWED,
      status: allowed ? 'True' : 'False',
      reason: allowed ? SUFFICIENT_PODS : INSUFFICIENT_PODS,
      message: '',
      observedGeneration: status.observedGeneration ?? 0,
    },
    now,
  );
}

/** kube's failSafe condition: False/SyncFailed with the error's message. */
export function syncFailedCondition(status: Status, message: string, now: number): void {
  setStatusCondition(
    (status.conditions ??= []),
    {
      type: DISRUPTION_ALLOWED,
      status: 'False',
      reason: SYNC_FAILED,
      message,
      observedGeneration: status.observedGeneration ?? 0,
    },
    now,
  );
}

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
