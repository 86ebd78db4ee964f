/**
 * Validation of rbac.authorization.k8s.io/v1 kinds with kube-apiserver's field errors
 * (pkg/apis/rbac/validation): rules need verbs, non-resource URLs only in ClusterRoles,
 * roleRef and subjects checked by kind, roleRef immutable on update.
 */
import { nameIsDNSSubdomain } from '@wheelhouse/machinery';
import {
  RBAC_GROUP,
  type ClusterRole,
  type ClusterRoleBinding,
  type PolicyRule,
  type Role,
  type RoleBinding,
  type RoleRef,
  type Subject,
} from '../schema/rbac-v1.js';
import { goStringList, invalid, notSupported, required, type FieldError, type GoLiteral } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { isValidPathSegmentName } from './strings.js';
import { validateLabelSelector } from './template.js';

function goRoleRef(ref: RoleRef | undefined): GoLiteral {
  const r = ref ?? {};
  const fields = `APIGroup:${JSON.stringify(r.apiGroup ?? '')}, Kind:${JSON.stringify(r.kind ?? '')}, Name:${JSON.stringify(r.name ?? '')}`;
  return { goSyntax: `rbac.RoleRef{${fields}}` };
}

/** One rule at `path` (`rules[0]`): verbs required; non-resource URLs alone and only cluster-wide; else groups and resources. */
export function validatePolicyRule(rule: PolicyRule, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if ((rule.verbs ?? []).length === 0) errs.push(required(`${path}.verbs`, 'verbs must contain at least one value'));
  const urls = rule.nonResourceURLs ?? [];
  if (urls.length > 0) {
    if (namespaced)
      errs.push(
        invalid(`${path}.nonResourceURLs`, goStringList(urls), 'namespaced rules cannot apply to non-resource URLs'),
      );
    const mixed = [rule.apiGroups, rule.resources, rule.resourceNames].some((l) => (l ?? []).length > 0);
    if (mixed)
      errs.push(
        invalid(
          `${path}.nonResourceURLs`,
          goStringList(urls),
          'rules cannot apply to both regular resources and non-resource URLs',
        ),
      );
    return errs;
  }
  if ((rule.apiGroups ?? []).length === 0)
    errs.push(required(`${path}.apiGroups`, 'resource rules must supply at least one api group'));
  if ((rule.resources ?? []).length === 0)
    errs.push(required(`${path}.resources`, 'resource rules must supply at least one resource'));
  return errs;
}

function validateRules(rules: readonly PolicyRule[] | undefined, namespaced: boolean): FieldError[] {
  return (rules ?? []).flatMap((rule, i) => validatePolicyRule(rule, namespaced, `rules[${i}]`));
}

/** Validates a Role. */
export function validateRole(role: Role): FieldError[] {
  return [...validateObjectMeta(role.metadata, true, isValidPathSegmentName), ...validateRules(role.rules, true)];
}

/** Validates a Role update. */
export function validateRoleUpdate(next: Role, old: Role): FieldError[] {
  return [...validateRole(next), ...validateObjectMetaUpdate(next.metadata, old.metadata)];
}

/** Validates a ClusterRole: its rules, and an aggregationRule's selectors (at least one). */
export function validateClusterRole(role: ClusterRole): FieldError[] {
  const errs = [
    ...validateObjectMeta(role.metadata, false, isValidPathSegmentName),
    ...validateRules(role.rules, false),
  ];
  const rule = role.aggregationRule;
  if (rule === undefined) return errs;
  const selectors = rule.clusterRoleSelectors ?? [];
  if (selectors.length === 0)
    errs.push(
      required(
        'aggregationRule.clusterRoleSelectors',
        'at least one clusterRoleSelector required if aggregationRule is non-nil',
      ),
    );
  selectors.forEach((s, i) => errs.push(...validateLabelSelector(s, `aggregationRule.clusterRoleSelectors[${i}]`)));
  return errs;
}

/** Validates a ClusterRole update. */
export function validateClusterRoleUpdate(next: ClusterRole, old: ClusterRole): FieldError[] {
  return [...validateClusterRole(next), ...validateObjectMetaUpdate(next.metadata, old.metadata)];
}

