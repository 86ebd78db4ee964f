import { describe, expect, it } from 'vitest';
import type { Pod } from '../schema/core-v1-pod.js';
import { mountServiceAccountToken, SERVICE_ACCOUNT_TOKEN_MOUNT_PATH } from './service-account-token.js';

const zero = () => 0;

function pod(spec: Pod['spec'], annotations?: Record<string, string>): Pod {
  return { metadata: { name: 'p', namespace: 'ns', ...(annotations ? { annotations } : {}) }, spec };
}

describe('mountServiceAccountToken', () => {
  it('adds the kube-api-access volume and mounts it read-only in every container and init container', () => {
    const p = pod({
      initContainers: [{ name: 'i', image: 'x' }],
      containers: [
        { name: 'a', image: 'x' },
        { name: 'b', image: 'y' },
      ],
    });
    mountServiceAccountToken(p, undefined, zero);
    const mount = { name: 'kube-api-access-bbbbb', readOnly: true, mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH };
    expect(p.spec?.initContainers?.[0]?.volumeMounts).toEqual([mount]);
    expect(p.spec?.containers?.map((c) => c.volumeMounts)).toEqual([[mount], [mount]]);
    expect(p.spec?.volumes?.map((v) => v.name)).toEqual(['kube-api-access-bbbbb']);
    expect(p.spec?.volumes?.[0]?.projected?.sources?.map((s) => Object.keys(s)[0])).toEqual([
      'serviceAccountToken',
      'configMap',
      'downwardAPI',
    ]);
  });

  it("follows the pod's automountServiceAccountToken, else the service account's", () => {
    const off = pod({ automountServiceAccountToken: false, containers: [{ name: 'a' }] });
    mountServiceAccountToken(off, { automountServiceAccountToken: true }, zero);
    expect(off.spec?.volumes).toBeUndefined();
    const bySa = pod({ containers: [{ name: 'a' }] });
    mountServiceAccountToken(bySa, { automountServiceAccountToken: false }, zero);
    expect(bySa.spec?.volumes).toBeUndefined();
    const podWins = pod({ automountServiceAccountToken: true, containers: [{ name: 'a' }] });
    mountServiceAccountToken(podWins, { automountServiceAccountToken: false }, zero);
    expect(podWins.spec?.volumes).toHaveLength(1);
  });

  it('keeps a container that mounts something at the token path, reuses an existing kube-api-access volume, skips mirror pods', () => {
    const own = { name: 'mine', mountPath: SERVICE_ACCOUNT_TOKEN_MOUNT_PATH };
    const p = pod({
      containers: [{ name: 'a', volumeMounts: [own] }, { name: 'b' }],
      volumes: [
        { name: 'mine', emptyDir: {} },
        { name: 'kube-api-access-old12', emptyDir: {} },
      ],
    });
    mountServiceAccountToken(p, undefined, zero);
    expect(p.spec?.containers?.[0]?.volumeMounts).toEqual([own]);
    expect(p.spec?.containers?.[1]?.volumeMounts?.[0]?.name).toBe('kube-api-access-old12');
    expect(p.spec?.volumes).toHaveLength(2);
    const none = pod({ containers: [{ name: 'a', volumeMounts: [own] }] });
    mountServiceAccountToken(none, undefined, zero);
    expect(none.spec?.volumes).toBeUndefined();
    const mirror = pod({ containers: [{ name: 'a' }] }, { 'kubernetes.io/config.mirror': 'abc' });
    mountServiceAccountToken(mirror, undefined, zero);
    expect(mirror.spec?.containers?.[0]?.volumeMounts).toBeUndefined();
  });
});
