/** autoscaling/v2 HorizontalPodAutoscaler: the stored form of every HorizontalPodAutoscaler (v1 converts to it). */
import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
import {
  named,
  namedKind,
  optInt32,
  optInt64,
  optList,
  optString,
  QuantitySchema,
  TimeSchema,
  conditionSchema,
} from './primitives.js';

const V2 = 'io.k8s.api.autoscaling.v2.';

/** The object an autoscaler scales, or a metric describes (`kind`, `name`, `apiVersion`). */
export const CrossVersionObjectReferenceV2Schema = named(
  `${V2}CrossVersionObjectReference`,
  z.strictObject({ kind: optString(), name: optString(), apiVersion: optString() }),
  'CrossVersionObjectReference contains enough information to let you identify the referred resource.',
);

/** A metric's name and optional label selector. */
export const MetricIdentifierSchema = named(
  `${V2}MetricIdentifier`,
  z.strictObject({ name: optString(), selector: LabelSelectorSchema.optional() }),
  'MetricIdentifier defines the name and optionally selector for a metric',
);

/** The target of a metric: `Utilization`, `Value` or `AverageValue`, with the matching field. */
export const MetricTargetSchema = named(
  `${V2}MetricTarget`,
  z.strictObject({
    type: optString(),
    value: QuantitySchema.optional(),
    averageValue: QuantitySchema.optional(),
    averageUtilization: optInt32(),
  }),
  'MetricTarget defines the target value, average value, or average utilization of a specific metric',
);

/** A metric's current value. */
export const MetricValueStatusSchema = named(
  `${V2}MetricValueStatus`,
  z.strictObject({
    value: QuantitySchema.optional(),
    averageValue: QuantitySchema.optional(),
    averageUtilization: optInt32(),
  }),
  'MetricValueStatus holds the current value for a metric',
);

const resourceSource = z.strictObject({ name: optString(), target: MetricTargetSchema.optional() });
const identified = z.strictObject({ metric: MetricIdentifierSchema.optional(), target: MetricTargetSchema.optional() });

/** One metric an autoscaler scales on. */
export const MetricSpecSchema = named(
  `${V2}MetricSpec`,
  z.strictObject({
    type: optString(),
    object: named(
      `${V2}ObjectMetricSource`,
      z.strictObject({
        describedObject: CrossVersionObjectReferenceV2Schema.optional(),
        target: MetricTargetSchema.optional(),
        metric: MetricIdentifierSchema.optional(),
      }),
    ).optional(),
    pods: named(`${V2}PodsMetricSource`, identified).optional(),
    resource: named(`${V2}ResourceMetricSource`, resourceSource).optional(),
    containerResource: named(
      `${V2}ContainerResourceMetricSource`,
      z.strictObject({ name: optString(), target: MetricTargetSchema.optional(), container: optString() }),
    ).optional(),
    external: named(`${V2}ExternalMetricSource`, identified.clone()).optional(),
  }),
  'MetricSpec specifies how to scale based on a single metric.',
);
/** One metric of a v2 autoscaler. */
export type MetricSpec = z.infer<typeof MetricSpecSchema>;

const identifiedStatus = z.strictObject({
  metric: MetricIdentifierSchema.optional(),
  current: MetricValueStatusSchema.optional(),
});

/** The last observed value of one metric. */
export const MetricStatusSchema = named(
  `${V2}MetricStatus`,
  z.strictObject({
    type: optString(),
    object: named(
      `${V2}ObjectMetricStatus`,
      z.strictObject({
        metric: MetricIdentifierSchema.optional(),
        current: MetricValueStatusSchema.optional(),
        describedObject: CrossVersionObjectReferenceV2Schema.optional(),
      }),
    ).optional(),
    pods: named(`${V2}PodsMetricStatus`, identifiedStatus).optional(),
    resource: named(
      `${V2}ResourceMetricStatus`,
      z.strictObject({ name: optString(), current: MetricValueStatusSchema.optional() }),
    ).optional(),
    containerResource: named(
      `${V2}ContainerResourceMetricStatus`,
      z.strictObject({ name: optString(), current: MetricValueStatusSchema.optional(), container: optString() }),
    ).optional(),
    external: named(`${V2}ExternalMetricStatus`, identifiedStatus.clone()).optional(),
  }),
  'MetricStatus describes the last-read state of a single metric.',
);
/** The observed state of one metric of a v2 autoscaler. */
export type MetricStatus = z.infer<typeof MetricStatusSchema>;

