/**
 * `kubectl create token` (serviceaccounts/token, sent as protobuf) and TokenReviews of the
 * tokens it returns, with the real kubectl.
 */
import { describe, expect, it } from 'vitest';
import { pod, useKubectlServer } from '../../harness.test-support.js';

const REVIEWS = '/apis/authentication.k8s.io/v1/tokenreviews';
const claimsOf = (token: string): Record<string, unknown> =>
  JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;

describe('service account tokens', () => {
  const cluster = useKubectlServer('kubectl-token-');
  const review = (token: string, audiences?: string[]) =>
    cluster.server.req('POST', REVIEWS, { spec: { token, ...(audiences ? { audiences } : {}) } });

  it('kubectl create token returns a JWT of kube claims that a TokenReview authenticates', async () => {
    await cluster.kubectl.ok('create', 'serviceaccount', 'robot');
    const token = (await cluster.kubectl.ok('create', 'token', 'robot')).trim();
    expect(token.split('.')).toHaveLength(3);
    const claims = claimsOf(token);
    expect(claims).toMatchObject({
      aud: ['https://kubernetes.default.svc.cluster.local'],
      iss: 'https://kubernetes.default.svc.cluster.local',
      sub: 'system:serviceaccount:default:robot',
      'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'robot' } },
    });
    expect(Number(claims.exp) - Number(claims.iat)).toBe(3600);

    const ok = await review(token);
    expect(ok.status).toBe(201);
    expect(ok.body.status).toMatchObject({
      authenticated: true,
      audiences: ['https://kubernetes.default.svc.cluster.local'],
      user: {
        username: 'system:serviceaccount:default:robot',
        groups: ['system:serviceaccounts', 'system:serviceaccounts:default', 'system:authenticated'],
      },
    });
    const elsewhere = await review(token, ['vault']);
    expect(elsewhere.body.status.authenticated).toBeUndefined();
    expect(elsewhere.body.status.error).toBe(
      'token audiences ["https://kubernetes.default.svc.cluster.local"] is invalid for the target audiences ["vault"]',
    );
    const forged = await review(`${token.slice(0, -4)}AAAA`);
    expect(forged.body.status).toEqual({ user: {} });

    await cluster.kubectl.ok('delete', 'serviceaccount', 'robot');
    const gone = await review(token);
    expect(gone.body.status).toEqual({ user: {}, error: 'serviceaccounts "robot" not found' });
  });

  it('binds a token to a pod of the service account, and refuses what kube refuses', async () => {
    await cluster.kubectl.ok('create', 'serviceaccount', 'web');
    await cluster.server.req('POST', '/api/v1/namespaces/default/pods', {
      ...pod('web-0'),
      spec: { serviceAccountName: 'web', containers: [{ name: 'c', image: 'nginx' }] },
    });
    const token = (
      await cluster.kubectl.ok('create', 'token', 'web', '--bound-object-kind=Pod', '--bound-object-name=web-0')
    ).trim();
    expect(claimsOf(token)['kubernetes.io']).toMatchObject({ pod: { name: 'web-0' } });
    expect((await review(token)).body.status.user.extra).toMatchObject({
      'authentication.kubernetes.io/pod-name': ['web-0'],
    });

    const short = await cluster.kubectl.run('create', 'token', 'web', '--duration=1m');
    expect(short.code).not.toBe(0);
    expect(short.stderr).toContain(
      'spec.expirationSeconds: Invalid value: 60: may not specify a duration less than 10 minutes',
    );
    const configMap = await cluster.server.req('POST', '/api/v1/namespaces/default/serviceaccounts/web/token', {
      spec: { boundObjectRef: { apiVersion: 'v1', kind: 'ConfigMap', name: 'x' } },
    });
    expect(configMap.status).toBe(400);
    expect(configMap.body.message).toBe('cannot bind token to object of type /v1, Kind=ConfigMap');
    await cluster.server.req('POST', '/api/v1/nodes', { metadata: { name: 'node-a' } });
    const nodeBound = (
      await cluster.kubectl.ok('create', 'token', 'web', '--bound-object-kind=Node', '--bound-object-name=node-a')
    ).trim();
    expect(claimsOf(nodeBound)['kubernetes.io']).toMatchObject({ node: { name: 'node-a' } });
    const missing = await cluster.kubectl.run('create', 'token', 'nobody');
    expect(missing.stderr).toContain('serviceaccounts "nobody" not found');
  });
});
