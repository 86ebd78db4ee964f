/** batch/v1 Job validation. */
import { nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { Job } from '../schema/batch-v1.js';
import { semanticEqual } from '../util/json.js';
import { invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import {
  immutableSelector,
  nonNegative,
  validateLabelSelector,
  validatePodTemplate,
  validateSelectorMatchesTemplate,
  validateTemplateRestartPolicy,
} from './template.js';

function validateJobSpec(job: Job): FieldError[] {
  const spec = job.spec ?? {};
  const errs = [
    ...nonNegative(spec.parallelism, 'spec.parallelism'),
    ...nonNegative(spec.completions, 'spec.completions'),
    ...nonNegative(spec.activeDeadlineSeconds, 'spec.activeDeadlineSeconds'),
    ...nonNegative(spec.backoffLimit, 'spec.backoffLimit'),
    ...nonNegative(spec.ttlSecondsAfterFinished, 'spec.ttlSecondsAfterFinished'),
  ];
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
    errs.push(notSupported('spec.completionMode', mode, ['NonIndexed', 'Indexed']));
  }
  if (mode === 'Indexed' && spec.completions === undefined)
    errs.push(required('spec.completions', 'when completion mode is Indexed'));
  if (spec.selector === undefined) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (spec.manualSelector !== true) errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template));
  errs.push(...validatePodTemplate(spec.template, 'spec.template'));
  errs.push(...validateTemplateRestartPolicy(spec.template, ['OnFailure', 'Never']));
  return errs;
}

/** Validates a Job on create (after the create strategy generated its selector). */
export function validateJob(job: Job): FieldError[] {
  return [...validateObjectMeta(job.metadata, true, nameIsDNSSubdomain), ...validateJobSpec(job)];
}

/**
 * Validates a Job update: selector and completions immutable, and the pod template
 * immutable unless the job was suspended (Kubernetes allows template changes then).
 */
export function validateJobUpdate(next: Job, old: Job): FieldError[] {
  const errs = [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateJobSpec(next)];
  errs.push(...immutableSelector(next.spec?.selector, old.spec?.selector));
  if (next.spec?.completions !== old.spec?.completions) {
    errs.push(invalid('spec.completions', next.spec?.completions ?? null, 'field is immutable'));
  }
  if (old.spec?.suspend !== true && !semanticEqual(next.spec?.template, old.spec?.template)) {
    errs.push(invalid('spec.template', { goSyntax: 'core.PodTemplateSpec{...}' }, 'field is immutable'));
  }
  return errs;
}
