/** HorizontalPodAutoscaler validation, as Kubernetes' pkg/apis/autoscaling/validation (on the v2 form). */
import { isDNS1123Label, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type {
  CrossVersionObjectReferenceV2Schema,
  HorizontalPodAutoscaler,
  HPAScalingRules,
  MetricSpec,
} from '../schema/autoscaling-v2.js';
import type { z } from 'zod';
import { forbidden, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isValidPathSegmentName } from './strings.js';
import { goQuantity, quantityOf, validateContainerResourceName } from './resources.js';

type Reference = z.infer<typeof CrossVersionObjectReferenceV2Schema>;
type Target = NonNullable<NonNullable<MetricSpec['resource']>['target']>;

const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;
const METRIC_SOURCE_TYPES = ['ContainerResource', 'External', 'Object', 'Pods', 'Resource'];
const SOURCE_FIELD: Record<string, string> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  External: 'external',
  ContainerResource: 'containerResource',
};

function validateReference(ref: Reference | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const key of ['kind', 'name'] as const) {
    const value = ref?.[key] ?? '';
    if (value === '') errs.push(required(`${path}.${key}`, ''));
    else errs.push(...isValidPathSegmentName(value).map((m) => invalid(`${path}.${key}`, value, m)));
  }
  return errs;
}

function validateMetricTarget(t: Target | undefined, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = t?.type ?? '';
  if (type === '') errs.push(required(`${path}.type`, 'must specify a metric target type'));
  if (!['Utilization', 'Value', 'AverageValue'].includes(type))
    errs.push(invalid(`${path}.type`, type, 'must be either Utilization, Value, or AverageValue'));
  for (const key of ['value', 'averageValue'] as const) {
    const q = quantityOf(t?.[key]);
    if (q !== undefined && q.sign() !== 1) errs.push(invalid(`${path}.${key}`, goQuantity(q), 'must be positive'));
  }
  if (t?.averageUtilization !== undefined && t.averageUtilization < 1)
    errs.push(invalid(`${path}.averageUtilization`, t.averageUtilization, 'must be greater than 0'));
  return errs;
}

function validateIdentifier(id: { name?: string | undefined } | undefined, path: string): FieldError[] {
  const name = id?.name ?? '';
  if (name === '') return [required(`${path}.name`, 'must specify a metric name')];
  return isValidPathSegmentName(name).map((m) => invalid(`${path}.name`, name, m));
}

function validateResourceSource(
  src: { name?: string | undefined; target?: Target | undefined; container?: string | undefined },
  path: string,
  container: boolean,
): FieldError[] {
  const errs: FieldError[] = [];
  // Only a ContainerResource's name is checked as a container resource name (validateResourceSource checks presence).
  if (!src.name) errs.push(required(`${path}.name`, 'must specify a resource name'));
  else if (container) errs.push(...validateContainerResourceName(src.name, `${path}.name`));
  if (container) {
    if (!src.container) errs.push(required(`${path}.container`, 'must specify a container'));
    else errs.push(...isDNS1123Label(src.container).map((m) => invalid(`${path}.container`, src.container, m)));
  }
  errs.push(...validateMetricTarget(src.target, `${path}.target`));
  if (src.target?.averageUtilization === undefined && src.target?.averageValue === undefined)
    errs.push(
      required(`${path}.target.averageUtilization`, 'must set either a target raw value or a target utilization'),
    );
  if (src.target?.averageUtilization !== undefined && src.target.averageValue !== undefined)
    errs.push(forbidden(`${path}.target.averageValue`, 'may not set both a target raw value and a target utilization'));
  return errs;
}

function validateSource(m: MetricSpec, key: string, path: string): FieldError[] {
  const p = `${path}.${key}`;
  switch (key) {
    case 'object': {
      const o = m.object!;
      const errs = [
        ...validateReference(o.describedObject, `${p}.describedObject`),
        ...validateIdentifier(o.metric, `${p}.metric`),
        ...validateMetricTarget(o.target, `${p}.target`),
      ];
      if (o.target?.value === undefined && o.target?.averageValue === undefined)
        errs.push(required(`${p}.target.averageValue`, 'must set either a target value or averageValue'));
      return errs;
    }
    case 'external': {
      const e = m.external!;
      const errs = [...validateIdentifier(e.metric, `${p}.metric`), ...validateMetricTarget(e.target, `${p}.target`)];
      if (e.target?.value === undefined && e.target?.averageValue === undefined)
        errs.push(
          required(`${p}.target.averageValue`, 'must set either a target value for metric or a per-pod target'),
        );
      if (e.target?.value !== undefined && e.target.averageValue !== undefined)
        errs.push(forbidden(`${p}.target.value`, 'may not set both a target value for metric and a per-pod target'));
      return errs;
    }
    case 'pods': {
      const pods = m.pods!;
      const errs = [
        ...validateIdentifier(pods.metric, `${p}.metric`),
        ...validateMetricTarget(pods.target, `${p}.target`),
      ];
      if (pods.target?.averageValue === undefined)
        errs.push(required(`${p}.target.averageValue`, 'must specify a positive target averageValue'));
      return errs;
    }
    case 'resource':
      return validateResourceSource(m.resource!, p, false);
    default:
      return validateResourceSource(m.containerResource!, p, true);
  }
}

