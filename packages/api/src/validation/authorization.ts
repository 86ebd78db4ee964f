/**
 * Validation of the authorization.k8s.io/v1 access reviews, as kube's
 * pkg/apis/authorization/validation: exactly one of resourceAttributes and
 * nonResourceAttributes; a subject (user or groups) for the reviews that name one; a
 * LocalSubjectAccessReview's resource namespace matching its own.
 */
import type { AccessReview, SubjectAccessReviewSpec } from '../schema/authorization-v1.js';
import { invalid, type FieldError } from './field-errors.js';

/** Go's %#v of the internal NonResourceAttributes, as kube quotes it. */
function nonResourceValue(a: NonNullable<SubjectAccessReviewSpec['nonResourceAttributes']>): { goSyntax: string } {
  return {
    goSyntax: `authorization.NonResourceAttributes{Path:${JSON.stringify(a.path ?? '')}, Verb:${JSON.stringify(a.verb ?? '')}}`,
  };
}

function validateAttributes(spec: SubjectAccessReviewSpec): FieldError[] {
  const errs: FieldError[] = [];
  if (spec.resourceAttributes && spec.nonResourceAttributes)
    errs.push(
      invalid(
        'spec.nonResourceAttributes',
        nonResourceValue(spec.nonResourceAttributes),
        'cannot be specified in combination with resourceAttributes',
      ),
    );
  if (!spec.resourceAttributes && !spec.nonResourceAttributes)
    errs.push(
      invalid(
        'spec.resourceAttributes',
        'null',
        'exactly one of nonResourceAttributes or resourceAttributes must be specified',
      ),
    );
  return errs;
}

function validateSubject(spec: SubjectAccessReviewSpec): FieldError[] {
  if (spec.user || (spec.groups ?? []).length > 0) return [];
  return [invalid('spec.user', spec.user ?? '', 'at least one of user or group must be specified')];
}

/** A SubjectAccessReview: attributes and a subject. */
export function validateSubjectAccessReview(review: AccessReview): FieldError[] {
  const spec = review.spec ?? {};
  return [...validateAttributes(spec), ...validateSubject(spec)];
}

/** A SelfSubjectAccessReview: attributes only (the subject is the caller). */
export function validateSelfSubjectAccessReview(review: AccessReview): FieldError[] {
  return validateAttributes(review.spec ?? {});
}

/** A LocalSubjectAccessReview: as a SubjectAccessReview, about resources of its own namespace only. */
export function validateLocalSubjectAccessReview(review: AccessReview): FieldError[] {
  const spec = review.spec ?? {};
  const errs = [...validateAttributes(spec), ...validateSubject(spec)];
  const ns = review.metadata?.namespace ?? '';
  if (spec.resourceAttributes && (spec.resourceAttributes.namespace ?? '') !== ns)
    errs.push(
      invalid(
        'spec.resourceAttributes.namespace',
        spec.resourceAttributes.namespace ?? '',
        'must match metadata.namespace',
      ),
    );
  if (spec.nonResourceAttributes)
    errs.push(
      invalid(
        'spec.nonResourceAttributes',
        nonResourceValue(spec.nonResourceAttributes),
        'disallowed on this kind of request',
      ),
    );
  return errs;
}

/** The rules and self reviews need nothing beyond their schema. */
export function validateNothing(): FieldError[] {
  return [];
}
