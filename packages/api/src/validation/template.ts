/** Shared checks for workload controllers: selectors, pod templates, int-or-percent fields. */
import { isEmptyLabelSelector, isQualifiedName, isValidLabelValue, matchesLabels } from '@wheelhouse/machinery';
import type { LabelSelector } from '../schema/meta-v1.js';
import type { PodTemplateSpec } from '../schema/core-v1-pod.js';
import type { IntOrString } from '../schema/primitives.js';
import { semanticEqual } from '../util/json.js';
import { parseSelector } from '../util/selector.js';
import {
  forbidden,
  goIntOrString,
  goLabelSelector,
  goStringMap,
  invalid,
  notSupported,
  required,
  type FieldError,
} from './field-errors.js';
import { validateLabels } from './meta.js';
import { validatePodSpec } from './pod.js';
import { isValidPercent } from './strings.js';

/** `Invalid value: N: must be greater than or equal to 0` when `value` is negative. */
export function nonNegative(value: number | undefined, field: string): FieldError[] {
  return value !== undefined && value < 0 ? [invalid(field, value, 'must be greater than or equal to 0')] : [];
}

/** Validates a label selector's keys, operators and values (ValidateLabelSelector). */
export function validateLabelSelector(selector: LabelSelector | undefined, field: string): FieldError[] {
  if (selector === undefined) return [];
  const errs = validateLabels(selector.matchLabels, `${field}.matchLabels`);
  (selector.matchExpressions ?? []).forEach((req, i) => {
    const p = `${field}.matchExpressions[${i}]`;
    const values = req.values ?? [];
    if (req.operator === 'In' || req.operator === 'NotIn') {
      if (values.length === 0)
        errs.push(required(`${p}.values`, "must be specified when `operator` is 'In' or 'NotIn'"));
    } else if (req.operator === 'Exists' || req.operator === 'DoesNotExist') {
      if (values.length > 0)
        errs.push(forbidden(`${p}.values`, "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
    } else {
      errs.push(invalid(`${p}.operator`, req.operator ?? '', 'not a valid selector operator'));
    }
    for (const m of isQualifiedName(req.key ?? '')) errs.push(invalid(`${p}.key`, req.key ?? '', m));
    values.forEach((v, j) => isValidLabelValue(v).forEach((m) => errs.push(invalid(`${p}.values[${j}]`, v, m))));
  });
  return errs;
}

/**
 * Selector checks of apps/v1 kinds: required, well-formed, not empty (`empty selector is
 * invalid for <noun>`).
 */
export function validateWorkloadSelector(selector: LabelSelector | undefined, noun: string): FieldError[] {
  if (selector === undefined) return [required('spec.selector')];
  const errs = validateLabelSelector(selector, 'spec.selector');
  const parsed = parseSelector(selector);
  if (parsed !== undefined && isEmptyLabelSelector(parsed))
    errs.push(invalid('spec.selector', goLabelSelector(selector), `empty selector is invalid for ${noun}`));
  return errs;
}

/**
 * `spec.template.metadata.labels: Invalid value: map[...]: `selector` does not match template
 * `labels``. Skipped, as in Kubernetes, for an absent or empty selector and for one that does
 * not convert (validateLabelSelector reports that).
 */
export function validateSelectorMatchesTemplate(
  selector: LabelSelector | undefined,
  template: PodTemplateSpec | undefined,
): FieldError[] {
  const parsed = selector === undefined ? undefined : parseSelector(selector);
  if (parsed === undefined || isEmptyLabelSelector(parsed)) return [];
  const labels = template?.metadata?.labels;
  if (matchesLabels(parsed, labels)) return [];
  return [invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`')];
}

/**
 * ValidatePodTemplateSpec: template labels/annotations, the pod spec, no ephemeral containers.
 * `addedVolumes` as for validatePodSpec (the volumes a controller adds to each pod).
 */
export function validatePodTemplate(
  template: PodTemplateSpec | undefined,
  path: string,
  addedVolumes?: ReadonlySet<string>,
): FieldError[] {
  const errs = validateLabels(template?.metadata?.labels, `${path}.labels`);
  errs.push(...validatePodSpec(template?.spec, `${path}.spec`, addedVolumes));
  if ((template?.spec?.ephemeralContainers ?? []).length > 0) {
    errs.push(forbidden(`${path}.spec.ephemeralContainers`, 'ephemeral containers not allowed in pod template'));
  }
  return errs;
}

/**
 * The template's restartPolicy must be one of `allowed` (`Always` for apps/v1 kinds); errors
 * name `<templatePath>.spec.restartPolicy`.
 */
export function validateTemplateRestartPolicy(
  template: PodTemplateSpec | undefined,
  allowed: readonly string[],
  templatePath = 'spec.template',
): FieldError[] {
  const policy = template?.spec?.restartPolicy ?? '';
  return allowed.includes(policy) ? [] : [notSupported(`${templatePath}.spec.restartPolicy`, policy, allowed)];
}

/** `spec.selector: Invalid value: v1.LabelSelector{...}: field is immutable` when the selector changed. */
export function immutableSelector(next: LabelSelector | undefined, old: LabelSelector | undefined): FieldError[] {
  if (semanticEqual(next, old)) return [];
  return [invalid('spec.selector', next === undefined ? null : goLabelSelector(next), 'field is immutable')];
}

/** ValidatePositiveIntOrPercent: a non-negative int, or a valid percent string. */
export function validateIntOrPercent(value: IntOrString | undefined, field: string): FieldError[] {
  if (value === undefined) return [];
  if (typeof value === 'number') return nonNegative(value, field);
  return isValidPercent(value).map((m) => invalid(field, goIntOrString(value), m));
}

/** The numeric value of an int-or-percent (`25%` -> 25), or undefined when malformed. */
export function intOrPercentValue(value: IntOrString | undefined): number | undefined {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  return /^[0-9]+%$/.test(value) ? Number.parseInt(value, 10) : undefined;
}

/** IsNotMoreThan100Percent: percentages above 100% are invalid. */
export function notMoreThan100Percent(value: IntOrString | undefined, field: string): FieldError[] {
  if (typeof value !== 'string') return [];
  const n = intOrPercentValue(value);
  return n !== undefined && n > 100 ? [invalid(field, goIntOrString(value), 'must not be greater than 100%')] : [];
}
