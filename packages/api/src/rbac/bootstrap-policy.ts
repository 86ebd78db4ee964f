/**
 * kube-apiserver's bootstrap RBAC policy as objects: the default ClusterRoles (cluster-admin,
 * admin, edit, view, system:*, system:controller:*), their ClusterRoleBindings, and the
 * Roles and RoleBindings of kube-system and kube-public. Each carries the label
 * `kubernetes.io/bootstrapping: rbac-defaults` and the annotation
 * `rbac.authorization.kubernetes.io/autoupdate: "true"`. Callers get fresh copies and may mutate them.
 */
import {
  RBAC_GROUP,
  type ClusterRole,
  type ClusterRoleBinding,
  type Role,
  type RoleBinding,
  type Subject,
} from '../schema/rbac-v1.js';
import { CONTROLLER_ROLES } from './controller-roles.js';
import { SYSTEM_CLUSTER_ROLES } from './cluster-roles-system.js';
import { USER_FACING_CLUSTER_ROLES, type ClusterRoleSpec } from './cluster-roles-user.js';
import { NAMESPACE_ROLE_BINDINGS, NAMESPACE_ROLES } from './namespace-policy.js';

const API_VERSION = `${RBAC_GROUP}/v1`;

/** The label every bootstrap RBAC object carries. */
export const BOOTSTRAPPING_LABEL = 'kubernetes.io/bootstrapping';
/** The annotation that lets kube-apiserver reconcile a bootstrap object at start. */
export const AUTOUPDATE_ANNOTATION = 'rbac.authorization.kubernetes.io/autoupdate';

function bootstrapMeta(name: string, extraLabels: Record<string, string> = {}, namespace?: string) {
  return {
    name,
    ...(namespace === undefined ? {} : { namespace }),
    labels: { [BOOTSTRAPPING_LABEL]: 'rbac-defaults', ...extraLabels },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  };
}

const group = (name: string): Subject => ({ kind: 'Group', apiGroup: RBAC_GROUP, name });
const user = (name: string): Subject => ({ kind: 'User', apiGroup: RBAC_GROUP, name });

function clusterRole(spec: ClusterRoleSpec): ClusterRole {
  const role: ClusterRole = {
    apiVersion: API_VERSION,
    kind: 'ClusterRole',
    metadata: bootstrapMeta(spec.name, spec.labels),
  };
  if (spec.rules !== undefined) role.rules = structuredClone(spec.rules);
  if (spec.aggregationRule !== undefined) role.aggregationRule = structuredClone(spec.aggregationRule);
  return role;
}

function clusterRoleBinding(name: string, subjects: Subject[], role = name): ClusterRoleBinding {
  const binding: ClusterRoleBinding = {
    apiVersion: API_VERSION,
    kind: 'ClusterRoleBinding',
    metadata: bootstrapMeta(name),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'ClusterRole', name: role },
  };
  if (subjects.length > 0) binding.subjects = subjects;
  return binding;
}

/** Every bootstrap ClusterRole: the user-facing and system roles, then one per controller. */
export function bootstrapClusterRoles(): ClusterRole[] {
  const controllers = Object.entries(CONTROLLER_ROLES).map(([name, rules]) =>
    clusterRole({ name: `system:controller:${name}`, rules }),
  );
  return [...USER_FACING_CLUSTER_ROLES.map(clusterRole), ...SYSTEM_CLUSTER_ROLES.map(clusterRole), ...controllers];
}

/** Every bootstrap ClusterRoleBinding: the system bindings, then each controller's role to its kube-system service account. */
export function bootstrapClusterRoleBindings(): ClusterRoleBinding[] {
  const authenticated = group('system:authenticated');
  const system = [
    clusterRoleBinding('cluster-admin', [group('system:masters')]),
    clusterRoleBinding('system:basic-user', [authenticated]),
    clusterRoleBinding('system:discovery', [authenticated]),
    clusterRoleBinding('system:kube-controller-manager', [user('system:kube-controller-manager')]),
    clusterRoleBinding('system:kube-dns', [{ kind: 'ServiceAccount', name: 'kube-dns', namespace: 'kube-system' }]),
    clusterRoleBinding('system:kube-scheduler', [user('system:kube-scheduler')]),
    clusterRoleBinding('system:monitoring', [group('system:monitoring')]),
    clusterRoleBinding('system:node', []),
    clusterRoleBinding('system:node-proxier', [user('system:kube-proxy')]),
    clusterRoleBinding('system:public-info-viewer', [authenticated, group('system:unauthenticated')]),
    clusterRoleBinding('system:service-account-issuer-discovery', [group('system:serviceaccounts')]),
    clusterRoleBinding('system:volume-scheduler', [user('system:kube-scheduler')]),
  ];
  const controllers = Object.keys(CONTROLLER_ROLES).map((name) =>
    clusterRoleBinding(`system:controller:${name}`, [{ kind: 'ServiceAccount', name, namespace: 'kube-system' }]),
  );
  return [...system, ...controllers];
}

/** The bootstrap Roles of kube-system and kube-public. */
export function bootstrapRoles(): Role[] {
  return NAMESPACE_ROLES.map((spec) => ({
    apiVersion: API_VERSION,
    kind: 'Role',
    metadata: bootstrapMeta(spec.name, {}, spec.namespace),
    rules: structuredClone(spec.rules),
  }));
}

/** The bootstrap RoleBindings of kube-system and kube-public. */
export function bootstrapRoleBindings(): RoleBinding[] {
  return NAMESPACE_ROLE_BINDINGS.map((spec) => ({
    apiVersion: API_VERSION,
    kind: 'RoleBinding',
    metadata: bootstrapMeta(spec.name, {}, spec.namespace),
    roleRef: { apiGroup: RBAC_GROUP, kind: 'Role', name: spec.role },
    subjects: structuredClone(spec.subjects),
  }));
}
