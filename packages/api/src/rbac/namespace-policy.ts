/** The Roles and RoleBindings kube-apiserver's bootstrap policy creates in kube-system and kube-public. */
import type { PolicyRule, Subject } from '../schema/rbac-v1.js';
import { CORE, EVENTS_RULE, READ, rule } from './rules.js';

/** A bootstrap Role before its labels and annotations. */
export interface RoleSpec {
  namespace: string;
  name: string;
  rules: PolicyRule[];
}

/** A bootstrap RoleBinding before its labels and annotations (roleRef to a Role of the same namespace). */
export interface RoleBindingSpec {
  namespace: string;
  name: string;
  role: string;
  subjects: Subject[];
}

const user = (name: string): Subject => ({ kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name });
const serviceAccount = (name: string): Subject => ({ kind: 'ServiceAccount', name, namespace: 'kube-system' });
const LEADER_LOCKING = [rule(['coordination.k8s.io'], 'leases', 'create get list update watch')];

/** The bootstrap Roles, kube-public first. */
export const NAMESPACE_ROLES: readonly RoleSpec[] = [
  {
    namespace: 'kube-public',
    name: 'system:controller:bootstrap-signer',
    rules: [rule(CORE, 'configmaps', READ), rule(CORE, 'configmaps', 'update', 'cluster-info'), EVENTS_RULE],
  },
  {
    namespace: 'kube-system',
    name: 'extension-apiserver-authentication-reader',
    rules: [rule(CORE, 'configmaps', READ, 'extension-apiserver-authentication')],
  },
  { namespace: 'kube-system', name: 'system::leader-locking-kube-controller-manager', rules: LEADER_LOCKING },
  { namespace: 'kube-system', name: 'system::leader-locking-kube-scheduler', rules: LEADER_LOCKING },
  { namespace: 'kube-system', name: 'system:controller:bootstrap-signer', rules: [rule(CORE, 'secrets', READ)] },
  {
    namespace: 'kube-system',
    name: 'system:controller:cloud-provider',
    rules: [rule(CORE, 'configmaps', 'create get list watch')],
  },
  {
    namespace: 'kube-system',
    name: 'system:controller:token-cleaner',
    rules: [rule(CORE, 'secrets', 'delete get list watch'), EVENTS_RULE],
  },
];

/** The bootstrap RoleBindings, kube-public first. */
export const NAMESPACE_ROLE_BINDINGS: readonly RoleBindingSpec[] = [
  {
    namespace: 'kube-public',
    name: 'system:controller:bootstrap-signer',
    role: 'system:controller:bootstrap-signer',
    subjects: [serviceAccount('bootstrap-signer')],
  },
  {
    namespace: 'kube-system',
    name: 'system::extension-apiserver-authentication-reader',
    role: 'extension-apiserver-authentication-reader',
    subjects: [user('system:kube-controller-manager'), user('system:kube-scheduler')],
  },
  {
    namespace: 'kube-system',
    name: 'system::leader-locking-kube-controller-manager',
    role: 'system::leader-locking-kube-controller-manager',
    subjects: [
      user('system:kube-controller-manager'),
      serviceAccount('kube-controller-manager'),
      serviceAccount('leader-election-controller'),
    ],
  },
  {
    namespace: 'kube-system',
    name: 'system::leader-locking-kube-scheduler',
    role: 'system::leader-locking-kube-scheduler',
    subjects: [user('system:kube-scheduler'), serviceAccount('kube-scheduler')],
  },
  {
    namespace: 'kube-system',
    name: 'system:controller:bootstrap-signer',
    role: 'system:controller:bootstrap-signer',
    subjects: [serviceAccount('bootstrap-signer')],
  },
  {
    namespace: 'kube-system',
    name: 'system:controller:cloud-provider',
    role: 'system:controller:cloud-provider',
    subjects: [serviceAccount('cloud-provider')],
  },
  {
    namespace: 'kube-system',
    name: 'system:controller:token-cleaner',
    role: 'system:controller:token-cleaner',
    subjects: [serviceAccount('token-cleaner')],
  },
];
