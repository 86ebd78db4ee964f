/**
 * RBAC kinds served as kube-apiserver serves them, checked with the real kubectl: the
 * bootstrap policy exists after start, one of each kind applies and reads back, and invalid
 * ones are refused with kube's field errors.
 */
import { describe, expect, it } from 'vitest';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { useKubectlServer } from './harness.test-support.js';

const MANIFEST = `apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata:
  name: pod-reader
  labels: {rbac.authorization.k8s.io/aggregate-to-view: "true"}
rules:
- apiGroups: [""]
  resources: [pods]
  verbs: [get, list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: read-pods}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: pod-reader}
subjects:
- {kind: User, name: alice}
- {kind: ServiceAccount, name: ci, namespace: tools}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: Role
metadata: {name: config-editor, namespace: default}
rules:
- apiGroups: [""]
  resources: [configmaps]
  verbs: [get, update]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: edit-config, namespace: default}
roleRef: {kind: Role, name: config-editor}
subjects:
- {kind: Group, name: devs}
`;

describe('rbac.authorization.k8s.io/v1', () => {
  const cluster = useKubectlServer('kubectl-rbac-');

  it('lists the four kinds in api-resources, without short names', async () => {
    const res = await cluster.kubectl.ok('api-resources', '--api-group=rbac.authorization.k8s.io');
    expect(res).toMatch(/^clusterrolebindings\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRoleBinding$/m);
    expect(res).toMatch(/^clusterroles\s+rbac\.authorization\.k8s\.io\/v1\s+false\s+ClusterRole$/m);
    expect(res).toMatch(/^rolebindings\s+rbac\.authorization\.k8s\.io\/v1\s+true\s+RoleBinding$/m);
    expect(res).toMatch(/^roles\s+rbac\.authorization\.k8s\.io\/v1\s+true\s+Role$/m);
    expect(await cluster.kubectl.ok('explain', 'clusterrole.aggregationRule')).toContain('clusterRoleSelectors');
  });

  it('has the bootstrap policy after start', async () => {
    const roles = await cluster.kubectl.ok('get', 'clusterroles');
    expect(roles).toMatch(/^NAME\s+CREATED AT\n/);
    for (const name of ['cluster-admin', 'admin', 'edit', 'view', 'system:discovery', 'system:node'])
      expect(roles).toMatch(new RegExp(`^${name}\\s+\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ$`, 'm'));
    const bindings = await cluster.kubectl.ok('get', 'clusterrolebindings', '-o', 'wide');
    expect(bindings).toMatch(/^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\n/);
    expect(bindings).toMatch(/^cluster-admin\s+ClusterRole\/cluster-admin\s+\d+s\s+system:masters\s*$/m);
    const view = JSON.parse(await cluster.kubectl.ok('get', 'clusterrole', 'view', '-o', 'json'));
    expect(view.metadata.labels).toMatchObject({ 'kubernetes.io/bootstrapping': 'rbac-defaults' });
    expect(view.metadata.annotations).toEqual({ 'rbac.authorization.kubernetes.io/autoupdate': 'true' });
    expect(view.aggregationRule.clusterRoleSelectors).toEqual([
      { matchLabels: { 'rbac.authorization.k8s.io/aggregate-to-view': 'true' } },
    ]);
    expect(await cluster.kubectl.ok('get', 'roles', '-n', 'kube-system')).toContain(
      'system::leader-locking-kube-scheduler',
    );
  });

  it('applies one of each kind and reads them back', async () => {
    await writeFile(join(cluster.kubectl.home, 'rbac.yaml'), MANIFEST);
    expect(await cluster.kubectl.ok('apply', '-f', 'rbac.yaml')).toBe(
      'clusterrole.rbac.authorization.k8s.io/pod-reader created\n' +
        'clusterrolebinding.rbac.authorization.k8s.io/read-pods created\n' +
        'role.rbac.authorization.k8s.io/config-editor created\n' +
        'rolebinding.rbac.authorization.k8s.io/edit-config created\n',
    );
    expect(await cluster.kubectl.ok('get', 'rolebinding', 'edit-config', '-o', 'wide')).toMatch(
      /^NAME\s+ROLE\s+AGE\s+USERS\s+GROUPS\s+SERVICEACCOUNTS\nedit-config\s+Role\/config-editor\s+\d+s\s+devs\s*\n$/,
    );
    expect(await cluster.kubectl.ok('get', 'clusterrolebinding', 'read-pods', '-o', 'wide')).toMatch(
      /\nread-pods\s+ClusterRole\/pod-reader\s+\d+s\s+alice\s+tools\/ci\n$/,
    );
    const binding = JSON.parse(await cluster.kubectl.ok('get', 'rolebinding', 'edit-config', '-o', 'json'));
    expect(binding.roleRef).toEqual({ apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'config-editor' });
    expect(binding.subjects).toEqual([{ kind: 'Group', apiGroup: 'rbac.authorization.k8s.io', name: 'devs' }]);
    expect(await cluster.kubectl.ok('get', 'role', 'config-editor')).toMatch(
      /^NAME\s+CREATED AT\nconfig-editor\s+\S+Z\n$/,
    );
  });

  it('serves kubectl create role, rolebinding and clusterrolebinding (protobuf bodies)', async () => {
    expect(
      await cluster.kubectl.ok('create', 'role', 'pod-reader', '--verb=get', '--verb=list', '--resource=pods'),
    ).toBe('role.rbac.authorization.k8s.io/pod-reader created\n');
    const args = ['rolebinding', 'read-pods', '--role=pod-reader', '--user=bob', '--serviceaccount=default:ci'];
    expect(await cluster.kubectl.ok('create', ...args)).toBe(
      'rolebinding.rbac.authorization.k8s.io/read-pods created\n',
    );
    expect(
      await cluster.kubectl.ok('create', 'clusterrolebinding', 'devs-view', '--clusterrole=view', '--group=devs'),
    ).toBe('clusterrolebinding.rbac.authorization.k8s.io/devs-view created\n');
    const described = await cluster.kubectl.ok('describe', 'rolebinding', 'read-pods');
    expect(described).toMatch(/^Role:\n\s+Kind:\s+Role\n\s+Name:\s+pod-reader$/m);
    expect(described).toMatch(/^\s+User\s+bob\s*$/m);
    expect(described).toMatch(/^\s+ServiceAccount\s+ci\s+default$/m);
    const role = JSON.parse(await cluster.kubectl.ok('get', 'role', 'pod-reader', '-o', 'json'));
    expect(role.rules).toEqual([{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }]);
  });

  it('refuses invalid objects with kube-apiserver field errors', async () => {
    const role = await cluster.server.req('POST', '/apis/rbac.authorization.k8s.io/v1/namespaces/default/roles', {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'Role',
      metadata: { name: 'metrics' },
      rules: [{ verbs: ['get'], nonResourceURLs: ['/metrics'] }],
    });
    expect(role.status).toBe(422);
    expect(role.body.message).toBe(
      'Role.rbac.authorization.k8s.io "metrics" is invalid: rules[0].nonResourceURLs: Invalid value: []string{"/metrics"}: namespaced rules cannot apply to non-resource URLs',
    );
    const path = '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/system:node';
    const current = (await cluster.server.req('GET', path)).body;
    const changed = await cluster.server.req('PUT', path, {
      ...current,
      roleRef: { ...current.roleRef, name: 'view' },
    });
    expect(changed.status).toBe(422);
    expect(changed.body.message).toContain('roleRef: Invalid value: rbac.RoleRef{');
    expect(changed.body.message).toContain('cannot change roleRef');
  });
});
