/**
 * The DisruptionAllowed condition of a PodDisruptionBudget (kube's component-helpers
 * pdbhelper), set with apimachinery's SetStatusCondition rules. Shared by the eviction
 * subresource (the API server decrements a budget) and the disruption controller.
 */
import { formatTime } from '@wheelhouse/machinery';
import type { PodDisruptionBudget } from '../schema/policy-v1.js';

type BudgetStatus = NonNullable<PodDisruptionBudget['status']>;

/** policy/v1's condition type on a budget. */
export const DISRUPTION_ALLOWED = 'DisruptionAllowed';
/** Reason: the budget allows at least one disruption. */
export const SUFFICIENT_PODS = 'SufficientPods';
/** Reason: the budget allows no disruption. */
export const INSUFFICIENT_PODS = 'InsufficientPods';
/** Reason: the controller could not compute the budget. */
export const SYNC_FAILED = 'SyncFailed';

/** What {@link setStatusCondition} sets: metav1.Condition, or a kind's own condition type (an HPA's). */
export interface SettableCondition {
  type?: string | undefined;
  status?: string | undefined;
  lastTransitionTime?: string | undefined;
  reason?: string | undefined;
  message?: string | undefined;
  observedGeneration?: number | undefined;
}

/**
 * apimachinery's SetStatusCondition (and the HPA controller's setConditionInList, the same
 * rules): adds `c` (transition time `now` unless given), or updates the condition of its
 * type, moving the transition time only when the status changes; reason and message are
 * always replaced, and observedGeneration when `c` has one.
 */
export function setStatusCondition<C extends SettableCondition>(conditions: C[], c: C, now: number): void {
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
  if (c.observedGeneration !== undefined) existing.observedGeneration = c.observedGeneration;
}

/**
 * kube's UpdateDisruptionAllowedCondition: True/SufficientPods when `status` allows a
 * disruption, else False/InsufficientPods, at the status's observedGeneration.
 */
export function disruptionAllowedCondition(status: BudgetStatus, now: number): void {
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
export function syncFailedCondition(status: BudgetStatus, message: string, now: number): void {
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