function validateMetricSpec(m: MetricSpec, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const type = m.type ?? '';
  if (type === '') errs.push(required(`${path}.type`, 'must specify a metric source type'));
  if (!METRIC_SOURCE_TYPES.includes(type)) errs.push(notSupported(`${path}.type`, type, METRIC_SOURCE_TYPES));
  const present = ['object', 'external', 'pods', 'resource', 'containerResource'].filter(
    (k) => m[k as keyof MetricSpec] !== undefined,
  );
  if (present.length > 0) errs.push(...validateSource(m, present[0]!, path));
  const expected = SOURCE_FIELD[type];
  if (expected === undefined) errs.push(notSupported(`${path}.type`, type, METRIC_SOURCE_TYPES));
  else if (m[expected as keyof MetricSpec] === undefined)
    errs.push(required(`${path}.${expected}`, 'must populate information for the given metric source'));
  if (present.length !== 1)
    for (const k of present.filter((k) => k !== expected))
      errs.push(forbidden(`${path}.${k}`, 'must populate the given metric source only'));
  return errs;
}

function validateMetrics(metrics: MetricSpec[], minReplicas: number | undefined, path: string): FieldError[] {
  const errs = metrics.flatMap((m, i) => validateMetricSpec(m, `${path}[${i}]`));
  const scalesToZeroOn = metrics.some((m) => m.type === 'Object' || m.type === 'External');
  if (minReplicas === 0 && !scalesToZeroOn)
    errs.push(
      forbidden(path, 'must specify at least one Object or External metric to support scaling to zero replicas'),
    );
  return errs;
}

function validateRules(rules: HPAScalingRules | undefined, path: string): FieldError[] {
  if (rules === undefined) return [];
  const errs: FieldError[] = [];
  const window = rules.stabilizationWindowSeconds;
  if (window !== undefined && window < 0)
    errs.push(invalid(`${path}.stabilizationWindowSeconds`, window, 'must be greater than or equal to zero'));
  if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS)
    errs.push(
      invalid(
        `${path}.stabilizationWindowSeconds`,
        window,
        `must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`,
      ),
    );
  const select = rules.selectPolicy;
  if (select !== undefined && !['Disabled', 'Max', 'Min'].includes(select))
    errs.push(notSupported(`${path}.selectPolicy`, select, ['Disabled', 'Max', 'Min']));
  const policies = rules.policies ?? [];
  if (policies.length === 0) errs.push(required(`${path}.policies`, 'must specify at least one Policy'));
  policies.forEach((p, i) => {
    const at = `${path}.policies[${i}]`;
    if (p.type !== 'Pods' && p.type !== 'Percent')
      errs.push(notSupported(`${at}.type`, p.type ?? '', ['Percent', 'Pods']));
    if ((p.value ?? 0) <= 0) errs.push(invalid(`${at}.value`, p.value ?? 0, 'must be greater than zero'));
    const period = p.periodSeconds ?? 0;
    if (period <= 0) errs.push(invalid(`${at}.periodSeconds`, period, 'must be greater than zero'));
    if (period > MAX_PERIOD_SECONDS)
      errs.push(invalid(`${at}.periodSeconds`, period, `must be less than or equal to ${MAX_PERIOD_SECONDS}`));
  });
  return errs;
}

/** The spec checks; `minReplicasLowerBound` is 1, or 0 when the old object already scaled to zero. */
function validateSpec(hpa: HorizontalPodAutoscaler, minReplicasLowerBound: number): FieldError[] {
  const spec = hpa.spec ?? {};
  const errs: FieldError[] = [];
  const min = spec.minReplicas;
  const max = spec.maxReplicas ?? 0;
  if (min !== undefined && min < minReplicasLowerBound)
    errs.push(invalid('spec.minReplicas', min, `must be greater than or equal to ${minReplicasLowerBound}`));
  if (max < 1) errs.push(invalid('spec.maxReplicas', max, 'must be greater than 0'));
  if (min !== undefined && max < min)
    errs.push(invalid('spec.maxReplicas', max, 'must be greater than or equal to `minReplicas`'));
  errs.push(...validateReference(spec.scaleTargetRef, 'spec.scaleTargetRef'));
  errs.push(...validateMetrics(spec.metrics ?? [], min, 'spec.metrics'));
  if (spec.behavior !== undefined)
    errs.push(
      ...validateRules(spec.behavior.scaleUp, 'spec.behavior.scaleUp'),
      ...validateRules(spec.behavior.scaleDown, 'spec.behavior.scaleDown'),
    );
  return errs;
}

/** Validates a new HorizontalPodAutoscaler (v2 form): metadata, replicas bounds, target reference, metrics, behavior. */
export function validateHorizontalPodAutoscaler(hpa: HorizontalPodAutoscaler): FieldError[] {
  return [...validateObjectMeta(hpa.metadata, true, nameIsDNSSubdomain), ...validateSpec(hpa, 1)];
}

/** Validates an update; minReplicas 0 stays allowed when the old object had it. */
export function validateHorizontalPodAutoscalerUpdate(
  next: HorizontalPodAutoscaler,
  old: HorizontalPodAutoscaler,
): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateSpec(next, old.spec?.minReplicas === 0 ? 0 : 1),
  ];
}
