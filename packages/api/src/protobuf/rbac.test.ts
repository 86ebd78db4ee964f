import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from './decode.js';
import { envelope, pb } from './wire.test-support.js';

const meta = (name: string, namespace?: string) =>
  pb([1, name], ...(namespace ? [[3, namespace] as [number, string]] : []));

describe('rbac protobuf bodies (kubectl create role/rolebinding/clusterrolebinding)', () => {
  it('decodes a Role with its rules', () => {
    const rule = pb([1, 'get'], [1, 'list'], [2, ''], [3, 'pods']);
    const raw = pb([1, meta('pod-reader', 'default')], [2, rule]);
    expect(JSON.stringify(decodeProtobufObject(envelope('rbac.authorization.k8s.io/v1', 'Role', raw)))).toBe(
      JSON.stringify({
        kind: 'Role',
        apiVersion: 'rbac.authorization.k8s.io/v1',
        metadata: { name: 'pod-reader', namespace: 'default', creationTimestamp: null },
        rules: [{ verbs: ['get', 'list'], apiGroups: [''], resources: ['pods'] }],
      }),
    );
  });

  it('decodes a ClusterRoleBinding with its subjects and roleRef', () => {
    const user = pb([1, 'User'], [2, 'rbac.authorization.k8s.io'], [3, 'bob']);
    const sa = pb([1, 'ServiceAccount'], [3, 'ci'], [4, 'default']);
    const ref = pb([1, 'rbac.authorization.k8s.io'], [2, 'ClusterRole'], [3, 'view']);
    const raw = pb([1, meta('crb')], [2, user], [2, sa], [3, ref]);
    const obj = decodeProtobufObject(envelope('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', raw));
    expect(obj).toMatchObject({
      subjects: [
        { kind: 'User', apiGroup: 'rbac.authorization.k8s.io', name: 'bob' },
        { kind: 'ServiceAccount', name: 'ci', namespace: 'default' },
      ],
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'view' },
    });
  });
});
