/** Registry entries of rbac.authorization.k8s.io/v1 (no short names, no categories, as in Kubernetes). */
import { deepClone } from '@wheelhouse/machinery';
import { defaultRoleBinding } from '../defaults/rbac.js';
import { clusterRoleBindingPrinter, roleBindingPrinter } from '../printing/rbac.js';
import { defaultTablePrinter } from '../printing/table.js';
import {
  ClusterRoleBindingSchema,
  ClusterRoleSchema,
  RBAC_GROUP,
  RoleBindingSchema,
  RoleSchema,
} from '../schema/rbac-v1.js';
import { PLAIN_STRATEGY } from '../strategy/kinds.js';
import * as v from '../validation/rbac.js';
import { STANDARD_VERBS } from './common.js';
import { objectMetaFields } from './fields.js';
import { defineResource, type AnyResourceDefinition } from './types.js';

const RBAC = {
  group: RBAC_GROUP,
  version: 'v1',
  shortNames: [],
  categories: [],
  verbs: STANDARD_VERBS,
  subresources: [],
  strategy: PLAIN_STRATEGY,
} as const;
const identity = <T>(o: T): T => deepClone(o);

/** rbac.authorization.k8s.io/v1 resources, in discovery order. */
export const RBAC_RESOURCES: readonly AnyResourceDefinition[] = [
  defineResource({
    ...RBAC,
    kind: 'ClusterRoleBinding',
    listKind: 'ClusterRoleBindingList',
    resource: 'clusterrolebindings',
    singular: 'clusterrolebinding',
    scope: 'Cluster',
    schema: ClusterRoleBindingSchema,
    definitionName: 'io.k8s.api.rbac.v1.ClusterRoleBinding',
    selectableFields: (o) => objectMetaFields(o, false),
    defaults: defaultRoleBinding,
    validate: v.validateClusterRoleBinding,
    validateUpdate: v.validateClusterRoleBindingUpdate,
    printer: clusterRoleBindingPrinter,
  }),
  defineResource({
    ...RBAC,
    kind: 'ClusterRole',
    listKind: 'ClusterRoleList',
    resource: 'clusterroles',
    singular: 'clusterrole',
    scope: 'Cluster',
    schema: ClusterRoleSchema,
    definitionName: 'io.k8s.api.rbac.v1.ClusterRole',
    selectableFields: (o) => objectMetaFields(o, false),
    defaults: identity,
    validate: v.validateClusterRole,
    validateUpdate: v.validateClusterRoleUpdate,
    printer: defaultTablePrinter,
  }),
  defineResource({
    ...RBAC,
    kind: 'RoleBinding',
    listKind: 'RoleBindingList',
    resource: 'rolebindings',
    singular: 'rolebinding',
    scope: 'Namespaced',
    schema: RoleBindingSchema,
    definitionName: 'io.k8s.api.rbac.v1.RoleBinding',
    selectableFields: (o) => objectMetaFields(o, true),
    defaults: defaultRoleBinding,
    validate: v.validateRoleBinding,
    validateUpdate: v.validateRoleBindingUpdate,
    printer: roleBindingPrinter,
  }),
  defineResource({
    ...RBAC,
    kind: 'Role',
    listKind: 'RoleList',
    resource: 'roles',
    singular: 'role',
    scope: 'Namespaced',
    schema: RoleSchema,
    definitionName: 'io.k8s.api.rbac.v1.Role',
    selectableFields: (o) => objectMetaFields(o, true),
    defaults: identity,
    validate: v.validateRole,
    validateUpdate: v.validateRoleUpdate,
    printer: defaultTablePrinter,
  }),
];
