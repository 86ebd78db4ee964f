import { describe, expect, it } from 'vitest';
import { defaultRoleBinding } from '../defaults/rbac.js';
import type { ClusterRoleBinding, RoleBinding } from '../schema/rbac-v1.js';
import { formatFieldError, type FieldError } from './field-errors.js';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateClusterRoleBindingUpdate,
  validateRole,
  validateRoleBinding,
  validateRoleBindingUpdate,
} from './rbac.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);
const meta = (name: string, namespace?: string) => (namespace ? { name, namespace } : { name });
const view = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' };

describe('roles', () => {
  it('accepts resource rules and cluster-wide non-resource rules', () => {
    const rules = [{ verbs: ['get'], apiGroups: [''], resources: ['pods'] }];
    expect(validateRole({ metadata: meta('reader', 'default'), rules })).toEqual([]);
    const urls = [{ verbs: ['get'], nonResourceURLs: ['/healthz'] }];
    expect(validateClusterRole({ metadata: meta('health'), rules: urls })).toEqual([]);
  });

  it('requires verbs, api groups and resources', () => {
    expect(messages(validateRole({ metadata: meta('r', 'default'), rules: [{}] }))).toEqual([
      'rules[0].verbs: Required value: verbs must contain at least one value',
      'rules[0].apiGroups: Required value: resource rules must supply at least one api group',
      'rules[0].resources: Required value: resource rules must supply at least one resource',
    ]);
  });

  it('refuses non-resource URLs in a Role and mixed with resources', () => {
    const rules = [{ verbs: ['get'], nonResourceURLs: ['/metrics'], resources: ['pods'] }];
    expect(messages(validateRole({ metadata: meta('r', 'default'), rules }))).toEqual([
      'rules[0].nonResourceURLs: Invalid value: []string{"/metrics"}: namespaced rules cannot apply to non-resource URLs',
      'rules[0].nonResourceURLs: Invalid value: []string{"/metrics"}: rules cannot apply to both regular resources and non-resource URLs',
    ]);
  });

  it('checks names as path segments, and namespaces by scope', () => {
    expect(messages(validateClusterRole({ metadata: meta('a/b%c') }))).toEqual([
      `metadata.name: Invalid value: "a/b%c": may not contain '/'`,
      `metadata.name: Invalid value: "a/b%c": may not contain '%'`,
    ]);
    expect(validateClusterRole({ metadata: meta('system:controller:x') })).toEqual([]);
    expect(messages(validateRole({ metadata: meta('r') }))).toEqual(['metadata.namespace: Required value']);
  });

  it('requires a selector in an aggregationRule and checks it', () => {
    expect(messages(validateClusterRole({ metadata: meta('agg'), aggregationRule: {} }))).toEqual([
      'aggregationRule.clusterRoleSelectors: Required value: at least one clusterRoleSelector required if aggregationRule is non-nil',
    ]);
    const bad = { clusterRoleSelectors: [{ matchExpressions: [{ key: 'a', operator: 'Is' }] }] };
    expect(messages(validateClusterRole({ metadata: meta('agg'), aggregationRule: bad }))).toEqual([
      'aggregationRule.clusterRoleSelectors[0].matchExpressions[0].operator: Invalid value: "Is": not a valid selector operator',
    ]);
  });
});

describe('bindings', () => {
  const rb = (b: Partial<RoleBinding>): RoleBinding => defaultRoleBinding({ metadata: meta('rb', 'default'), ...b });
  const crb = (b: Partial<ClusterRoleBinding>): ClusterRoleBinding =>
    defaultRoleBinding({ metadata: meta('crb'), ...b });

  it('defaults the apiGroup of roleRef, users and groups', () => {
    const b = rb({
      roleRef: { kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'default', apiGroup: '' },
      ],
    });
    expect(b.roleRef?.apiGroup).toBe('rbac.authorization.k8s.io');
    expect(b.subjects?.map((s) => s.apiGroup)).toEqual([
      'rbac.authorization.k8s.io',
      'rbac.authorization.k8s.io',
      undefined,
    ]);
    expect(validateRoleBinding(b)).toEqual([]);
  });

  it('refuses a roleRef of another group or kind, or without a name', () => {
    const errs = validateClusterRoleBinding(crb({ roleRef: { apiGroup: 'example.com', kind: 'Role' } }));
    expect(messages(errs)).toEqual([
      'roleRef.apiGroup: Unsupported value: "example.com": supported values: "rbac.authorization.k8s.io"',
      'roleRef.kind: Unsupported value: "Role": supported values: "ClusterRole"',
      'roleRef.name: Required value',
    ]);
  });

  it('defaults the group of a missing roleRef too, so only its kind and name are refused', () => {
    expect(messages(validateRoleBinding(rb({})))).toEqual([
      'roleRef.kind: Unsupported value: "": supported values: "Role", "ClusterRole"',
      'roleRef.name: Required value',
    ]);
  });

  it('checks subjects by kind; a ClusterRoleBinding needs a ServiceAccount namespace', () => {
    const subjects = [
      { kind: 'ServiceAccount', name: 'Bad_Name' },
      { kind: 'User', name: 'bob', apiGroup: 'v1' },
      { kind: 'Robot', name: 'r2' },
      { kind: 'Group' },
    ];
    expect(messages(validateClusterRoleBinding(crb({ roleRef: view, subjects })))).toEqual([
      expect.stringMatching(/^subjects\[0\]\.name: Invalid value: "Bad_Name": a lowercase RFC 1123 subdomain/),
      'subjects[0].namespace: Required value',
      'subjects[1].apiGroup: Unsupported value: "v1": supported values: "rbac.authorization.k8s.io"',
      'subjects[2].kind: Unsupported value: "Robot": supported values: "ServiceAccount", "User", "Group"',
      'subjects[3].name: Required value',
    ]);
    expect(validateRoleBinding(rb({ roleRef: view, subjects: [{ kind: 'ServiceAccount', name: 'sa' }] }))).toEqual([]);
  });

  it('forbids changing roleRef on update', () => {
    const old = rb({ roleRef: view });
    const next = rb({ roleRef: { ...view, name: 'edit' } });
    expect(messages(validateRoleBindingUpdate(next, old))).toEqual([
      'roleRef: Invalid value: rbac.RoleRef{APIGroup:"rbac.authorization.k8s.io", Kind:"ClusterRole", Name:"edit"}: cannot change roleRef',
    ]);
    const subjects = [{ kind: 'User', name: 'alice' }];
    expect(validateClusterRoleBindingUpdate(crb({ roleRef: view, subjects }), crb({ roleRef: view }))).toEqual([]);
  });
});
