/**
 * autoscaling/v1 HorizontalPodAutoscaler (CPU utilization only), and the v1 metric types that
 * only travel inside its `autoscaling.alpha.kubernetes.io/*` annotations (the v2-only parts of
 * an autoscaler read through v1).
 */
import { z } from 'zod';
import { ObjectMetaSchema, type LabelSelector } from './meta-v1.js';
import { named, namedKind, optInt32, optInt64, optString, TimeSchema } from './primitives.js';

const V1 = 'io.k8s.api.autoscaling.v1.';

/** The object a v1 autoscaler scales. */
export const CrossVersionObjectReferenceSchema = named(
  `${V1}CrossVersionObjectReference`,
  z.strictObject({ kind: optString(), name: optString(), apiVersion: optString() }),
  'CrossVersionObjectReference contains enough information to let you identify the referred resource.',
);

/** An autoscaling/v1 HorizontalPodAutoscaler. */
export const HorizontalPodAutoscalerV1Schema = namedKind(
  `${V1}HorizontalPodAutoscaler`,
  { group: 'autoscaling', version: 'v1', kind: 'HorizontalPodAutoscaler' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${V1}HorizontalPodAutoscalerSpec`,
      z.strictObject({
        scaleTargetRef: CrossVersionObjectReferenceSchema.optional(),
        minReplicas: optInt32(),
        maxReplicas: optInt32(),
        targetCPUUtilizationPercentage: optInt32(),
      }),
    ).optional(),
    status: named(
      `${V1}HorizontalPodAutoscalerStatus`,
      z.strictObject({
        observedGeneration: optInt64(),
        lastScaleTime: TimeSchema.optional(),
        currentReplicas: optInt32(),
        desiredReplicas: optInt32(),
        currentCPUUtilizationPercentage: optInt32(),
      }),
    ).optional(),
  }),
  'configuration of a horizontal pod autoscaler.',
);
/** An autoscaling/v1 HorizontalPodAutoscaler. */
export type HorizontalPodAutoscalerV1 = z.infer<typeof HorizontalPodAutoscalerV1Schema>;

// The annotation-only v1 metric types, in Go's field order (json.Marshal writes them so).
// Quantities are strings; fields without omitempty in Go are required here.

/** A v1 cross-version reference as Go marshals it. */
export interface V1Reference {
  kind: string;
  name: string;
  apiVersion?: string;
}

/** autoscaling/v1 MetricSpec (annotation `autoscaling.alpha.kubernetes.io/metrics`). */
export interface V1MetricSpec {
  type: string;
  object?: {
    target: V1Reference;
    metricName: string;
    targetValue: string;
    selector?: LabelSelector;
    averageValue?: string;
  };
  pods?: { metricName: string; targetAverageValue: string; selector?: LabelSelector };
  resource?: { name: string; targetAverageUtilization?: number; targetAverageValue?: string };
  containerResource?: {
    name: string;
    targetAverageUtilization?: number;
    targetAverageValue?: string;
    container: string;
  };
  external?: { metricName: string; metricSelector?: LabelSelector; targetValue?: string; targetAverageValue?: string };
}

/** autoscaling/v1 MetricStatus (annotation `autoscaling.alpha.kubernetes.io/current-metrics`). */
export interface V1MetricStatus {
  type: string;
  object?: {
    target: V1Reference;
    metricName: string;
    currentValue: string;
    selector?: LabelSelector;
    averageValue?: string;
  };
  pods?: { metricName: string; currentAverageValue: string; selector?: LabelSelector };
  resource?: { name: string; currentAverageUtilization?: number; currentAverageValue: string };
  containerResource?: {
    name: string;
    currentAverageUtilization?: number;
    currentAverageValue: string;
    container: string;
  };
  external?: { metricName: string; metricSelector?: LabelSelector; currentValue: string; currentAverageValue?: string };
}

/** autoscaling/v1 HorizontalPodAutoscalerCondition (annotation `autoscaling.alpha.kubernetes.io/conditions`). */
export interface V1Condition {
  type: string;
  status: string;
  lastTransitionTime: string | null;
  reason?: string;
  message?: string;
}
