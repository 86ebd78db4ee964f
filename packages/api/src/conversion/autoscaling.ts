/**
 * HorizontalPodAutoscaler conversions between autoscaling/v1 and the stored autoscaling/v2,
 * as Kubernetes' pkg/apis/autoscaling/v1 conversions do: v1 carries the CPU utilization
 * target; everything else a v2 autoscaler holds (other metrics, behavior, current metrics,
 * conditions) travels in the `autoscaling.alpha.kubernetes.io/*` annotations and comes
 * back from them when a v1 object is converted to v2. Both functions return new objects.
 */
import { deepClone } from '@wheelhouse/machinery';
import type {
  HorizontalPodAutoscalerV1,
  V1Condition,
  V1MetricSpec,
  V1MetricStatus,
  V1Reference,
} from '../schema/autoscaling-v1-hpa.js';
import type {
  HorizontalPodAutoscaler,
  HorizontalPodAutoscalerBehavior,
  HorizontalPodAutoscalerConditionV2,
  HPAScalingRules,
  MetricSpec,
  MetricStatus,
} from '../schema/autoscaling-v2.js';
import type { LabelSelector } from '../schema/meta-v1.js';

/** Non-CPU metric specs of a v2 autoscaler, as a JSON list of v1 MetricSpecs. */
export const METRIC_SPECS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/metrics';
/** The current metrics of a v2 autoscaler, as a JSON list of v1 MetricStatuses. */
export const METRIC_STATUSES_ANNOTATION = 'autoscaling.alpha.kubernetes.io/current-metrics';
/** The conditions of a v2 autoscaler, as a JSON list of v1 conditions. */
export const CONDITIONS_ANNOTATION = 'autoscaling.alpha.kubernetes.io/conditions';
/** The behavior of a v2 autoscaler, in the JSON of Kubernetes' internal type (capitalized field names). */
export const BEHAVIOR_ANNOTATION = 'autoscaling.alpha.kubernetes.io/behavior';
/** The CPU utilization target a v1 autoscaler without one scales on. */
export const DEFAULT_CPU_UTILIZATION = 80;

const ROUND_TRIP = [METRIC_SPECS_ANNOTATION, METRIC_STATUSES_ANNOTATION, CONDITIONS_ANNOTATION, BEHAVIOR_ANNOTATION];

/**
 * `annotations` without the four round-trip annotations (DropRoundTripHorizontalPodAutoscalerAnnotations);
 * undefined stays undefined. Never mutates its argument.
 */
export function dropRoundTripAnnotations(
  annotations: Record<string, string> | undefined,
): Record<string, string> | undefined {
  if (annotations === undefined || !ROUND_TRIP.some((k) => Object.hasOwn(annotations, k))) return annotations;
  const out = { ...annotations };
  for (const key of ROUND_TRIP) delete out[key];
  return out;
}

type Q = string | number | undefined;
const qs = (q: Q): string | undefined => (q === undefined ? undefined : String(q));
/** A Go non-pointer Quantity: "0" when unset. */
const q0 = (q: Q): string => (q === undefined ? '0' : String(q));

/** Builds an object with only the defined fields, in the order given (Go's json.Marshal order). */
function compact<T extends object>(fields: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) out[k] = v;
  return out as T;
}

function ref(r: { kind?: string | undefined; name?: string | undefined; apiVersion?: string | undefined } | undefined) {
  return compact<V1Reference>({ kind: r?.kind ?? '', name: r?.name ?? '', apiVersion: r?.apiVersion || undefined });
}

const isCpuUtilization = (m: MetricSpec): boolean =>
  m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.target?.averageUtilization !== undefined;

type Target = NonNullable<NonNullable<MetricSpec['resource']>['target']>;
type Current = NonNullable<NonNullable<MetricStatus['resource']>['current']>;

/** A Resource or ContainerResource target as v1's `targetAverageUtilization`/`targetAverageValue`. */
function resourceTargetToV1(name: string | undefined, target: Target | undefined) {
  return compact({
    name: name ?? '',
    targetAverageUtilization: target?.averageUtilization,
    targetAverageValue: qs(target?.averageValue),
  });
}

function specToV1(m: MetricSpec): V1MetricSpec {
  const { object: o, pods: p, resource: r, containerResource: c, external: e } = m;
  return compact<V1MetricSpec>({
    type: m.type ?? '',
    object: o
      ? compact({
          target: ref(o.describedObject),
          metricName: o.metric?.name ?? '',
          targetValue: q0(o.target?.value),
          selector: o.metric?.selector,
          averageValue: qs(o.target?.averageValue),
        })
      : undefined,
    pods: p
      ? compact({
          metricName: p.metric?.name ?? '',
          targetAverageValue: q0(p.target?.averageValue),
          selector: p.metric?.selector,
        })
      : undefined,
    resource: r ? resourceTargetToV1(r.name, r.target) : undefined,
    containerResource: c ? { ...resourceTargetToV1(c.name, c.target), container: c.container ?? '' } : undefined,
    external: e
      ? compact({
          metricName: e.metric?.name ?? '',
          metricSelector: e.metric?.selector,
          targetValue: qs(e.target?.value),
          targetAverageValue: qs(e.target?.averageValue),
        })
      : undefined,
  });
}

