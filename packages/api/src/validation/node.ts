/** Validation of node.k8s.io/v1 RuntimeClass (kube's pkg/apis/node/validation). */
import { nameIsDNSLabel, nameIsDNSSubdomain } from '@wheelhouse/machinery';
import type { RuntimeClass, RuntimeClassScheduling } from '../schema/node-v1.js';
import { invalid, type FieldError } from './field-errors.js';
import { validateLabels, validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { validateTolerations } from './pod.js';
import { validateResourceRequirements } from './resources.js';

function validateScheduling(s: RuntimeClassScheduling | undefined): FieldError[] {
  if (s === undefined) return [];
  return [
    ...validateLabels(s.nodeSelector, 'scheduling.nodeSelector'),
    ...validateTolerations(s.tolerations, 'scheduling.tolerations'),
  ];
}

/**
 * Validates a RuntimeClass: its name, a handler that is a DNS-1123 label (required: an empty
 * one fails the label check, as in kube), overhead.podFixed as container limits (reported
 * at `overhead.limits[<name>]`, as kube's reuse of ValidateResourceRequirements does), and
 * scheduling's node selector as labels and tolerations as a pod's.
 */
export function validateRuntimeClass(rc: RuntimeClass): FieldError[] {
  const errs = validateObjectMeta(rc.metadata, false, nameIsDNSSubdomain);
  const handler = rc.handler ?? '';
  for (const m of nameIsDNSLabel(handler, false)) errs.push(invalid('handler', handler, m));
  if (rc.overhead !== undefined)
    errs.push(...validateResourceRequirements({ limits: rc.overhead.podFixed ?? {} }, 'overhead'));
  errs.push(...validateScheduling(rc.scheduling));
  return errs;
}

/**
 * Validates a RuntimeClass update as kube's strategy does: the create checks, then
 * metadata's update checks, then an immutable handler.
 */
export function validateRuntimeClassUpdate(next: RuntimeClass, old: RuntimeClass): FieldError[] {
  const errs = [...validateRuntimeClass(next), ...validateObjectMetaUpdate(next.metadata, old.metadata)];
  if ((next.handler ?? '') !== (old.handler ?? ''))
    errs.push(invalid('handler', next.handler ?? '', 'field is immutable'));
  return errs;
}
