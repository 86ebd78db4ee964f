/**
 * The user-facing default ClusterRoles of kube-apiserver's bootstrap policy: cluster-admin,
 * and admin, edit and view with the system:aggregate-to-* pieces they aggregate.
 */
import type { AggregationRule, PolicyRule } from '../schema/rbac-v1.js';
import { CORE, READ, READ_WRITE, rule, urlRule, WRITE } from './rules.js';

/** A bootstrap ClusterRole before its labels and annotations: name, rules, extra labels, aggregation rule. */
export interface ClusterRoleSpec {
  name: string;
  rules?: PolicyRule[];
  labels?: Record<string, string>;
  aggregationRule?: AggregationRule;
}

const AGG = 'rbac.authorization.k8s.io/aggregate-to-';
const aggregates = (role: string): AggregationRule => ({
  clusterRoleSelectors: [{ matchLabels: { [`${AGG}${role}`]: 'true' } }],
});
const into = (role: string): Record<string, string> => ({ [`${AGG}${role}`]: 'true' });

const VIEW_RULES: PolicyRule[] = [
  rule(
    CORE,
    'configmaps endpoints persistentvolumeclaims persistentvolumeclaims/status pods replicationcontrollers replicationcontrollers/scale serviceaccounts services services/status',
    READ,
  ),
  rule(
    CORE,
    'bindings events limitranges namespaces/status pods/log pods/status replicationcontrollers/status resourcequotas resourcequotas/status',
    READ,
  ),
  rule(CORE, 'namespaces', READ),
  rule(['discovery.k8s.io'], 'endpointslices', READ),
  rule(
    ['apps'],
    'controllerrevisions daemonsets daemonsets/status deployments deployments/scale deployments/status replicasets replicasets/scale replicasets/status statefulsets statefulsets/scale statefulsets/status',
    READ,
  ),
  rule(['autoscaling'], 'horizontalpodautoscalers horizontalpodautoscalers/status', READ),
  rule(['batch'], 'cronjobs cronjobs/status jobs jobs/status', READ),
  rule(
    ['extensions'],
    'daemonsets daemonsets/status deployments deployments/scale deployments/status ingresses ingresses/status networkpolicies replicasets replicasets/scale replicasets/status replicationcontrollers/scale',
    READ,
  ),
  rule(['policy'], 'poddisruptionbudgets poddisruptionbudgets/status', READ),
  rule(['networking.k8s.io'], 'ingresses ingresses/status networkpolicies', READ),
];

const EDIT_RULES: PolicyRule[] = [
  rule(CORE, 'pods/attach pods/exec pods/portforward pods/proxy secrets services/proxy', READ),
  rule(CORE, 'serviceaccounts', 'impersonate'),
  rule(CORE, 'pods pods/attach pods/exec pods/portforward pods/proxy', WRITE),
  rule(CORE, 'pods/eviction', 'create'),
  rule(
    CORE,
    'configmaps events persistentvolumeclaims replicationcontrollers replicationcontrollers/scale secrets serviceaccounts services services/proxy',
    WRITE,
  ),
  rule(CORE, 'serviceaccounts/token', 'create'),
  rule(
    ['apps'],
    'daemonsets deployments deployments/rollback deployments/scale replicasets replicasets/scale statefulsets statefulsets/scale',
    WRITE,
  ),
  rule(['autoscaling'], 'horizontalpodautoscalers', WRITE),
  rule(['batch'], 'cronjobs jobs', WRITE),
  rule(
    ['extensions'],
    'daemonsets deployments deployments/rollback deployments/scale ingresses networkpolicies replicasets replicasets/scale replicationcontrollers/scale',
    WRITE,
  ),
  rule(['policy'], 'poddisruptionbudgets', WRITE),
  rule(['networking.k8s.io'], 'ingresses networkpolicies', WRITE),
  rule(['coordination.k8s.io'], 'leases', READ_WRITE),
];

const ADMIN_RULES: PolicyRule[] = [
  rule(['authorization.k8s.io'], 'localsubjectaccessreviews', 'create'),
  rule(['rbac.authorization.k8s.io'], 'rolebindings roles', READ_WRITE),
];

/** cluster-admin, admin, edit, view and the system:aggregate-to-* roles, in kube's order. */
export const USER_FACING_CLUSTER_ROLES: readonly ClusterRoleSpec[] = [
  { name: 'cluster-admin', rules: [rule(['*'], '*', '*'), urlRule('*', '*')] },
  { name: 'admin', aggregationRule: aggregates('admin') },
  { name: 'edit', labels: into('admin'), aggregationRule: aggregates('edit') },
  { name: 'view', labels: into('edit'), aggregationRule: aggregates('view') },
  { name: 'system:aggregate-to-admin', labels: into('admin'), rules: ADMIN_RULES },
  { name: 'system:aggregate-to-edit', labels: into('edit'), rules: EDIT_RULES },
  { name: 'system:aggregate-to-view', labels: into('view'), rules: VIEW_RULES },
];