function identifier(name: string | undefined, selector: LabelSelector | undefined) {
  return compact({ name: name ?? '', selector });
}

function resourceTarget(utilization: number | undefined, averageValue: string | undefined) {
  return compact({
    type: utilization === undefined ? 'AverageValue' : 'Utilization',
    averageValue,
    averageUtilization: utilization,
  });
}

function specFromV1(m: V1MetricSpec): MetricSpec {
  const { object: o, pods: p, resource: r, containerResource: c, external: e } = m;
  return compact<MetricSpec>({
    type: m.type,
    object: o
      ? {
          describedObject: ref(o.target),
          target: compact({
            type: o.averageValue === undefined ? 'Value' : 'AverageValue',
            value: q0(o.targetValue),
            averageValue: o.averageValue,
          }),
          metric: identifier(o.metricName, o.selector),
        }
      : undefined,
    pods: p
      ? {
          metric: identifier(p.metricName, p.selector),
          target: { type: 'AverageValue', averageValue: q0(p.targetAverageValue) },
        }
      : undefined,
    resource: r
      ? { name: r.name, target: resourceTarget(r.targetAverageUtilization, r.targetAverageValue) }
      : undefined,
    containerResource: c
      ? {
          name: c.name,
          target: resourceTarget(c.targetAverageUtilization, c.targetAverageValue),
          container: c.container,
        }
      : undefined,
    external: e
      ? {
          metric: identifier(e.metricName, e.metricSelector),
          target: compact({
            type: e.targetValue === undefined ? 'AverageValue' : 'Value',
            value: e.targetValue,
            averageValue: e.targetAverageValue,
          }),
        }
      : undefined,
  });
}

/** A Resource or ContainerResource current value as v1's `currentAverageUtilization`/`currentAverageValue`. */
function resourceCurrentToV1(name: string | undefined, current: Current | undefined) {
  return compact({
    name: name ?? '',
    currentAverageUtilization: current?.averageUtilization,
    currentAverageValue: q0(current?.averageValue),
  });
}

function statusToV1(m: MetricStatus): V1MetricStatus {
  const { object: o, pods: p, resource: r, containerResource: c, external: e } = m;
  return compact<V1MetricStatus>({
    type: m.type ?? '',
    object: o
      ? compact({
          target: ref(o.describedObject),
          metricName: o.metric?.name ?? '',
          currentValue: q0(o.current?.value),
          selector: o.metric?.selector,
          averageValue: qs(o.current?.averageValue),
        })
      : undefined,
    pods: p
      ? compact({
          metricName: p.metric?.name ?? '',
          currentAverageValue: q0(p.current?.averageValue),
          selector: p.metric?.selector,
        })
      : undefined,
    resource: r ? resourceCurrentToV1(r.name, r.current) : undefined,
    containerResource: c ? { ...resourceCurrentToV1(c.name, c.current), container: c.container ?? '' } : undefined,
    external: e
      ? compact({
          metricName: e.metric?.name ?? '',
          metricSelector: e.metric?.selector,
          currentValue: q0(e.current?.value),
          currentAverageValue: qs(e.current?.averageValue),
        })
      : undefined,
  });
}

function resourceCurrent(utilization: number | undefined, averageValue: string | undefined) {
  return compact({ averageValue: q0(averageValue), averageUtilization: utilization });
}

function statusFromV1(m: V1MetricStatus): MetricStatus {
  const { object: o, pods: p, resource: r, containerResource: c, external: e } = m;
  return compact<MetricStatus>({
    type: m.type,
    object: o
      ? {
          metric: identifier(o.metricName, o.selector),
          current: compact({ value: q0(o.currentValue), averageValue: o.averageValue }),
          describedObject: ref(o.target),
        }
      : undefined,
    pods: p
      ? { metric: identifier(p.metricName, p.selector), current: { averageValue: q0(p.currentAverageValue) } }
      : undefined,
    resource: r
      ? { name: r.name, current: resourceCurrent(r.currentAverageUtilization, r.currentAverageValue) }
      : undefined,
    containerResource: c
      ? {
          name: c.name,
          current: resourceCurrent(c.currentAverageUtilization, c.currentAverageValue),
          container: c.container,
        }
      : undefined,
    external: e
      ? {
          metric: identifier(e.metricName, e.metricSelector),
          current: compact({ value: q0(e.currentValue), averageValue: e.currentAverageValue }),
        }
      : undefined,
  });
}

