/**
 * RBAC kinds' hooks: kube-apiserver's bootstrap policy (the default ClusterRoles, their
 * bindings, and the Roles and RoleBindings of kube-system and kube-public) exists from the start,
 * and at every start an existing default object gains the rules, selectors, subjects, labels and
 * annotations it lacks, unless annotated `rbac.authorization.kubernetes.io/autoupdate: "false"`.
 */
import {
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapRoleBindings,
  bootstrapRoles,
  reconcileBootstrapRbac,
  type ApiObject,
} from '@wheelhouse/api';
import type { KindHooks } from '../hooks.js';

const GROUP = 'rbac.authorization.k8s.io';

const initial = (objects: () => object[]): KindHooks => ({
  initialObjects: () => objects() as ApiObject[],
  reconcileInitial: (existing, expected) => reconcileBootstrapRbac(existing, expected),
});

/** The hooks of the four rbac.authorization.k8s.io/v1 resources, each with the resource it belongs to. */
export function rbacHooks(): [{ group: string; plural: string }, KindHooks][] {
  return [
    [{ group: GROUP, plural: 'clusterroles' }, initial(bootstrapClusterRoles)],
    [{ group: GROUP, plural: 'clusterrolebindings' }, initial(bootstrapClusterRoleBindings)],
    [{ group: GROUP, plural: 'roles' }, initial(bootstrapRoles)],
    [{ group: GROUP, plural: 'rolebindings' }, initial(bootstrapRoleBindings)],
  ];
}
