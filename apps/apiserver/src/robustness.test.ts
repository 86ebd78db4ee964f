/** Bad input never gets a 5xx and never takes the server down. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pod, startTestServer, type TestServer } from './harness.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
  await t.req('POST', '/api/v1/namespaces/default/pods', pod('target'));
});
afterAll(async () => {
  await t?.stop();
});

const PODS = '/api/v1/namespaces/default/pods';
const JSON_CT = { 'content-type': 'application/json' };
const deep = (n: number): string => `${'['.repeat(n)}${']'.repeat(n)}`;

const cases: Array<[string, string, string, unknown?, Record<string, string>?]> = [
  ['bad percent-encoding in the path', 'GET', '/api/v1/namespaces/%E0%A4%A/pods'],
  ['deeply nested JSON', 'POST', PODS, `{"metadata":{"name":"d"},"spec":${deep(100_000)}}`, JSON_CT],
  [
    'a YAML alias bomb',
    'POST',
    PODS,
    `a: &a ["x","x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: [*f,*f,*f,*f,*f,*f,*f,*f,*f,*f]\n`,
    { 'content-type': 'application/yaml' },
  ],
  ['a number where an object belongs', 'POST', PODS, '{"metadata":{"name":5},"spec":{"containers":[]}}', JSON_CT],
  ['a wrongly typed field', 'POST', PODS, '{"metadata":{"name":"t"},"spec":{"containers":"nope"}}', JSON_CT],
  [
    'a JSON patch replacing the root with a number',
    'PATCH',
    `${PODS}/target`,
    '[{"op":"replace","path":"","value":5}]',
    { 'content-type': 'application/json-patch+json' },
  ],
  [
    'a strategic patch with a bad directive',
    'PATCH',
    `${PODS}/target`,
    '{"spec":{"containers":[{"$patch":"explode","name":"c"}]}}',
    { 'content-type': 'application/strategic-merge-patch+json' },
  ],
  [
    'a merge patch that is an array',
    'PATCH',
    `${PODS}/target`,
    '[1]',
    { 'content-type': 'application/merge-patch+json' },
  ],
  ['a garbage field selector', 'GET', `${PODS}?fieldSelector=${encodeURIComponent('a==b==c,,\\')}`],
  ['a garbage continue token', 'GET', `${PODS}?limit=1&continue=%%%`],
  ['a bad propagation policy', 'DELETE', `${PODS}/target?propagationPolicy=Sideways`],
  ['delete options that are not an object', 'DELETE', `${PODS}/target`, '"x"', JSON_CT],
  ['an eviction without a body', 'POST', `${PODS}/target/eviction`],
  ['a scale of a pod', 'GET', `${PODS}/target/scale`],
  ['an unknown verb on a subresource', 'DELETE', `${PODS}/target/status`],
];

describe('robustness', () => {
  it.each(cases)('%s gets a 4xx Status', async (_what, method, path, body, headers) => {
    const res = await t.req(method, path, body, headers);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    if (typeof res.body === 'object') expect(res.body.kind).toBe('Status');
  });

  it('ends a watch with a negative timeoutSeconds at once (an int64, as kube-apiserver reads it)', async () => {
    const res = await t.req('GET', `${PODS}?watch=1&timeoutSeconds=-1`);
    expect(res.status).toBe(200);
  });

  it('is still healthy and consistent afterwards', async () => {
    expect((await t.req('GET', '/readyz')).status).toBe(200);
    expect((await t.req('GET', `${PODS}/target`)).body.spec.containers[0].name).toBe('c');
  });
});

describe('number literals Go refuses for integer fields', () => {
  const DEPLOYMENTS = '/apis/apps/v1/namespaces/default/deployments';
  const deployment = (name: string, replicas: string): string =>
    `{"metadata":{"name":"${name}"},"spec":{"replicas":${replicas},"selector":{"matchLabels":{"app":"x"}},` +
    `"template":{"metadata":{"labels":{"app":"x"}},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}`;

  it.each(['1e-400', '1.0', '1e2'])('refuses replicas: %s with 400 as Go decoding does', async (literal) => {
    const res = await t.req('POST', DEPLOYMENTS, deployment('lit', literal), JSON_CT);
    expect(res.status).toBe(400);
    expect(res.body.message).toContain(
      `json: cannot unmarshal number ${literal} into Go struct field DeploymentSpec.spec.replicas of type int32`,
    );
  });

  it('accepts the same body with an integer literal', async () => {
    const res = await t.req('POST', DEPLOYMENTS, deployment('lit-ok', '2'), JSON_CT);
    expect(res.status).toBe(201);
    expect(res.body.spec.replicas).toBe(2);
  });
});
