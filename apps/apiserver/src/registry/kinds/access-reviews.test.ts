/**
 * The access reviews with the real kubectl (`auth can-i`, `auth can-i --list`, `auth whoami`,
 * which send protobuf bodies) and with JSON bodies: AlwaysAllow's answers, the anonymous user,
 * kube's validation errors, and nothing stored.
 */
import { describe, expect, it } from 'vitest';
import { useKubectlServer } from '../../harness.test-support.js';

const AUTHZ = '/apis/authorization.k8s.io/v1';

describe('access reviews (authorization.k8s.io/v1, authentication.k8s.io/v1)', () => {
  const cluster = useKubectlServer('kubectl-authz-');

  it('kubectl auth can-i answers yes, for resources and non-resource URLs', async () => {
    expect(await cluster.kubectl.ok('auth', 'can-i', 'create', 'pods')).toBe('yes\n');
    expect(await cluster.kubectl.ok('auth', 'can-i', 'delete', 'nodes', '--all-namespaces')).toBe('yes\n');
    expect(await cluster.kubectl.ok('auth', 'can-i', 'get', '/healthz')).toBe('yes\n');
    expect(await cluster.kubectl.ok('auth', 'can-i', 'list', 'secrets', '--as=jane', '-n', 'kube-system')).toBe(
      'yes\n',
    );
  });

  it('kubectl auth can-i --list shows every verb on every resource', async () => {
    const out = await cluster.kubectl.ok('auth', 'can-i', '--list');
    const lines = out.trim().split('\n');
    expect(lines[0]).toMatch(/^Resources\s+Non-Resource URLs\s+Resource Names\s+Verbs$/);
    expect(lines).toContainEqual(expect.stringMatching(/^\*\.\*\s+\[\]\s+\[\]\s+\[\*\]$/));
    expect(lines).toContainEqual(expect.stringMatching(/^\s+\[\*\]\s+\[\]\s+\[\*\]$/));
  });

  it('kubectl auth whoami names the anonymous user', async () => {
    const out = await cluster.kubectl.ok('auth', 'whoami');
    expect(out).toMatch(/Username\s+system:anonymous/);
    expect(out).toMatch(/Groups\s+\[system:unauthenticated\]/);
  });

  it('answers 201 with the review and its status, and refuses reviews kube refuses', async () => {
    const ok = await cluster.server.req('POST', `${AUTHZ}/subjectaccessreviews`, {
      spec: { user: 'jane', resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } },
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      kind: 'SubjectAccessReview',
      apiVersion: 'authorization.k8s.io/v1',
      spec: { user: 'jane', resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'default' } },
      status: { allowed: true },
    });
    const noSubject = await cluster.server.req('POST', `${AUTHZ}/subjectaccessreviews`, {
      spec: { resourceAttributes: { verb: 'get', resource: 'pods' } },
    });
    expect(noSubject.status).toBe(422);
    expect(noSubject.body.message).toBe(
      'SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified',
    );
    const neither = await cluster.server.req('POST', `${AUTHZ}/selfsubjectaccessreviews`, { spec: {} });
    expect(neither.status).toBe(422);
    expect(neither.body.message).toBe(
      'SelfSubjectAccessReview.authorization.k8s.io "" is invalid: spec.resourceAttributes: Invalid value: "null": exactly one of nonResourceAttributes or resourceAttributes must be specified',
    );
    const elsewhere = await cluster.server.req('POST', `${AUTHZ}/namespaces/default/localsubjectaccessreviews`, {
      spec: { user: 'jane', resourceAttributes: { verb: 'get', resource: 'pods', namespace: 'other' } },
    });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.message).toContain(
      'spec.resourceAttributes.namespace: Invalid value: "other": must match metadata.namespace',
    );
    const rules = await cluster.server.req('POST', `${AUTHZ}/selfsubjectrulesreviews`, { spec: {} });
    expect(rules.status).toBe(400);
    expect(rules.body.message).toBe('no namespace on request');
    expect((await cluster.server.req('GET', `${AUTHZ}/subjectaccessreviews`)).status).toBe(405);
  });
});