function conditionToV1(c: HorizontalPodAutoscalerConditionV2): V1Condition {
  return compact<V1Condition>({
    type: c.type ?? '',
    status: c.status ?? '',
    lastTransitionTime: c.lastTransitionTime ?? null,
    reason: c.reason || undefined,
    message: c.message || undefined,
  });
}

function conditionFromV1(c: V1Condition): HorizontalPodAutoscalerConditionV2 {
  return compact<HorizontalPodAutoscalerConditionV2>({
    type: c.type,
    status: c.status,
    lastTransitionTime: c.lastTransitionTime ?? undefined,
    reason: c.reason || undefined,
    message: c.message || undefined,
  });
}

/** Go's internal HPAScalingRules as json.Marshal writes it: no tags, so capitalized names and nulls. */
interface InternalRules {
  StabilizationWindowSeconds: number | null;
  SelectPolicy: string | null;
  Policies: Array<{ Type: string; Value: number; PeriodSeconds: number }> | null;
}

function rulesToInternal(r: HPAScalingRules | undefined): InternalRules | null {
  if (r === undefined) return null;
  return {
    StabilizationWindowSeconds: r.stabilizationWindowSeconds ?? null,
    SelectPolicy: r.selectPolicy ?? null,
    Policies:
      r.policies?.map((p) => ({ Type: p.type ?? '', Value: p.value ?? 0, PeriodSeconds: p.periodSeconds ?? 0 })) ??
      null,
  };
}

function rulesFromInternal(r: Partial<InternalRules> | null | undefined): HPAScalingRules | undefined {
  if (r === null || r === undefined || typeof r !== 'object') return undefined;
  return compact<HPAScalingRules>({
    stabilizationWindowSeconds: r.StabilizationWindowSeconds ?? undefined,
    selectPolicy: r.SelectPolicy ?? undefined,
    policies: r.Policies?.map((p) => ({ type: p.Type, value: p.Value, periodSeconds: p.PeriodSeconds })) ?? undefined,
  });
}

/** The JSON of a list annotation, or undefined when absent or not a JSON list (Kubernetes ignores it then). */
function parseList<T>(text: string | undefined): T[] | undefined {
  if (text === undefined) return undefined;
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed === null ? [] : Array.isArray(parsed) ? (parsed as T[]) : undefined;
  } catch {
    return undefined;
  }
}

