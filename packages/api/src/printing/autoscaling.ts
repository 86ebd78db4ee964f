/** The horizontalpodautoscalers printer: NAME REFERENCE TARGETS MINPODS MAXPODS REPLICAS AGE (kube-apiserver 1.32). */
import type { HorizontalPodAutoscaler, MetricSpec, MetricStatus } from '../schema/autoscaling-v2.js';
import type { Quantity } from '../schema/primitives.js';
import { quantityCell } from './quantity.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';

const SHOWN_METRICS = 2;

/** A quantity as Go's Quantity.String() prints it (`<nil>` for an unset pointer). */
const q = (value: Quantity | undefined): string => quantityCell(value, '<nil>');

const percent = (n: number | undefined): string | undefined => (n === undefined ? undefined : `${n}%`);

function resourceCell(
  name: string | undefined,
  target: { averageValue?: Quantity | undefined; averageUtilization?: number | undefined } | undefined,
  current: { averageValue?: Quantity | undefined; averageUtilization?: number | undefined } | undefined,
  hasStatus: boolean,
): string {
  if (target?.averageValue !== undefined) {
    const now = hasStatus ? q(current?.averageValue) : '<unknown>';
    return `${name ?? ''}: ${now}/${q(target.averageValue)}`;
  }
  const now = percent(current?.averageUtilization) ?? '<unknown>';
  return `${name ?? ''}: ${now}/${percent(target?.averageUtilization) ?? '<auto>'}`;
}

function valueCell(
  target: { value?: Quantity | undefined; averageValue?: Quantity | undefined } | undefined,
  current: { value?: Quantity | undefined; averageValue?: Quantity | undefined } | undefined,
  hasStatus: boolean,
): string {
  if (target?.averageValue !== undefined) {
    const now = current?.averageValue !== undefined ? q(current.averageValue) : '<unknown>';
    return `${now}/${q(target.averageValue)} (avg)`;
  }
  return `${hasStatus ? q(current?.value) : '<unknown>'}/${q(target?.value)}`;
}

function metricCell(spec: MetricSpec, status: MetricStatus | undefined): string {
  switch (spec.type) {
    case 'External':
      return valueCell(spec.external?.target, status?.external?.current, status?.external !== undefined);
    case 'Pods': {
      const now = status?.pods !== undefined ? q(status.pods.current?.averageValue) : '<unknown>';
      return `${now}/${q(spec.pods?.target?.averageValue)}`;
    }
    case 'Object':
      return valueCell(spec.object?.target, status?.object?.current, status?.object !== undefined);
    case 'Resource':
      return resourceCell(
        spec.resource?.name,
        spec.resource?.target,
        status?.resource?.current,
        status?.resource !== undefined,
      );
    case 'ContainerResource':
      return resourceCell(
        spec.containerResource?.name,
        spec.containerResource?.target,
        status?.containerResource?.current,
        status?.containerResource !== undefined,
      );
    default:
      return '<unknown type>';
  }
}

/** The TARGETS cell: `current/target` per metric (`cpu: <unknown>/80%`), two at most, then `+ N more...`. */
export function formatHPAMetrics(specs: readonly MetricSpec[], statuses: readonly MetricStatus[]): string {
  if (specs.length === 0) return '<none>';
  const cells = specs.map((s, i) => metricCell(s, statuses[i]));
  const shown = cells.slice(0, SHOWN_METRICS).join(', ');
  return cells.length > SHOWN_METRICS ? `${shown} + ${cells.length - SHOWN_METRICS} more...` : shown;
}

/** The horizontalpodautoscalers printer (v1 and v2 both print the stored v2 form). */
export const horizontalPodAutoscalerPrinter: TablePrinter<HorizontalPodAutoscaler> = {
  columns: [
    nameColumn(),
    column(
      'Reference',
      'string',
      'scaleTargetRef points to the target resource to scale, and is used to the pods for which metrics should be collected, as well as to actually change the replica count.',
    ),
    column(
      'Targets',
      'string',
      'metrics contains the specifications for which to use to calculate the desired replica count (the maximum replica count across all metrics will be used).  The desired replica count is calculated multiplying the ratio between the target value and the current value by the current number of pods.  Ergo, metrics used must decrease as the pod count is increased, and vice-versa.  See the individual metric source types for more information about how each type of metric must respond.',
    ),
    column(
      'MinPods',
      'string',
      'minReplicas is the lower limit for the number of replicas to which the autoscaler can scale down.  It defaults to 1 pod.  minReplicas is allowed to be 0 if the alpha feature gate HPAScaleToZero is enabled and at least one Object or External metric is configured.  Scaling is active as long as at least one metric value is available.',
    ),
    column(
      'MaxPods',
      'string',
      'maxReplicas is the upper limit for the number of replicas to which the autoscaler can scale up. It cannot be less that minReplicas.',
    ),
    column(
      'Replicas',
      'string',
      'currentReplicas is current number of replicas of pods managed by this autoscaler, as last seen by the autoscaler.',
    ),
    ageColumn(),
  ],
  cells: (hpa, now) => [
    hpa.metadata?.name ?? '',
    `${hpa.spec?.scaleTargetRef?.kind ?? ''}/${hpa.spec?.scaleTargetRef?.name ?? ''}`,
    formatHPAMetrics(hpa.spec?.metrics ?? [], hpa.status?.currentMetrics ?? []),
    hpa.spec?.minReplicas === undefined ? '<unset>' : String(hpa.spec.minReplicas),
    hpa.spec?.maxReplicas ?? 0,
    hpa.status?.currentReplicas ?? 0,
    age(hpa.metadata, now),
  ],
};
