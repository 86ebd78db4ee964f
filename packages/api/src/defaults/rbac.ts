/** Defaults of rbac.authorization.k8s.io/v1 bindings (pkg/apis/rbac/v1/defaults.go). */
import { deepClone } from '@wheelhouse/machinery';
import { RBAC_GROUP, type ClusterRoleBinding, type RoleBinding, type Subject } from '../schema/rbac-v1.js';

function defaultSubject(subject: Subject): void {
  if (subject.apiGroup !== undefined && subject.apiGroup !== '') return;
  // A ServiceAccount's group is the core group, "", which the JSON form omits.
  if (subject.kind === 'ServiceAccount') delete subject.apiGroup;
  else if (subject.kind === 'User' || subject.kind === 'Group') subject.apiGroup = RBAC_GROUP;
}

/**
 * A copy of a RoleBinding or ClusterRoleBinding with Kubernetes' defaults: an empty
 * roleRef.apiGroup becomes `rbac.authorization.k8s.io`, as does a User's or Group's
 * apiGroup; a ServiceAccount's stays `""`.
 */
export function defaultRoleBinding<T extends RoleBinding | ClusterRoleBinding>(binding: T): T {
  const copy = deepClone(binding);
  // roleRef is a struct, not a pointer, in Go: an absent one is defaulted too.
  const ref = (copy.roleRef ??= {});
  if ((ref.apiGroup ?? '') === '') ref.apiGroup = RBAC_GROUP;
  for (const subject of copy.subjects ?? []) defaultSubject(subject);
  return copy;
}
