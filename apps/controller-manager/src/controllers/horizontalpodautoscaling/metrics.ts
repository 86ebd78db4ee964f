/**
 * What each metric of an HPA gives when no metrics API is served, as on a cluster without
 * metrics-server (kind's default): kube's horizontal controller cannot compute a replica count
 * and reports why, per metric type, with the reason of its condition and Event and its error
 * text, as its replica calculator and metrics clients word them (pkg/controller/podautoscaler)
 * when the API server serves none of metrics.k8s.io, custom.metrics.k8s.io and
 * external.metrics.k8s.io.
 */
import { type MetricSpec, goLabelSelectorString } from '@wheelhouse/api';

/** How one metric failed: the condition/Event reason, the Event's message, and the error kube returns. */
export interface MetricFailure {
  reason: string;
  /** The Event's message, and the condition's after "the HPA was unable to compute the replica count: ". */
  detail: string;
  /** computeReplicasForMetric's error (what FailedComputeMetricsReplicas reports after its prefix). */
  error: string;
}

const RESOURCE_METRICS_MISSING =
  'unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';
const CUSTOM_METRICS_MISSING =
  'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered';

type Target =
  { type?: string | undefined; averageUtilization?: number | undefined; averageValue?: unknown } | undefined;

/** kube's computeStatusForResourceMetricGeneric's error for resource `name` (usage or utilization). */
function resourceDetail(name: string, target: Target): string {
  const missing = `unable to get metrics for resource ${name}: ${RESOURCE_METRICS_MISSING}`;
  if (target?.averageValue !== undefined) return `failed to get ${name} usage: ${missing}`;
  if (target?.averageUtilization === undefined)
    return 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set';
  return `failed to get ${name} utilization: ${missing}`;
}

/** The failure of `spec` in `namespace` (kube's computeReplicasForMetric with no metrics API). */
export function metricFailure(spec: MetricSpec, namespace: string): MetricFailure {
  switch (spec.type) {
    case 'Resource': {
      const name = spec.resource?.name ?? '';
      const detail = resourceDetail(name, spec.resource?.target);
      return {
        reason: 'FailedGetResourceMetric',
        detail,
        error: `failed to get ${name} resource metric value: ${detail}`,
      };
    }
    case 'ContainerResource': {
      const name = spec.containerResource?.name ?? '';
      const detail = resourceDetail(name, spec.containerResource?.target);
      const container = spec.containerResource?.container ?? '';
      return {
        reason: 'FailedGetContainerResourceMetric',
        detail,
        error: `failed to get ${container} container metric value: ${detail}`,
      };
    }
    case 'Pods': {
      const detail = `unable to get metric ${spec.pods?.metric?.name ?? ''}: ${CUSTOM_METRICS_MISSING}`;
      return { reason: 'FailedGetPodsMetric', detail, error: `failed to get pods metric value: ${detail}` };
    }
    case 'Object': {
      const metric = spec.object?.metric?.name ?? '';
      const target = spec.object?.describedObject;
      // GetObjectMetricReplicas' own argument order: "unable to get metric %s: %v on %s %s/%s".
      const detail = `unable to get metric ${metric}: ${target?.kind ?? ''} on ${namespace} ${target?.name ?? ''}/${CUSTOM_METRICS_MISSING}`;
      const perPod = spec.object?.target?.type === 'AverageValue';
      const inner = perPod ? `failed to get ${metric} object metric: ${detail}` : detail;
      return { reason: 'FailedGetObjectMetric', detail, error: `failed to get object metric value: ${inner}` };
    }
    case 'External': {
      const metric = spec.external?.metric?.name ?? '';
      const selector = goLabelSelectorString(spec.external?.metric?.selector);
      const detail =
        `unable to get external metric ${namespace}/${metric}/${selector}: ` +
        `unable to fetch metrics from external metrics API: the server could not find the requested resource (get ${metric}.external.metrics.k8s.io)`;
      const perPod = spec.external?.target?.averageValue !== undefined;
      const inner = perPod
        ? `failed to get ${metric} external metric: ${detail}`
        : `failed to get external metric ${metric}: ${detail}`;
      return {
        reason: 'FailedGetExternalMetric',
        detail,
        error: `failed to get ${metric} external metric value: ${inner}`,
      };
    }
    default: {
      const detail = `unknown metric source type "${spec.type ?? ''}"`;
      return { reason: 'InvalidMetricSourceType', detail, error: detail };
    }
  }
}
