/**
 * The API approval rule of CRDs in protected groups (apiextensions-apiserver's
 * validateAPIApproval): groups `k8s.io`, `kubernetes.io` and their subdomains need the
 * `api-approved.kubernetes.io` annotation, a URL or a reason starting with `unapproved`.
 */
import type { CustomResourceDefinition } from '../schema/apiextensions-v1.js';
import { invalid, required, type FieldError } from './field-errors.js';

const ANNOTATION = 'api-approved.kubernetes.io';
const FIELD = `metadata.annotations[${ANNOTATION}]`;

type ApprovalState = 'missing' | 'bypassed' | 'approved' | 'invalid';

function isProtectedGroup(group: string): boolean {
  return ['k8s.io', 'kubernetes.io'].some((g) => group === g || group.endsWith(`.${g}`));
}

function approvalState(annotations: Record<string, string> | undefined): ApprovalState {
  const value = annotations?.[ANNOTATION] ?? '';
  if (value === '') return 'missing';
  if (value.startsWith('unapproved')) return 'bypassed';
  try {
    const url = new URL(value);
    if (url.host !== '' && url.protocol !== '') return 'approved';
  } catch {
    // not a URL: invalid below
  }
  return 'invalid';
}

/** validateAPIApproval on create (`old` undefined) or update: only a change of approval state is checked. */
export function validateAPIApproval(crd: CustomResourceDefinition, old?: CustomResourceDefinition): FieldError[] {
  if (!isProtectedGroup(crd.spec?.group ?? '')) return [];
  const state = approvalState(crd.metadata?.annotations);
  if (old !== undefined && approvalState(old.metadata?.annotations) === state) return [];
  const see = 'see https://github.com/kubernetes/enhancements/pull/1111';
  if (state === 'missing')
    return [required(FIELD, `protected groups must have approval annotation "${ANNOTATION}", ${see}`)];
  if (state === 'invalid')
    return [
      invalid(
        FIELD,
        crd.metadata?.annotations?.[ANNOTATION] ?? '',
        `protected groups must have approval annotation "${ANNOTATION}" with either a URL or a reason starting with "unapproved", ${see}`,
      ),
    ];
  return [];
}
