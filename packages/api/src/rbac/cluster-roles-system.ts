/** The system:* ClusterRoles of kube-apiserver's bootstrap policy (components, nodes, discovery, certificates). */
import type { PolicyRule } from '../schema/rbac-v1.js';
import type { ClusterRoleSpec } from './cluster-roles-user.js';
import { CORE, EVENTS_RULE, READ, rule, urlRule } from './rules.js';

const TOKEN_REVIEW = rule(['authentication.k8s.io'], 'tokenreviews', 'create');
const SUBJECT_ACCESS_REVIEW = rule(['authorization.k8s.io'], 'subjectaccessreviews', 'create');
const leaderLease = (name: string): PolicyRule[] => [
  rule(['coordination.k8s.io'], 'leases', 'create'),
  rule(['coordination.k8s.io'], 'leases', 'get update', name),
];
const approver = (signer: string): ClusterRoleSpec => ({
  name: `system:certificates.k8s.io:${signer}-approver`,
  rules: [rule(['certificates.k8s.io'], 'signers', 'approve', `kubernetes.io/${signer}`)],
});

const KUBE_CONTROLLER_MANAGER: PolicyRule[] = [
  EVENTS_RULE,
  ...leaderLease('kube-controller-manager'),
  rule(CORE, 'secrets serviceaccounts', 'create'),
  rule(CORE, 'secrets', 'delete'),
  rule(CORE, 'configmaps namespaces secrets serviceaccounts', 'get'),
  rule(CORE, 'secrets serviceaccounts', 'update'),
  TOKEN_REVIEW,
  SUBJECT_ACCESS_REVIEW,
  rule(['*'], '*', 'list watch'),
  rule(CORE, 'serviceaccounts/token', 'create'),
];

const KUBE_SCHEDULER: PolicyRule[] = [
  EVENTS_RULE,
  ...leaderLease('kube-scheduler'),
  rule(CORE, 'nodes', READ),
  rule(CORE, 'pods', 'delete get list watch'),
  rule(CORE, 'bindings pods/binding', 'create'),
  rule(CORE, 'pods/status', 'patch update'),
  rule(CORE, 'replicationcontrollers services', READ),
  rule(['apps', 'extensions'], 'replicasets', READ),
  rule(['apps'], 'statefulsets', READ),
  rule(['policy'], 'poddisruptionbudgets', READ),
  rule(CORE, 'persistentvolumeclaims persistentvolumes', READ),
  TOKEN_REVIEW,
  SUBJECT_ACCESS_REVIEW,
  rule(['storage.k8s.io'], 'csinodes', READ),
  rule(CORE, 'namespaces', READ),
  rule(['storage.k8s.io'], 'csidrivers', READ),
  rule(['storage.k8s.io'], 'csistoragecapacities', READ),
];

const NODE: PolicyRule[] = [
  TOKEN_REVIEW,
  rule(['authorization.k8s.io'], 'localsubjectaccessreviews subjectaccessreviews', 'create'),
  rule(CORE, 'services', READ),
  rule(CORE, 'nodes', 'create get list watch'),
  rule(CORE, 'nodes/status', 'patch update'),
  rule(CORE, 'nodes', 'patch update'),
  rule(CORE, 'events', 'create patch update'),
  rule(CORE, 'pods', READ),
  rule(CORE, 'pods', 'create delete'),
  rule(CORE, 'pods/status', 'patch update'),
  rule(CORE, 'pods/eviction', 'create'),
  rule(CORE, 'configmaps secrets', READ),
  rule(CORE, 'persistentvolumeclaims persistentvolumes', 'get'),
  rule(CORE, 'endpoints', 'get'),
  rule(['certificates.k8s.io'], 'certificatesigningrequests', 'create get list watch'),
  rule(['coordination.k8s.io'], 'leases', 'create delete get patch update'),
  rule(['storage.k8s.io'], 'volumeattachments', 'get'),
  rule(CORE, 'serviceaccounts/token', 'create'),
  rule(CORE, 'persistentvolumeclaims/status', 'get patch update'),
  rule(['storage.k8s.io'], 'csidrivers', READ),
  rule(['storage.k8s.io'], 'csinodes', 'create delete get patch update'),
  rule(['node.k8s.io'], 'runtimeclasses', READ),
];

