/** core/v1 PodTemplate validation (ValidatePodTemplate and ValidatePodTemplateUpdate). */
import { nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { PodTemplate } from '../schema/core-v1-podtemplate.js';
import type { FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { validatePodTemplate } from './template.js';

/** Validates a PodTemplate on create: a DNS-subdomain name and a valid `template` (labels, pod spec). */
export function validatePodTemplateObject(pt: PodTemplate): FieldError[] {
  return [
    ...validateObjectMeta(pt.metadata, true, nameIsDNSSubdomain),
    ...validatePodTemplate(pt.template, 'template'),
  ];
}

/** Validates a PodTemplate update: metadata update rules plus the template as on create. */
export function validatePodTemplateObjectUpdate(next: PodTemplate, old: PodTemplate): FieldError[] {
  return [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validatePodTemplate(next.template, 'template')];
}
