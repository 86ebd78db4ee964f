import { describe, expect, it } from 'vitest';
import { reconcileBootstrapRbac, uncoveredRules, type ReconciledRbacObject } from './reconcile.js';
import type { PolicyRule, Subject } from '../schema/rbac-v1.js';
import { AUTOUPDATE_ANNOTATION } from './bootstrap-policy.js';

const role = (rules: PolicyRule[], extra: Partial<ReconciledRbacObject> = {}): ReconciledRbacObject => ({
  metadata: {
    labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults' },
    annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
  },
  rules,
  ...extra,
});

describe('uncoveredRules (kube validation.Covers)', () => {
  it('breaks rules down and honours wildcards, */subresource, resource names and URL prefixes', () => {
    const owner = [
      { apiGroups: [''], resources: ['pods', '*/log'], verbs: ['get', 'list'] },
      { apiGroups: ['apps'], resources: ['*'], verbs: ['*'] },
      { apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'], verbs: ['get'] },
      { nonResourceURLs: ['/healthz', '/api/*'], verbs: ['get'] },
    ];
    expect(
      uncoveredRules(owner, [
        { apiGroups: [''], resources: ['pods', 'pods/log'], verbs: ['get'] },
        { apiGroups: ['apps'], resources: ['deployments/scale'], verbs: ['patch'] },
        { apiGroups: [''], resources: ['configmaps'], resourceNames: ['cfg'], verbs: ['get'] },
        { nonResourceURLs: ['/api/v1', '/healthz'], verbs: ['get'] },
      ]),
    ).toEqual([]);
    expect(
      uncoveredRules(owner, [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'delete'] },
        { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
        { nonResourceURLs: ['/metrics'], verbs: ['get'] },
      ]),
    ).toEqual([
      { apiGroups: [''], resources: ['pods'], verbs: ['delete'] },
      { apiGroups: [''], resources: ['configmaps'], verbs: ['get'] },
      { nonResourceURLs: ['/metrics'], verbs: ['get'] },
    ]);
  });
});

describe('uncoveredRules wildcards kube does not have', () => {
  it('reads `pods/*` as a resource of that name, not every subresource of pods', () => {
    const wanted = { apiGroups: [''], resources: ['pods/log'], verbs: ['get'] };
    expect(uncoveredRules([{ apiGroups: [''], resources: ['pods/*'], verbs: ['get'] }], [wanted])).toEqual([wanted]);
    const url = { nonResourceURLs: ['/apis/x'], verbs: ['get'] };
    expect(uncoveredRules([{ nonResourceURLs: ['/apis**'], verbs: ['get'] }], [url])).toEqual([]);
  });
});

describe('reconcileBootstrapRbac (the union reconciliation kube-apiserver runs at start)', () => {
  const expected = role([{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'list'] }]);

  it('adds the missing rules, keeping what the role has, and the missing labels and annotations', () => {
    const existing: ReconciledRbacObject = {
      metadata: { labels: { team: 'a' }, annotations: {} },
      rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'] }],
    };
    expect(reconcileBootstrapRbac(existing, expected)).toEqual({
      metadata: {
        labels: { 'kubernetes.io/bootstrapping': 'rbac-defaults', team: 'a' },
        annotations: { [AUTOUPDATE_ANNOTATION]: 'true' },
      },
      rules: [
        { apiGroups: [''], resources: ['pods'], verbs: ['get', 'watch'] },
        { apiGroups: [''], resources: ['pods'], verbs: ['list'] },
      ],
    });
  });

  it('changes nothing when the role already grants it all, or when autoupdate is "false"', () => {
    expect(reconcileBootstrapRbac(role([{ apiGroups: ['*'], resources: ['*'], verbs: ['*'] }]), expected)).toBe(
      undefined,
    );
    const protectedRole: ReconciledRbacObject = {
      metadata: { annotations: { [AUTOUPDATE_ANNOTATION]: 'false' } },
      rules: [],
    };
    expect(reconcileBootstrapRbac(protectedRole, expected)).toBe(undefined);
  });

  it('adds missing aggregation selectors and binding subjects; a binding to another role is left alone', () => {
    const selector = { matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } };
    const aggregated = reconcileBootstrapRbac(
      role([], { aggregationRule: { clusterRoleSelectors: [] } }),
      role([], { aggregationRule: { clusterRoleSelectors: [selector] } }),
    );
    expect(aggregated?.aggregationRule).toEqual({ clusterRoleSelectors: [selector] });
    // A role the bootstrap policy does not aggregate loses an aggregation rule someone added.
    const added = role(expected.rules!, { aggregationRule: { clusterRoleSelectors: [selector] } });
    expect(reconcileBootstrapRbac(added, expected)?.aggregationRule).toBe(undefined);
    expect(reconcileBootstrapRbac(added, expected)?.rules).toEqual(expected.rules);

    const ref = { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'system:basic-user' };
    const group = { apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: 'system:authenticated' };
    const user = { apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'alice' };
    const binding = (subjects: Subject[], roleRef = ref): ReconciledRbacObject => {
      const { rules: _rules, ...rest } = role([]);
      return { ...rest, roleRef, subjects };
    };
    expect(reconcileBootstrapRbac(binding([user]), binding([group]))?.subjects).toEqual([user, group]);
    expect(reconcileBootstrapRbac(binding([group]), binding([group]))).toBe(undefined);
    expect(reconcileBootstrapRbac(binding([user], { ...ref, name: 'other' }), binding([group]))).toBe(undefined);
    const unlabelled = { ...binding([user], { ...ref, name: 'other' }), metadata: {} };
    expect(reconcileBootstrapRbac(unlabelled, binding([group]))).toBe(undefined);
  });
});
