import { describe, expect, it } from 'vitest';
import {
  validateClusterRole,
  validateClusterRoleBinding,
  validateRole,
  validateRoleBinding,
} from '../validation/rbac.js';
import {
  bootstrapClusterRoleBindings,
  bootstrapClusterRoles,
  bootstrapRoleBindings,
  bootstrapRoles,
} from './bootstrap-policy.js';

const names = (objs: { metadata?: { name?: string } }[]) => objs.map((o) => o.metadata?.name ?? '');

describe('bootstrap policy', () => {
  it('has the default roles a cluster shows, labelled and annotated as kube-apiserver does', () => {
    const roles = bootstrapClusterRoles();
    expect(names(roles)).toEqual(
      expect.arrayContaining([
        'cluster-admin',
        'admin',
        'edit',
        'view',
        'system:aggregate-to-admin',
        'system:aggregate-to-edit',
        'system:aggregate-to-view',
        'system:discovery',
        'system:basic-user',
        'system:public-info-viewer',
        'system:node',
        'system:kube-scheduler',
        'system:kube-controller-manager',
        'system:auth-delegator',
        'system:controller:clusterrole-aggregation-controller',
        'system:controller:replicaset-controller',
      ]),
    );
    expect(new Set(names(roles)).size).toBe(roles.length);
    for (const obj of [...roles, ...bootstrapClusterRoleBindings(), ...bootstrapRoles(), ...bootstrapRoleBindings()]) {
      expect(obj.metadata?.labels?.['kubernetes.io/bootstrapping']).toBe('rbac-defaults');
      expect(obj.metadata?.annotations?.['rbac.authorization.kubernetes.io/autoupdate']).toBe('true');
    }
  });

  it('aggregates view into edit into admin, and gives cluster-admin everything', () => {
    const byName = new Map(bootstrapClusterRoles().map((r) => [r.metadata?.name, r]));
    expect(byName.get('cluster-admin')?.rules).toEqual([
      { verbs: ['*'], apiGroups: ['*'], resources: ['*'] },
      { verbs: ['*'], nonResourceURLs: ['*'] },
    ]);
    expect(byName.get('admin')?.aggregationRule).toEqual({
      clusterRoleSelectors: [{ matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-admin': 'true' } }],
    });
    expect(byName.get('view')?.metadata?.labels?.['rbac.authorization.k8s.io/aggregate-to-edit']).toBe('true');
    expect(byName.get('edit')?.metadata?.labels?.['rbac.authorization.k8s.io/aggregate-to-admin']).toBe('true');
    expect(byName.get('view')?.rules).toBeUndefined();
  });

  it('binds cluster-admin to system:masters and each controller role to its service account', () => {
    const byName = new Map(bootstrapClusterRoleBindings().map((b) => [b.metadata?.name, b]));
    expect(byName.get('cluster-admin')?.subjects).toEqual([
      { kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'system:masters' },
    ]);
    expect(byName.get('system:controller:job-controller')).toMatchObject({
      roleRef: { kind: 'ClusterRole', name: 'system:controller:job-controller' },
      subjects: [{ kind: 'ServiceAccount', name: 'job-controller', namespace: 'kube-system' }],
    });
  });

  it('holds only objects that pass validation', () => {
    for (const r of bootstrapClusterRoles()) expect(validateClusterRole(r)).toEqual([]);
    for (const b of bootstrapClusterRoleBindings()) expect(validateClusterRoleBinding(b)).toEqual([]);
    for (const r of bootstrapRoles()) expect(validateRole(r)).toEqual([]);
    for (const b of bootstrapRoleBindings()) expect(validateRoleBinding(b)).toEqual([]);
    expect(names(bootstrapRoles()).length).toBeGreaterThan(0);
  });
});
