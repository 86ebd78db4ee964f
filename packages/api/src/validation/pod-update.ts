/** Pod update validation: only images, activeDeadlineSeconds, added tolerations (and a few more) may change. */
import { deepClone } from '@wheelhouse/machinery';
import type { Container } from '../schema/core-v1-container.js';
import type { Pod, PodSpec } from '../schema/core-v1-pod.js';
import type { Toleration } from '../schema/core-v1-scheduling.js';
import { semanticEqual } from '../util/json.js';
import { forbidden, invalid, required, type FieldError } from './field-errors.js';
import { validateObjectMetaUpdate } from './meta.js';
import { validatePodSpec, validateTolerations } from './pod.js';
import { describeStructDiff } from './struct-diff.js';

const MAX_INT32 = 2147483647;

/** The fields a pod update may change, in the wording of Kubernetes 1.32's error message. */
export const UPDATABLE_POD_SPEC_FIELDS = [
  '`spec.containers[*].image`',
  '`spec.initContainers[*].image`',
  '`spec.activeDeadlineSeconds`',
  '`spec.tolerations` (only additions to existing tolerations)',
  '`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)',
];

function containerUpdates(
  next: Container[] | undefined,
  old: Container[] | undefined,
  path: string,
): FieldError[] | 'stop' {
  if ((next ?? []).length !== (old ?? []).length) return 'stop';
  const errs: FieldError[] = [];
  (next ?? []).forEach((c, i) => {
    if (!c.image) errs.push(required(`${path}[${i}].image`));
    else if (c.image.trim() !== c.image)
      errs.push(invalid(`${path}[${i}].image`, c.image, 'must not have leading or trailing whitespace'));
  });
  return errs;
}

function deadlineUpdate(next: PodSpec, old: PodSpec): FieldError[] {
  const n = next.activeDeadlineSeconds;
  const o = old.activeDeadlineSeconds;
  if (n === undefined) {
    return o === undefined
      ? []
      : [invalid('spec.activeDeadlineSeconds', null, 'must not update from a positive integer to nil value')];
  }
  if (n < 0 || n > MAX_INT32)
    return [invalid('spec.activeDeadlineSeconds', n, `must be between 0 and ${MAX_INT32}, inclusive`)];
  if (o !== undefined && o < n)
    return [invalid('spec.activeDeadlineSeconds', n, 'must be less than or equal to previous value')];
  return [];
}

function tolerationUpdates(next: Toleration[] | undefined, old: Toleration[] | undefined): FieldError[] {
  for (const o of old ?? []) {
    const kept = (next ?? []).some((n) => semanticEqual({ ...o, tolerationSeconds: n.tolerationSeconds }, n));
    if (!kept)
      return [forbidden('spec.tolerations', 'existing toleration can not be modified except its tolerationSeconds')];
  }
  return validateTolerations(next, 'spec.tolerations');
}

function mungeUpdatable(next: PodSpec, old: PodSpec): PodSpec {
  const munged = deepClone(next);
  munged.containers = munged.containers?.map((c, i) => ({ ...c, image: old.containers?.[i]?.image }));
  munged.initContainers = munged.initContainers?.map((c, i) => ({ ...c, image: old.initContainers?.[i]?.image }));
  munged.activeDeadlineSeconds = old.activeDeadlineSeconds;
  munged.tolerations = old.tolerations;
  munged.schedulingGates = old.schedulingGates;
  const oldGrace = old.terminationGracePeriodSeconds;
  if (oldGrace !== undefined && oldGrace < 0 && munged.terminationGracePeriodSeconds === 1) {
    munged.terminationGracePeriodSeconds = oldGrace;
  }
  return munged;
}

function specImmutability(next: PodSpec, old: PodSpec): FieldError[] {
  if (semanticEqual(next, old)) return [];
  const munged = mungeUpdatable(next, old);
  if (semanticEqual(munged, old)) return [];
  const detail = `pod updates may not change fields other than ${UPDATABLE_POD_SPEC_FIELDS.join(',')}\n${describeStructDiff('core.PodSpec', old, munged)}`;
  return [forbidden('spec', detail)];
}

/**
 * Validates a pod update as Kubernetes' ValidatePodUpdate: metadata rules, then the new
 * spec, then the update rules; any other spec change is one `spec: Forbidden: pod updates
 * may not change fields other than ...` error (followed by a summary of the changed
 * fields, not Go's cmp.Diff output).
 */
export function validatePodUpdate(next: Pod, old: Pod): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, old.metadata);
  errs.push(...validatePodSpec(next.spec, 'spec'));
  const n = next.spec ?? {};
  const o = old.spec ?? {};
  for (const [field, path] of [
    ['containers', 'spec.containers'],
    ['initContainers', 'spec.initContainers'],
  ] as const) {
    const res = containerUpdates(n[field], o[field], path);
    if (res === 'stop') return [...errs, forbidden(path, 'pod updates may not add or remove containers')];
    errs.push(...res);
  }
  const deadline = deadlineUpdate(n, o);
  if (deadline.length > 0) return [...errs, ...deadline];
  errs.push(...tolerationUpdates(n.tolerations, o.tolerations));
  errs.push(...specImmutability(n, o));
  return errs;
}
