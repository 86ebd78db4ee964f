/**
 * rbac.authorization.k8s.io/v1 messages (Role, ClusterRole, RoleBinding, ClusterRoleBinding):
 * field numbers and types as in k8s.io/api rbac/v1, Go field order. Syntax: see
 * @wheelhouse/machinery's protobuf/descriptor.ts.
 */
import type { DescriptorTable } from '@wheelhouse/machinery';

/** Message descriptors (see the module comment). */
export const RBAC_DESCRIPTORS: DescriptorTable = {
  PolicyRule: 'verbs=1:[]s! apiGroups=2:[]s resources=3:[]s resourceNames=4:[]s nonResourceURLs=5:[]s',
  AggregationRule: 'clusterRoleSelectors=1:[]LabelSelector',
  Subject: 'kind=1! apiGroup=2 name=3! namespace=4',
  RoleRef: 'apiGroup=1! kind=2! name=3!',
  Role: 'metadata=1:ObjectMeta rules=2:[]PolicyRule!',
  ClusterRole: 'metadata=1:ObjectMeta rules=2:[]PolicyRule! aggregationRule=3:*AggregationRule',
  RoleBinding: 'metadata=1:ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef!',
  ClusterRoleBinding: 'metadata=1:ObjectMeta subjects=2:[]Subject roleRef=3:RoleRef!',
};
