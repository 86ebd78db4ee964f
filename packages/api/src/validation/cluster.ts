/** Validation of PriorityClass, Lease, PodDisruptionBudget, Scale and Eviction. */
import { nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { Scale } from '../schema/autoscaling-v1.js';
import type { Lease } from '../schema/coordination-v1.js';
import type { Eviction, PodDisruptionBudget } from '../schema/policy-v1.js';
import type { PriorityClass } from '../schema/scheduling-v1.js';
import { forbidden, invalid, notSupported, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { nonNegative, notMoreThan100Percent, validateIntOrPercent, validateLabelSelector } from './template.js';

/** The highest priority a user-defined PriorityClass may have. */
export const HIGHEST_USER_DEFINABLE_PRIORITY = 1_000_000_000;

/** The system PriorityClasses the API server creates at startup. */
export const SYSTEM_PRIORITY_CLASSES: readonly PriorityClass[] = [
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-node-critical' },
    value: 2_000_001_000,
    description: 'Used for system critical pods that must not be moved from their current node.',
  },
  {
    apiVersion: 'scheduling.k8s.io/v1',
    kind: 'PriorityClass',
    metadata: { name: 'system-cluster-critical' },
    value: 2_000_000_000,
    description:
      'Used for system critical pods that must run in the cluster, but can be moved to another node if necessary.',
  },
];

function systemClassError(pc: PriorityClass): string | undefined {
  const name = pc.metadata?.name ?? '';
  const known = SYSTEM_PRIORITY_CLASSES.find((s) => s.metadata?.name === name);
  if (!known) return `${name} is not a known system priority class`;
  if (known.value !== pc.value) return `value of ${name} PriorityClass must be ${known.value}`;
  if (pc.globalDefault === true) return `globalDefault of ${name} PriorityClass must be false`;
  return undefined;
}

/** Validates a PriorityClass: value limits, reserved `system-` names, preemption policy. */
export function validatePriorityClass(pc: PriorityClass): FieldError[] {
  const errs = validateObjectMeta(pc.metadata, false, nameIsDNSSubdomain);
  if ((pc.metadata?.name ?? '').startsWith('system-')) {
    const err = systemClassError(pc);
    if (err)
      errs.push(
        forbidden(
          'metadata.name',
          `priority class names with 'system-' prefix are reserved for system use only. error: ${err}`,
        ),
      );
  } else if ((pc.value ?? 0) > HIGHEST_USER_DEFINABLE_PRIORITY) {
    errs.push(
      forbidden('value', `maximum allowed value of a user defined priority is ${HIGHEST_USER_DEFINABLE_PRIORITY}`),
    );
  }
  const policy = pc.preemptionPolicy;
  if (policy !== undefined && policy !== 'PreemptLowerPriority' && policy !== 'Never') {
    errs.push(notSupported('preemptionPolicy', policy, ['PreemptLowerPriority', 'Never']));
  }
  return errs;
}

/** Validates a PriorityClass update: value and preemptionPolicy are immutable. */
export function validatePriorityClassUpdate(next: PriorityClass, old: PriorityClass): FieldError[] {
  const errs = validateObjectMetaUpdate(next.metadata, old.metadata);
  if ((next.value ?? 0) !== (old.value ?? 0)) errs.push(forbidden('value', 'may not be changed in an update.'));
  if (next.preemptionPolicy !== old.preemptionPolicy)
    errs.push(invalid('preemptionPolicy', next.preemptionPolicy ?? null, 'field is immutable'));
  return errs;
}

/** Validates a Lease: positive duration, non-negative transitions. */
export function validateLease(lease: Lease): FieldError[] {
  const errs = validateObjectMeta(lease.metadata, true, nameIsDNSSubdomain);
  const spec = lease.spec ?? {};
  if (spec.leaseDurationSeconds !== undefined && spec.leaseDurationSeconds <= 0) {
    errs.push(invalid('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 'must be greater than 0'));
  }
  errs.push(...nonNegative(spec.leaseTransitions, 'spec.leaseTransitions'));
  return errs;
}

/** Validates a Lease update. */
export function validateLeaseUpdate(next: Lease, old: Lease): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateLease(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
}

/** Validates a PodDisruptionBudget: minAvailable xor maxUnavailable, int-or-percent, selector. */
export function validatePodDisruptionBudget(pdb: PodDisruptionBudget): FieldError[] {
  const errs = validateObjectMeta(pdb.metadata, true, nameIsDNSSubdomain);
  const spec = pdb.spec ?? {};
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errs.push(
      invalid(
        'spec',
        { goSyntax: 'policy.PodDisruptionBudgetSpec{...}' },
        'minAvailable and maxUnavailable cannot be both set',
      ),
    );
  }
  for (const key of ['minAvailable', 'maxUnavailable'] as const) {
    errs.push(...validateIntOrPercent(spec[key], `spec.${key}`), ...notMoreThan100Percent(spec[key], `spec.${key}`));
  }
  errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  const policy = spec.unhealthyPodEvictionPolicy;
  if (policy !== undefined && policy !== 'IfHealthyBudget' && policy !== 'AlwaysAllow') {
    errs.push(notSupported('spec.unhealthyPodEvictionPolicy', policy, ['AlwaysAllow', 'IfHealthyBudget']));
  }
  return errs;
}

/**
 * Validates a PodDisruptionBudget update (specs are mutable since Kubernetes 1.15), and its
 * status as kube's ValidatePodDisruptionBudgetStatusUpdate does for policy/v1: no count below 0.
 */
export function validatePodDisruptionBudgetUpdate(next: PodDisruptionBudget, old: PodDisruptionBudget): FieldError[] {
  const status = next.status ?? {};
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validatePodDisruptionBudget(next).filter((e) => !e.field.startsWith('metadata.')),
    ...(['disruptionsAllowed', 'currentHealthy', 'desiredHealthy', 'expectedPods'] as const).flatMap((k) =>
      nonNegative(status[k], `status.${k}`),
    ),
  ];
}

/** Validates a Scale body (PUT/PATCH .../scale): non-negative replicas. */
export function validateScale(scale: Scale): FieldError[] {
  return nonNegative(scale.spec?.replicas, 'spec.replicas');
}

/** Validates an Eviction body: a grace period, if given, is non-negative. */
export function validateEviction(eviction: Eviction): FieldError[] {
  return nonNegative(eviction.deleteOptions?.gracePeriodSeconds, 'deleteOptions.gracePeriodSeconds');
}
