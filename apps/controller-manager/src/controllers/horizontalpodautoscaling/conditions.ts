/** An HPA's status conditions, set as kube's horizontal controller sets them (setConditionInList). */
import type { HorizontalPodAutoscaler } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';

/** The status of an autoscaling/v2 HorizontalPodAutoscaler. */
export type HpaStatus = NonNullable<HorizontalPodAutoscaler['status']>;

/** kube's HPA condition types. */
export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

/**
 * Sets the condition of `type` (added at the end if absent): its transition time moves only
 * when the status changes; reason and message are always replaced.
 */
export function setCondition(
  status: HpaStatus,
  type: HpaConditionType,
  value: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): void {
  const conditions = (status.conditions ??= []);
  let existing = conditions.find((c) => c.type === type);
  if (!existing) {
    existing = { type, status: '' };
    conditions.push(existing);
  }
  if (existing.status !== value) existing.lastTransitionTime = formatTime(now);
  existing.status = value;
  existing.reason = reason;
  existing.message = message;
}
