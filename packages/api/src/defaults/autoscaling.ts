/** Defaulting of HorizontalPodAutoscalers (autoscaling/v1 and v2 SetDefaults_HorizontalPodAutoscaler). */
import { deepClone } from '@wheelhouse/machinery';
import type { HorizontalPodAutoscalerV1 } from '../schema/autoscaling-v1-hpa.js';
import type { HorizontalPodAutoscaler, HPAScalingRules } from '../schema/autoscaling-v2.js';
import { DEFAULT_CPU_UTILIZATION } from '../conversion/autoscaling.js';

const SCALE_UP: HPAScalingRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ],
};
// No stabilizationWindowSeconds: the controller's --horizontal-pod-autoscaler-downscale-stabilization applies.
const SCALE_DOWN: HPAScalingRules = {
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** `rules` with unset fields taken from `defaults` (copyHPAScalingRules over a copy of the defaults). */
function withDefaults(rules: HPAScalingRules | undefined, defaults: HPAScalingRules): HPAScalingRules {
  const out = deepClone(defaults);
  if (rules === undefined) return out;
  if (rules.selectPolicy !== undefined) out.selectPolicy = rules.selectPolicy;
  if (rules.stabilizationWindowSeconds !== undefined) out.stabilizationWindowSeconds = rules.stabilizationWindowSeconds;
  if (rules.policies !== undefined) out.policies = deepClone(rules.policies);
  return out;
}

/**
 * autoscaling/v2: minReplicas 1; no metrics means 80% average CPU utilization; a behavior
 * that is present gets both directions filled in (scale up: no window, Max of 4 pods or
 * 100% per 15s; scale down: Max of 100% per 15s). An absent behavior stays absent.
 */
export function defaultHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): HorizontalPodAutoscaler {
  const copy = deepClone(hpa);
  const spec = (copy.spec ??= {});
  spec.minReplicas ??= 1;
  if ((spec.metrics ?? []).length === 0) {
    const averageUtilization = DEFAULT_CPU_UTILIZATION;
    spec.metrics = [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } },
    ];
  }
  if (spec.behavior !== undefined) {
    spec.behavior = {
      scaleUp: withDefaults(spec.behavior.scaleUp, SCALE_UP),
      scaleDown: withDefaults(spec.behavior.scaleDown, SCALE_DOWN),
    };
  }
  return copy;
}

/** autoscaling/v1: minReplicas 1 (the CPU target's 80% default is applied by conversion, not here). */
export function defaultHorizontalPodAutoscalerV1(hpa: HorizontalPodAutoscalerV1): HorizontalPodAutoscalerV1 {
  const copy = deepClone(hpa);
  (copy.spec ??= {}).minReplicas ??= 1;
  return copy;
}
