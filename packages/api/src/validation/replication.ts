/** core/v1 ReplicationController validation (ValidateReplicationController and its update). */
import { labelSelectorFromSet, matchesLabels, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { PodTemplateSpec } from '../schema/core-v1-pod.js';
import type { ReplicationController } from '../schema/core-v1-replication.js';
import { forbidden, goStringMap, invalid, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { nonNegative, validatePodTemplate, validateTemplateRestartPolicy } from './template.js';

type Selector = Readonly<Record<string, string>> | undefined;

/** ValidatePodTemplateSpecForRC: present, labelled so the (non-empty) selector matches, restartPolicy Always. */
function validateTemplateForRC(template: PodTemplateSpec | undefined, selector: Selector): FieldError[] {
  if (template === undefined) return [required('spec.template')];
  const errs: FieldError[] = [];
  const labels = template.metadata?.labels;
  if (Object.keys(selector ?? {}).length > 0 && !matchesLabels(labelSelectorFromSet(selector ?? {}), labels)) {
    errs.push(
      invalid('spec.template.metadata.labels', goStringMap(labels), '`selector` does not match template `labels`'),
    );
  }
  errs.push(...validatePodTemplate(template, 'spec.template'));
  errs.push(...validateTemplateRestartPolicy(template, ['Always']));
  if (template.spec?.activeDeadlineSeconds !== undefined) {
    errs.push(
      forbidden(
        'spec.template.spec.activeDeadlineSeconds',
        'activeDeadlineSeconds in ReplicationController is not Supported',
      ),
    );
  }
  return errs;
}

/** ValidateReplicationControllerSpec: shared by create and update (the selector may change). */
function validateReplicationControllerSpec(rc: ReplicationController): FieldError[] {
  const spec = rc.spec ?? {};
  const errs = nonNegative(spec.minReadySeconds, 'spec.minReadySeconds');
  if (Object.keys(spec.selector ?? {}).length === 0) errs.push(required('spec.selector'));
  errs.push(...nonNegative(spec.replicas, 'spec.replicas'));
  errs.push(...validateTemplateForRC(spec.template, spec.selector));
  return errs;
}

/**
 * Validates a ReplicationController on create: a DNS-subdomain name, non-negative
 * minReadySeconds and replicas, a non-empty selector (`spec.selector: Required value`) that
 * the template's labels satisfy, and a valid template. Empty list when valid.
 */
export function validateReplicationController(rc: ReplicationController): FieldError[] {
  return [...validateObjectMeta(rc.metadata, true, nameIsDNSSubdomain), ...validateReplicationControllerSpec(rc)];
}

/** Validates a ReplicationController update: metadata update rules plus the spec as on create. */
export function validateReplicationControllerUpdate(
  next: ReplicationController,
  old: ReplicationController,
): FieldError[] {
  return [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateReplicationControllerSpec(next)];
}
