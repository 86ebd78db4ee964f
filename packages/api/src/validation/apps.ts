/** apps/v1 validation: Deployment, ReplicaSet, StatefulSet, DaemonSet, ControllerRevision. */
import { nameIsDNSLabel, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { ControllerRevision, DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../schema/apps-v1.js';
import type { PodTemplateSpec } from '../schema/core-v1-pod.js';
import type { LabelSelector } from '../schema/meta-v1.js';
import { semanticEqual } from '../util/json.js';
import { forbidden, goIntOrString, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import {
  immutableSelector,
  intOrPercentValue,
  nonNegative,
  notMoreThan100Percent,
  validateIntOrPercent,
  validatePodTemplate,
  validateSelectorMatchesTemplate,
  validateTemplateRestartPolicy,
  validateWorkloadSelector,
} from './template.js';

type RollingUpdate = { maxUnavailable?: number | string | undefined; maxSurge?: number | string | undefined };

function validateRollingUpdate(ru: RollingUpdate, path: string): FieldError[] {
  const errs = [
    ...validateIntOrPercent(ru.maxUnavailable, `${path}.maxUnavailable`),
    ...validateIntOrPercent(ru.maxSurge, `${path}.maxSurge`),
  ];
  if (intOrPercentValue(ru.maxUnavailable) === 0 && intOrPercentValue(ru.maxSurge) === 0) {
    errs.push(
      invalid(`${path}.maxUnavailable`, goIntOrString(ru.maxUnavailable ?? 0), 'may not be 0 when `maxSurge` is 0'),
    );
  }
  errs.push(...notMoreThan100Percent(ru.maxUnavailable, `${path}.maxUnavailable`));
  return errs;
}

function validateDeploymentStrategy(d: Deployment): FieldError[] {
  const strategy = d.spec?.strategy ?? {};
  switch (strategy.type) {
    case 'Recreate':
      return strategy.rollingUpdate
        ? [forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'")]
        : [];
    case 'RollingUpdate':
      return strategy.rollingUpdate
        ? validateRollingUpdate(strategy.rollingUpdate, 'spec.strategy.rollingUpdate')
        : [required('spec.strategy.rollingUpdate', 'this should be defaulted and never be nil')];
    default: {
      const ru = strategy.rollingUpdate
        ? '(*apps.RollingUpdateDeployment)(0xc000000000)'
        : '(*apps.RollingUpdateDeployment)(nil)';
      const value = {
        goSyntax: `apps.DeploymentStrategy{Type:${JSON.stringify(strategy.type ?? '')}, RollingUpdate:${ru}}`,
      };
      return [notSupported('spec.strategy', value, ['Recreate', 'RollingUpdate'])];
    }
  }
}

function replicaSetTemplate(spec: {
  selector?: LabelSelector | undefined;
  template?: PodTemplateSpec | undefined;
}): FieldError[] {
  const errs = validateSelectorMatchesTemplate(spec.selector, spec.template);
  errs.push(...validatePodTemplate(spec.template, 'spec.template'));
  errs.push(...validateTemplateRestartPolicy(spec.template, ['Always']));
  const deadline = spec.template?.spec?.activeDeadlineSeconds;
  if (deadline !== undefined)
    errs.push(
      invalid(
        'spec.template.spec.activeDeadlineSeconds',
        deadline,
        'activeDeadlineSeconds in ReplicaSet is not Supported',
      ),
    );
  return errs;
}

/** Validates a Deployment on create (ValidateDeployment). */
export function validateDeployment(d: Deployment): FieldError[] {
  const spec = d.spec ?? {};
  const errs = validateObjectMeta(d.metadata, true, nameIsDNSSubdomain);
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateWorkloadSelector(spec.selector, 'deployment'));
  errs.push(...replicaSetTemplate(spec));
  errs.push(...validateDeploymentStrategy(d));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  if (spec.progressDeadlineSeconds !== undefined) {
    errs.push(...nonNegative(spec.progressDeadlineSeconds, 'spec.progressDeadlineSeconds'));
    if (spec.progressDeadlineSeconds <= (spec.minReadySeconds ?? 0)) {
      errs.push(
        invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'),
      );
    }
  }
  return errs;
}

/** Validates a Deployment update: everything of create plus metadata rules and an immutable selector. */
export function validateDeploymentUpdate(next: Deployment, old: Deployment): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateDeployment(next).filter((e) => !e.field.startsWith('metadata.')),
    ...immutableSelector(next.spec?.selector, old.spec?.selector),
  ];
}

/** Validates a ReplicaSet on create. */
export function validateReplicaSet(rs: ReplicaSet): FieldError[] {
  const spec = rs.spec ?? {};
  const errs = validateObjectMeta(rs.metadata, true, nameIsDNSSubdomain);
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateWorkloadSelector(spec.selector, 'deployment'));
  errs.push(...replicaSetTemplate(spec));
  return errs;
}