function parseBehavior(text: string | undefined): HorizontalPodAutoscalerBehavior | undefined {
  if (text === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return undefined;
  const b = parsed as { ScaleUp?: Partial<InternalRules> | null; ScaleDown?: Partial<InternalRules> | null };
  const behavior = compact<HorizontalPodAutoscalerBehavior>({
    scaleUp: rulesFromInternal(b.ScaleUp),
    scaleDown: rulesFromInternal(b.ScaleDown),
  });
  return Object.keys(behavior).length === 0 ? undefined : behavior;
}

function v1Spec(spec: HorizontalPodAutoscaler['spec']): HorizontalPodAutoscalerV1['spec'] {
  const cpu = (spec?.metrics ?? []).find((m) => m.type === 'Resource' && m.resource?.name === 'cpu');
  return compact({
    scaleTargetRef: spec?.scaleTargetRef && deepClone(spec.scaleTargetRef),
    minReplicas: spec?.minReplicas,
    maxReplicas: spec?.maxReplicas,
    targetCPUUtilizationPercentage: cpu?.resource?.target?.averageUtilization,
  });
}

function v1Status(status: HorizontalPodAutoscaler['status']): HorizontalPodAutoscalerV1['status'] {
  let cpu: number | undefined;
  for (const m of status?.currentMetrics ?? [])
    if (m.type === 'Resource' && m.resource?.name === 'cpu' && m.resource.current?.averageUtilization !== undefined)
      cpu = m.resource.current.averageUtilization;
  return compact({
    observedGeneration: status?.observedGeneration,
    lastScaleTime: status?.lastScaleTime,
    currentReplicas: status?.currentReplicas ?? 0,
    desiredReplicas: status?.desiredReplicas ?? 0,
    currentCPUUtilizationPercentage: cpu,
  });
}

/** The annotations a v2 autoscaler's v2-only parts travel in through v1, keyed by annotation. */
function roundTripAnnotations(hpa: HorizontalPodAutoscaler): Record<string, string> {
  const out: Record<string, string> = {};
  const others = (hpa.spec?.metrics ?? []).filter((m) => !isCpuUtilization(m)).map(specToV1);
  if (others.length > 0) out[METRIC_SPECS_ANNOTATION] = JSON.stringify(others);
  const current = hpa.status?.currentMetrics ?? [];
  if (current.length > 0) out[METRIC_STATUSES_ANNOTATION] = JSON.stringify(current.map(statusToV1));
  const behavior = hpa.spec?.behavior;
  if (behavior !== undefined)
    out[BEHAVIOR_ANNOTATION] = JSON.stringify({
      ScaleUp: rulesToInternal(behavior.scaleUp),
      ScaleDown: rulesToInternal(behavior.scaleDown),
    });
  const conditions = hpa.status?.conditions ?? [];
  if (conditions.length > 0) out[CONDITIONS_ANNOTATION] = JSON.stringify(conditions.map(conditionToV1));
  return out;
}

/**
 * A stored autoscaling/v2 HorizontalPodAutoscaler as autoscaling/v1: the first CPU resource
 * metric's utilization becomes `targetCPUUtilizationPercentage`, the last CPU utilization
 * status `currentCPUUtilizationPercentage`; the other metrics, all current metrics, the
 * behavior and the conditions go into the round-trip annotations (stale ones are dropped first).
 */
export function hpaV2ToV1(hpa: HorizontalPodAutoscaler): HorizontalPodAutoscalerV1 {
  const metadata = deepClone(hpa.metadata ?? {});
  const annotations = { ...dropRoundTripAnnotations(metadata.annotations), ...roundTripAnnotations(hpa) };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  else delete metadata.annotations;
  return compact<HorizontalPodAutoscalerV1>({
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: v1Spec(hpa.spec),
    status: hpa.status === undefined ? undefined : v1Status(hpa.status),
  });
}

function v2Metrics(hpa: HorizontalPodAutoscalerV1, annotations: Record<string, string>): MetricSpec[] {
  const target = hpa.spec?.targetCPUUtilizationPercentage;
  const cpu: MetricSpec[] =
    target === undefined
      ? []
      : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } }];
  const others = parseList<V1MetricSpec>(annotations[METRIC_SPECS_ANNOTATION]);
  const metrics = others === undefined ? cpu : [...others.map(specFromV1), ...cpu];
  if (metrics.length > 0) return metrics;
  // autoscaling/v1's implicit default, made explicit as Kubernetes does here.
  const averageUtilization = DEFAULT_CPU_UTILIZATION;
  return [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization } } }];
}

function v2Status(
  hpa: HorizontalPodAutoscalerV1,
  annotations: Record<string, string>,
): HorizontalPodAutoscaler['status'] {
  const s = hpa.status;
  const fromAnnotation = parseList<V1MetricStatus>(annotations[METRIC_STATUSES_ANNOTATION]);
  const cpu = s?.currentCPUUtilizationPercentage;
  const currentMetrics =
    fromAnnotation?.map(statusFromV1) ??
    (cpu === undefined
      ? undefined
      : [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: cpu } } }]);
  const conditions = parseList<V1Condition>(annotations[CONDITIONS_ANNOTATION])?.map(conditionFromV1);
  return compact({
    observedGeneration: s?.observedGeneration,
    lastScaleTime: s?.lastScaleTime,
    currentReplicas: s?.currentReplicas,
    desiredReplicas: s?.desiredReplicas ?? 0,
    currentMetrics,
    conditions,
  });
}

/**
 * An autoscaling/v1 HorizontalPodAutoscaler as the stored autoscaling/v2: the metrics kept in
 * the annotation first, then the CPU target (80% when there is no metric at all); behavior,
 * current metrics and conditions from their annotations (ignored when not valid JSON); the
 * round-trip annotations are dropped.
 */
export function hpaV1ToV2(hpa: HorizontalPodAutoscalerV1): HorizontalPodAutoscaler {
  const metadata = deepClone(hpa.metadata ?? {});
  const annotations = metadata.annotations ?? {};
  const behavior = parseBehavior(annotations[BEHAVIOR_ANNOTATION]);
  const kept = dropRoundTripAnnotations(metadata.annotations);
  if (kept === undefined || Object.keys(kept).length === 0) delete metadata.annotations;
  else metadata.annotations = kept;
  const spec = hpa.spec;
  return compact<HorizontalPodAutoscaler>({
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata,
    spec: compact({
      scaleTargetRef: spec?.scaleTargetRef && deepClone(spec.scaleTargetRef),
      minReplicas: spec?.minReplicas,
      maxReplicas: spec?.maxReplicas,
      metrics: v2Metrics(hpa, annotations),
      behavior,
    }),
    status: hpa.status === undefined ? undefined : v2Status(hpa, annotations),
  });
}
