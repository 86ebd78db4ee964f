// The clusterrole-aggregation controller against a real API server: a ClusterRole with an
// aggregationRule carries the rules of the ClusterRoles it selects, kept up to date as they
// change; the bootstrap view/edit/admin roles get theirs as in a real cluster.
import type { ClusterRole, PolicyRule } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { eventually, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newClusterRoleAggregationController } from './controller.js';

const bed = useControllerTestBed((ctx) => [newClusterRoleAggregationController(ctx, { workers: 2 })]);
const { cluster, start } = bed;

const clusterRoles = () => cluster.client.resource('clusterroles');
const rulesOf = async (name: string): Promise<PolicyRule[]> => (await clusterRoles().get(name)).rules ?? [];
const LABEL = 'example.com/aggregate-to-monitoring';
const read: PolicyRule = { verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] };
const logs: PolicyRule = { verbs: ['get'], apiGroups: [''], resources: ['pods/log'] };
const metrics: PolicyRule = { verbs: ['get'], nonResourceURLs: ['/metrics'] };

const source = (name: string, rules: PolicyRule[]): ClusterRole => ({
  metadata: { name, labels: { [LABEL]: 'true' } },
  rules,
});

describe('clusterrole-aggregation controller', () => {
  it('fills the bootstrap view, edit and admin roles from the aggregate-to-* pieces', async () => {
    await start();
    const view = await rulesOf('system:aggregate-to-view');
    const edit = await rulesOf('system:aggregate-to-edit');
    await eventually(
      () => rulesOf('view'),
      (rules) => JSON.stringify(rules) === JSON.stringify(view),
      'view aggregated',
    );
    // edit selects system:aggregate-to-edit and view (labelled aggregate-to-edit), by name.
    const editRules = await eventually(
      () => rulesOf('edit'),
      (rules) => rules.length > edit.length,
      'edit aggregated',
    );
    expect(editRules.slice(0, edit.length)).toEqual(edit);
    await eventually(
      () => rulesOf('admin'),
      (rules) => rules.length > editRules.length,
      'admin aggregated',
    );
  });

  it('keeps an aggregated role up to date as the roles it selects change', async () => {
    await start();
    await clusterRoles().create({
      metadata: { name: 'monitoring' },
      aggregationRule: { clusterRoleSelectors: [{ matchLabels: { [LABEL]: 'true' } }] },
    });
    await clusterRoles().create(source('monitoring-pods', [read, metrics]));
    await clusterRoles().create(source('monitoring-logs', [logs, metrics]));
    await eventually(
      () => rulesOf('monitoring'),
      (rules) => JSON.stringify(rules) === JSON.stringify([logs, metrics, read]),
      'monitoring aggregated by name, without duplicates',
    );
    const managers = (await clusterRoles().get('monitoring')).metadata.managedFields?.map((f) => f.manager);
    expect(managers).toContain('clusterrole-aggregation-controller');
    const pods = await clusterRoles().get('monitoring-pods');
    await clusterRoles().update({ ...pods, rules: [read] });
    await clusterRoles().delete('monitoring-logs');
    await eventually(
      () => rulesOf('monitoring'),
      (rules) => JSON.stringify(rules) === JSON.stringify([read]),
      'monitoring after its sources changed',
    );
  });
});
