/** rbac.authorization.k8s.io/v1: Role, ClusterRole, RoleBinding, ClusterRoleBinding. */
import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optList, optString, optStringList } from './primitives.js';

const RBAC = 'io.k8s.api.rbac.v1.';
/** The RBAC API group, the only group a roleRef and a User or Group subject may name. */
export const RBAC_GROUP = 'rbac.authorization.k8s.io';
const GV = { group: RBAC_GROUP, version: 'v1' } as const;

/** One rule of a role: verbs on resources of API groups, or on non-resource URLs. */
export const PolicyRuleSchema = named(
  `${RBAC}PolicyRule`,
  z.strictObject({
    verbs: optStringList(),
    apiGroups: optStringList(),
    resources: optStringList(),
    resourceNames: optStringList(),
    nonResourceURLs: optStringList(),
  }),
  'PolicyRule holds information that describes a policy rule, but does not contain information about who the rule applies to or which namespace the rule applies to.',
);
/** One rule of a role. */
export type PolicyRule = z.infer<typeof PolicyRuleSchema>;

/** Which ClusterRoles a ClusterRole aggregates the rules of. */
export const AggregationRuleSchema = named(
  `${RBAC}AggregationRule`,
  z.strictObject({ clusterRoleSelectors: optList(LabelSelectorSchema) }),
  'AggregationRule describes how to locate ClusterRoles to aggregate into the ClusterRole',
);
/** A ClusterRole's aggregation rule. */
export type AggregationRule = z.infer<typeof AggregationRuleSchema>;

/** Who a binding grants its role to: a User, Group or ServiceAccount. */
export const SubjectSchema = named(
  `${RBAC}Subject`,
  z.strictObject({ kind: optString(), apiGroup: optString(), name: optString(), namespace: optString() }),
  'Subject contains a reference to the object or user identities a role binding applies to.',
);
/** A binding's subject. */
export type Subject = z.infer<typeof SubjectSchema>;

/** The role a binding grants. */
export const RoleRefSchema = named(
  `${RBAC}RoleRef`,
  z.strictObject({ apiGroup: optString(), kind: optString(), name: optString() }),
  'RoleRef contains information that points to the role being used',
);
/** The role a binding grants. */
export type RoleRef = z.infer<typeof RoleRefSchema>;

/** The fields of a Role, which a ClusterRole extends with its aggregationRule. */
const roleFields = {
  apiVersion: optString(),
  kind: optString(),
  metadata: ObjectMetaSchema.optional(),
  rules: optList(PolicyRuleSchema),
};

/** The fields RoleBinding and ClusterRoleBinding share (all of them). */
const bindingFields = {
  apiVersion: optString(),
  kind: optString(),
  metadata: ObjectMetaSchema.optional(),
  subjects: optList(SubjectSchema),
  roleRef: RoleRefSchema.optional(),
};

/** A namespaced set of rules. */
export const RoleSchema = namedKind(
  `${RBAC}Role`,
  { ...GV, kind: 'Role' },
  z.strictObject(roleFields),
  'Role is a namespaced, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding.',
);
/** A Role. */
export type Role = z.infer<typeof RoleSchema>;

/** A cluster-wide set of rules, possibly aggregated from other ClusterRoles. */
export const ClusterRoleSchema = namedKind(
  `${RBAC}ClusterRole`,
  { ...GV, kind: 'ClusterRole' },
  z.strictObject({ ...roleFields, aggregationRule: AggregationRuleSchema.optional() }),
  'ClusterRole is a cluster level, logical grouping of PolicyRules that can be referenced as a unit by a RoleBinding or ClusterRoleBinding.',
);
/** A ClusterRole. */
export type ClusterRole = z.infer<typeof ClusterRoleSchema>;

/** Grants a Role or ClusterRole to subjects within one namespace. */
export const RoleBindingSchema = namedKind(
  `${RBAC}RoleBinding`,
  { ...GV, kind: 'RoleBinding' },
  z.strictObject(bindingFields),
  'RoleBinding references a role, but does not contain it.  It can reference a Role in the same namespace or a ClusterRole in the global namespace. It adds who information via Subjects and namespace information by which namespace it exists in.  RoleBindings in a given namespace only have effect in that namespace.',
);
/** A RoleBinding. */
export type RoleBinding = z.infer<typeof RoleBindingSchema>;

/** Grants a ClusterRole to subjects cluster-wide. */
export const ClusterRoleBindingSchema = namedKind(
  `${RBAC}ClusterRoleBinding`,
  { ...GV, kind: 'ClusterRoleBinding' },
  z.strictObject(bindingFields),
  'ClusterRoleBinding references a ClusterRole, but not contain it.  It can reference a ClusterRole in the global namespace, and adds who information via Subject.',
);
/** A ClusterRoleBinding. */
export type ClusterRoleBinding = z.infer<typeof ClusterRoleBindingSchema>;