function validateRoleRef(ref: RoleRef | undefined, kinds: readonly string[]): FieldError[] {
  const r = ref ?? {};
  const errs: FieldError[] = [];
  if (r.apiGroup !== RBAC_GROUP) errs.push(notSupported('roleRef.apiGroup', r.apiGroup ?? '', [RBAC_GROUP]));
  if (!kinds.includes(r.kind ?? '')) errs.push(notSupported('roleRef.kind', r.kind ?? '', kinds));
  const name = r.name ?? '';
  if (name === '') errs.push(required('roleRef.name', ''));
  else for (const msg of isValidPathSegmentName(name)) errs.push(invalid('roleRef.name', name, msg));
  return errs;
}

/** One subject at `path` (`subjects[0]`), checked by kind; `namespaced` bindings let a ServiceAccount omit its namespace. */
export function validateSubject(subject: Subject, namespaced: boolean, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const name = subject.name ?? '';
  const apiGroup = subject.apiGroup ?? '';
  if (name === '') errs.push(required(`${path}.name`, ''));
  switch (subject.kind) {
    case 'ServiceAccount':
      if (name !== '') for (const msg of nameIsDNSSubdomain(name)) errs.push(invalid(`${path}.name`, name, msg));
      if (apiGroup !== '') errs.push(notSupported(`${path}.apiGroup`, apiGroup, ['']));
      if (!namespaced && (subject.namespace ?? '') === '') errs.push(required(`${path}.namespace`, ''));
      break;
    case 'User':
    case 'Group':
      if (apiGroup !== RBAC_GROUP) errs.push(notSupported(`${path}.apiGroup`, apiGroup, [RBAC_GROUP]));
      break;
    default:
      errs.push(notSupported(`${path}.kind`, subject.kind ?? '', ['ServiceAccount', 'User', 'Group']));
  }
  return errs;
}

function validateSubjects(subjects: readonly Subject[] | undefined, namespaced: boolean): FieldError[] {
  return (subjects ?? []).flatMap((s, i) => validateSubject(s, namespaced, `subjects[${i}]`));
}

function roleRefChanged(next: RoleRef | undefined, old: RoleRef | undefined): FieldError[] {
  const same =
    (next?.apiGroup ?? '') === (old?.apiGroup ?? '') &&
    (next?.kind ?? '') === (old?.kind ?? '') &&
    (next?.name ?? '') === (old?.name ?? '');
  return same ? [] : [invalid('roleRef', goRoleRef(next), 'cannot change roleRef')];
}

/** Validates a RoleBinding: roleRef to a Role or ClusterRole of the RBAC group, and its subjects. */
export function validateRoleBinding(binding: RoleBinding): FieldError[] {
  return [
    ...validateObjectMeta(binding.metadata, true, isValidPathSegmentName),
    ...validateRoleRef(binding.roleRef, ['Role', 'ClusterRole']),
    ...validateSubjects(binding.subjects, true),
  ];
}

/** Validates a RoleBinding update: roleRef may not change (`cannot change roleRef`). */
export function validateRoleBindingUpdate(next: RoleBinding, old: RoleBinding): FieldError[] {
  return [
    ...validateRoleBinding(next),
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...roleRefChanged(next.roleRef, old.roleRef),
  ];
}

/** Validates a ClusterRoleBinding: roleRef to a ClusterRole, subjects (ServiceAccounts with a namespace). */
export function validateClusterRoleBinding(binding: ClusterRoleBinding): FieldError[] {
  return [
    ...validateObjectMeta(binding.metadata, false, isValidPathSegmentName),
    ...validateRoleRef(binding.roleRef, ['ClusterRole']),
    ...validateSubjects(binding.subjects, false),
  ];
}

/** Validates a ClusterRoleBinding update: roleRef may not change. */
export function validateClusterRoleBindingUpdate(next: ClusterRoleBinding, old: ClusterRoleBinding): FieldError[] {
  return [
    ...validateClusterRoleBinding(next),
    ...validateObjectMetaUpdate(next.metadata, old.metadata),
    ...roleRefChanged(next.roleRef, old.roleRef),
  ];
}