/** Validates a ReplicaSet update (immutable selector). */
export function validateReplicaSetUpdate(next: ReplicaSet, old: ReplicaSet): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateReplicaSet(next).filter((e) => !e.field.startsWith('metadata.')),
    ...immutableSelector(next.spec?.selector, old.spec?.selector),
  ];
}

function validateStatefulSetPolicies(sts: StatefulSet): FieldError[] {
  const spec = sts.spec ?? {};
  const errs: FieldError[] = [];
  const pmp = spec.podManagementPolicy;
  if (!pmp) errs.push(required('spec.podManagementPolicy'));
  else if (pmp !== 'OrderedReady' && pmp !== 'Parallel')
    errs.push(invalid('spec.podManagementPolicy', pmp, "must be 'OrderedReady' or 'Parallel'"));
  const strategy = spec.updateStrategy ?? {};
  if (!strategy.type) errs.push(required('spec.updateStrategy'));
  else if (strategy.type === 'OnDelete' && strategy.rollingUpdate) {
    errs.push(
      invalid(
        'spec.updateStrategy.rollingUpdate',
        { goSyntax: '&apps.RollingUpdateStatefulSetStrategy{...}' },
        "only allowed for updateStrategy 'RollingUpdate'",
      ),
    );
  } else if (strategy.type === 'RollingUpdate') {
    errs.push(...nonNegative(strategy.rollingUpdate?.partition, 'spec.updateStrategy.rollingUpdate.partition'));
  } else if (strategy.type !== 'OnDelete') {
    errs.push(
      invalid(
        'spec.updateStrategy',
        { goSyntax: `apps.StatefulSetUpdateStrategy{Type:${JSON.stringify(strategy.type)}}` },
        "must be 'RollingUpdate' or 'OnDelete'",
      ),
    );
  }
  return errs;
}

/**
 * Validates a StatefulSet on create (names are RFC 1123 labels). Containers may mount the
 * volumeClaimTemplates by name; the templates themselves are not validated (Kubernetes 1.32
 * checks the claims only when the controller creates them).
 */
export function validateStatefulSet(sts: StatefulSet): FieldError[] {
  const spec = sts.spec ?? {};
  const errs = validateObjectMeta(sts.metadata, true, nameIsDNSLabel);
  errs.push(...validateStatefulSetPolicies(sts));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...nonNegative(spec.ordinals?.start, 'spec.ordinals.start'));
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateWorkloadSelector(spec.selector, 'statefulset'));
  errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template));
  // Every pod gets a volume per claim template, so its containers may mount those.
  const claims = new Set((spec.volumeClaimTemplates ?? []).flatMap((t) => t.metadata?.name ?? []));
  errs.push(...validatePodTemplate(spec.template, 'spec.template', claims));
  errs.push(...validateTemplateRestartPolicy(spec.template, ['Always']));
  if (spec.template?.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(
      forbidden('spec.template.spec.activeDeadlineSeconds', 'activeDeadlineSeconds in StatefulSet is not Supported'),
    );
  }
  return errs;
}