/** One scaling policy: `Pods` or `Percent`, a value, a period. */
export const HPAScalingPolicySchema = named(
  `${V2}HPAScalingPolicy`,
  z.strictObject({ type: optString(), value: optInt32(), periodSeconds: optInt32() }),
  'HPAScalingPolicy is a single policy which must hold true for a specified past interval.',
);

/** The rules of one scaling direction. */
export const HPAScalingRulesSchema = named(
  `${V2}HPAScalingRules`,
  z.strictObject({
    stabilizationWindowSeconds: optInt32(),
    selectPolicy: optString(),
    policies: optList(HPAScalingPolicySchema),
  }),
  'HPAScalingRules configures the scaling behavior for one direction.',
);
/** The rules of one scaling direction. */
export type HPAScalingRules = z.infer<typeof HPAScalingRulesSchema>;

/** Scale-up and scale-down behavior. */
export const HorizontalPodAutoscalerBehaviorSchema = named(
  `${V2}HorizontalPodAutoscalerBehavior`,
  z.strictObject({ scaleUp: HPAScalingRulesSchema.optional(), scaleDown: HPAScalingRulesSchema.optional() }),
  'HorizontalPodAutoscalerBehavior configures the scaling behavior of the target in both Up and Down directions.',
);
/** Scale-up and scale-down behavior. */
export type HorizontalPodAutoscalerBehavior = z.infer<typeof HorizontalPodAutoscalerBehaviorSchema>;

/** A condition of an autoscaler (AbleToScale, ScalingActive, ScalingLimited). */
export const HorizontalPodAutoscalerConditionV2Schema = conditionSchema(
  `${V2}HorizontalPodAutoscalerCondition`,
  false,
  'HorizontalPodAutoscalerCondition describes the state of a HorizontalPodAutoscaler at a certain point.',
);
/** A condition of an autoscaler. */
export type HorizontalPodAutoscalerConditionV2 = z.infer<typeof HorizontalPodAutoscalerConditionV2Schema>;

/** An autoscaling/v2 HorizontalPodAutoscaler. */
export const HorizontalPodAutoscalerSchema = namedKind(
  `${V2}HorizontalPodAutoscaler`,
  { group: 'autoscaling', version: 'v2', kind: 'HorizontalPodAutoscaler' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: named(
      `${V2}HorizontalPodAutoscalerSpec`,
      z.strictObject({
        scaleTargetRef: CrossVersionObjectReferenceV2Schema.optional(),
        minReplicas: optInt32(),
        maxReplicas: optInt32(),
        metrics: optList(MetricSpecSchema),
        behavior: HorizontalPodAutoscalerBehaviorSchema.optional(),
      }),
    ).optional(),
    status: named(
      `${V2}HorizontalPodAutoscalerStatus`,
      z.strictObject({
        observedGeneration: optInt64(),
        lastScaleTime: TimeSchema.optional(),
        currentReplicas: optInt32(),
        desiredReplicas: optInt32(),
        currentMetrics: optList(MetricStatusSchema),
        conditions: optList(HorizontalPodAutoscalerConditionV2Schema),
      }),
    ).optional(),
  }),
  'HorizontalPodAutoscaler is the configuration for a horizontal pod autoscaler, which automatically manages the replica count of any resource implementing the scale subresource based on the metrics specified.',
);
/** An autoscaling/v2 HorizontalPodAutoscaler. */
export type HorizontalPodAutoscaler = z.infer<typeof HorizontalPodAutoscalerSchema>;
