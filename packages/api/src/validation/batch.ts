/** batch/v1 Job validation. */
import { nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { Job } from '../schema/batch-v1.js';
import type { JobTemplateSpec } from '../schema/batch-v1-cronjob.js';
import { semanticEqual } from '../util/json.js';
import { goLabelSelector, invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import {
  immutableSelector,
  nonNegative,
  validateLabelSelector,
  validatePodTemplate,
  validateSelectorMatchesTemplate,
  validateTemplateRestartPolicy,
} from './template.js';

type JobSpec = NonNullable<Job['spec']>;

/** Counts, deadlines and completion mode of a JobSpec at `path` (a Job's or a job template's). */
function validateJobSpecScalars(spec: JobSpec, path: string): FieldError[] {
  const errs = [
    ...nonNegative(spec.parallelism, `${path}.parallelism`),
    ...nonNegative(spec.completions, `${path}.completions`),
    ...nonNegative(spec.activeDeadlineSeconds, `${path}.activeDeadlineSeconds`),
    ...nonNegative(spec.backoffLimit, `${path}.backoffLimit`),
    ...nonNegative(spec.ttlSecondsAfterFinished, `${path}.ttlSecondsAfterFinished`),
  ];
  const mode = spec.completionMode;
  if (mode !== undefined && mode !== 'NonIndexed' && mode !== 'Indexed') {
    errs.push(notSupported(`${path}.completionMode`, mode, ['NonIndexed', 'Indexed']));
  }
  if (mode === 'Indexed' && spec.completions === undefined)
    errs.push(required(`${path}.completions`, 'when completion mode is Indexed'));
  return errs;
}

/** The pod template of a JobSpec at `path`: a valid pod spec restarting OnFailure or Never. */
function validateJobSpecTemplate(spec: JobSpec, path: string): FieldError[] {
  return [
    ...validatePodTemplate(spec.template, `${path}.template`),
    ...validateTemplateRestartPolicy(spec.template, ['OnFailure', 'Never'], `${path}.template`),
  ];
}

function validateJobSpec(job: Job): FieldError[] {
  const spec = job.spec ?? {};
  const errs = validateJobSpecScalars(spec, 'spec');
  if (spec.selector === undefined) errs.push(required('spec.selector'));
  else errs.push(...validateLabelSelector(spec.selector, 'spec.selector'));
  if (spec.manualSelector !== true) errs.push(...validateSelectorMatchesTemplate(spec.selector, spec.template));
  errs.push(...validateJobSpecTemplate(spec, 'spec'));
  return errs;
}

/**
 * A CronJob's jobTemplate (kube's ValidateJobTemplateSpec): the Job checks without the
 * selector, which the Job's create generates (`selector` will be auto-generated), and
 * manualSelector unset or false.
 */
export function validateJobTemplateSpec(template: JobTemplateSpec | undefined, path: string): FieldError[] {
  const spec = template?.spec ?? {};
  const errs = [...validateJobSpecScalars(spec, `${path}.spec`), ...validateJobSpecTemplate(spec, `${path}.spec`)];
  if (spec.selector !== undefined) {
    errs.push(invalid(`${path}.spec.selector`, goLabelSelector(spec.selector), '`selector` will be auto-generated'));
  }
  if (spec.manualSelector === true) errs.push(notSupported(`${path}.spec.manualSelector`, true, ['nil', 'false']));
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