const STS_MUTABLE = [
  'replicas',
  'ordinals',
  'template',
  'updateStrategy',
  'revisionHistoryLimit',
  'persistentVolumeClaimRetentionPolicy',
  'minReadySeconds',
] as const;

/** Validates a StatefulSet update: only replicas, ordinals, template, updateStrategy, ... may change. */
export function validateStatefulSetUpdate(next: StatefulSet, old: StatefulSet): FieldError[] {
  const errs = [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateStatefulSet(next).filter((e) => !e.field.startsWith('metadata.')),
  ];
  const n: Record<string, unknown> = { ...next.spec };
  const o: Record<string, unknown> = { ...old.spec };
  for (const key of STS_MUTABLE) {
    delete n[key];
    delete o[key];
  }
  if (!semanticEqual(n, o)) {
    errs.push(
      forbidden(
        'spec',
        "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'revisionHistoryLimit', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden",
      ),
    );
  }
  return errs;
}

function validateDaemonSetStrategy(ds: DaemonSet): FieldError[] {
  const strategy = ds.spec?.updateStrategy ?? {};
  if (strategy.type === 'OnDelete') return [];
  if (strategy.type !== 'RollingUpdate')
    return [notSupported('spec.updateStrategy.type', strategy.type ?? '', ['OnDelete', 'RollingUpdate'])];
  if (!strategy.rollingUpdate) return [required('spec.updateStrategy.rollingUpdate')];
  return validateRollingUpdate(strategy.rollingUpdate, 'spec.updateStrategy.rollingUpdate');
}

/** Validates a DaemonSet on create. */
export function validateDaemonSet(ds: DaemonSet): FieldError[] {
  const spec = ds.spec ?? {};
  const errs = validateObjectMeta(ds.metadata, true, nameIsDNSSubdomain);
  errs.push(...validateWorkloadSelector(spec.selector, 'daemonset'));
  errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template));
  errs.push(...validatePodTemplate(spec.template, 'spec.template'));
  errs.push(...validateTemplateRestartPolicy(spec.template, ['Always']));
  const deadline = spec.template?.spec?.activeDeadlineSeconds;
  if (deadline !== undefined)
    errs.push(
      invalid(
        'spec.template.spec.activeDeadlineSeconds',
        deadline,
        'activeDeadlineSeconds in DaemonSet is not Supported',
      ),
    );
  errs.push(...nonNegative(spec.minReadySeconds, 'spec.minReadySeconds'));
  errs.push(...validateDaemonSetStrategy(ds));
  errs.push(...nonNegative(spec.revisionHistoryLimit, 'spec.revisionHistoryLimit'));
  return errs;
}

/** Validates a DaemonSet update (immutable selector). */
export function validateDaemonSetUpdate(next: DaemonSet, old: DaemonSet): FieldError[] {
  return [
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...validateDaemonSet(next).filter((e) => !e.field.startsWith('metadata.')),
    ...immutableSelector(next.spec?.selector, old.spec?.selector),
  ];
}

/** Validates a ControllerRevision on create. */
export function validateControllerRevision(cr: ControllerRevision): FieldError[] {
  const errs = validateObjectMeta(cr.metadata, true, nameIsDNSSubdomain);
  if (cr.data === undefined) errs.push(required('data', 'data is mandatory'));
  errs.push(...nonNegative(cr.revision, 'revision'));
  return errs;
}

/** Validates a ControllerRevision update: data is immutable. */
export function validateControllerRevisionUpdate(next: ControllerRevision, old: ControllerRevision): FieldError[] {
  const errs = [...validateObjectMetaUpdate(next.metadata, old.metadata), ...nonNegative(next.revision, 'revision')];
  if (!semanticEqual(next.data, old.data))
    errs.push(invalid('data', { goSyntax: 'runtime.RawExtension{...}' }, 'field is immutable'));
  return errs;
}
