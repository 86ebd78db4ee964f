/** An HPA's status conditions, set as kube's horizontal controller sets them (setConditionInList). */
import { type HorizontalPodAutoscaler, setStatusCondition } from '@wheelhouse/api';

/** The status of an autoscaling/v2 HorizontalPodAutoscaler. */
export type HpaStatus = NonNullable<HorizontalPodAutoscaler['status']>;

/** kube's HPA condition types. */
export type HpaConditionType = 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';

/**
 * Sets the condition of `type` (added at the end if absent): its transition time moves only
 * when the status changes; reason and message are always replaced (apimachinery's rules,
 * which kube's setConditionInList follows too).
 */
export function setCondition(
  status: HpaStatus,
  type: HpaConditionType,
  value: 'True' | 'False',
  reason: string,
  message: string,
  now: number,
): void {
  setStatusCondition((status.conditions ??= []), { type, status: value, reason, message }, now);
}
