import { describe, expect, it } from 'vitest';
import { clusterRoleBindingPrinter, roleBindingPrinter } from './rbac.js';
import { defaultTablePrinter } from './table.js';

const now = new Date('2026-01-01T01:00:00Z');
const created = { creationTimestamp: '2026-01-01T00:00:00Z' };

describe('rbac printers', () => {
  it('prints bindings as NAME ROLE AGE, with USERS GROUPS SERVICEACCOUNTS for -o wide', () => {
    expect(clusterRoleBindingPrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Role', 0],
      ['Age', 0],
      ['Users', 1],
      ['Groups', 1],
      ['ServiceAccounts', 1],
    ]);
    const binding = {
      metadata: { name: 'readers', namespace: 'dev', ...created },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
      subjects: [
        { kind: 'User', name: 'alice' },
        { kind: 'User', name: 'bob' },
        { kind: 'Group', name: 'devs' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'tools' },
      ],
    };
    expect(roleBindingPrinter.cells(binding, now)).toEqual([
      'readers',
      'ClusterRole/view',
      '60m',
      'alice, bob',
      'devs',
      'tools/ci',
    ]);
    expect(clusterRoleBindingPrinter.cells({ metadata: { name: 'system:node', ...created } }, now)).toEqual([
      'system:node',
      '/',
      '60m',
      '',
      '',
      '',
    ]);
  });

  it('prints roles as NAME CREATED AT', () => {
    expect(defaultTablePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
    expect(defaultTablePrinter.cells({ metadata: { name: 'view', ...created } }, now)).toEqual([
      'view',
      '2026-01-01T00:00:00Z',
    ]);
  });
});