/** The system:* ClusterRoles other than the controllers' and the aggregate-to-* pieces, by name. */
export const SYSTEM_CLUSTER_ROLES: readonly ClusterRoleSpec[] = [
  { name: 'system:auth-delegator', rules: [TOKEN_REVIEW, SUBJECT_ACCESS_REVIEW] },
  {
    name: 'system:basic-user',
    rules: [
      rule(['authorization.k8s.io'], 'selfsubjectaccessreviews selfsubjectrulesreviews', 'create'),
      rule(['authentication.k8s.io'], 'selfsubjectreviews', 'create'),
    ],
  },
  {
    name: 'system:certificates.k8s.io:certificatesigningrequests:nodeclient',
    rules: [rule(['certificates.k8s.io'], 'certificatesigningrequests/nodeclient', 'create')],
  },
  {
    name: 'system:certificates.k8s.io:certificatesigningrequests:selfnodeclient',
    rules: [rule(['certificates.k8s.io'], 'certificatesigningrequests/selfnodeclient', 'create')],
  },
  approver('kube-apiserver-client'),
  approver('kube-apiserver-client-kubelet'),
  approver('kubelet-serving'),
  approver('legacy-unknown'),
  {
    name: 'system:discovery',
    rules: [urlRule('/api /api/* /apis /apis/* /healthz /livez /openapi /openapi/* /readyz /version /version/', 'get')],
  },
  {
    name: 'system:heapster',
    rules: [rule(CORE, 'events namespaces nodes pods', READ), rule(['extensions'], 'deployments', READ)],
  },
  { name: 'system:kube-aggregator', rules: [rule(CORE, 'endpoints services', READ)] },
  { name: 'system:kube-controller-manager', rules: KUBE_CONTROLLER_MANAGER },
  { name: 'system:kube-dns', rules: [rule(CORE, 'endpoints services', 'list watch')] },
  { name: 'system:kube-scheduler', rules: KUBE_SCHEDULER },
  {
    name: 'system:kubelet-api-admin',
    rules: [
      rule(CORE, 'nodes', READ),
      rule(CORE, 'nodes', 'proxy'),
      rule(CORE, 'nodes/log nodes/metrics nodes/proxy nodes/stats', '*'),
    ],
  },
  {
    name: 'system:monitoring',
    rules: [urlRule('/healthz /healthz/* /livez /livez/* /metrics /metrics/slis /readyz /readyz/*', 'get')],
  },
  { name: 'system:node', rules: NODE },
  {
    name: 'system:node-bootstrapper',
    rules: [rule(['certificates.k8s.io'], 'certificatesigningrequests', 'create get list watch')],
  },
  {
    name: 'system:node-problem-detector',
    rules: [rule(CORE, 'nodes', 'get'), rule(CORE, 'nodes/status', 'patch'), EVENTS_RULE],
  },
  {
    name: 'system:node-proxier',
    rules: [
      rule(CORE, 'endpoints services', 'list watch'),
      rule(CORE, 'nodes', READ),
      EVENTS_RULE,
      rule(['discovery.k8s.io'], 'endpointslices', 'list watch'),
    ],
  },
  {
    name: 'system:persistent-volume-provisioner',
    rules: [
      rule(CORE, 'persistentvolumes', 'create delete get list watch'),
      rule(CORE, 'persistentvolumeclaims', 'get list update watch'),
      rule(['storage.k8s.io'], 'storageclasses', READ),
      rule(CORE, 'events', 'watch'),
      EVENTS_RULE,
    ],
  },
  { name: 'system:public-info-viewer', rules: [urlRule('/healthz /livez /readyz /version /version/', 'get')] },
  {
    name: 'system:service-account-issuer-discovery',
    rules: [urlRule('/.well-known/openid-configuration /openid/v1/jwks', 'get')],
  },
  {
    name: 'system:volume-scheduler',
    rules: [
      rule(CORE, 'persistentvolumes', 'get list patch update watch'),
      rule(['storage.k8s.io'], 'storageclasses', READ),
      rule(CORE, 'persistentvolumeclaims', 'get list patch update watch'),
    ],
  },
];
