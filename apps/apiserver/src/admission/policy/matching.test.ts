import type { ApiObject, MatchResources } from '@wheelhouse/api';
import { describe, expect, it } from 'vitest';
import { matchResources } from './matching.js';
import type { PolicyRequest } from './request.js';

const obj = (name: string, labels: Record<string, string> = {}): ApiObject => ({ metadata: { name, labels } });
const request = (fields: Partial<PolicyRequest> = {}): PolicyRequest => ({
  operation: 'CREATE',
  resource: { group: 'apps', version: 'v1', resource: 'deployments' },
  kind: { group: 'apps', version: 'v1', kind: 'Deployment' },
  subresource: '',
  namespace: 'default',
  name: 'web',
  object: obj('web', { tier: 'front' }),
  oldObject: undefined,
  dryRun: false,
  ...fields,
});
const rule = (resources: string[], extra: Record<string, unknown> = {}) => ({
  operations: ['CREATE', 'UPDATE'],
  apiGroups: ['apps'],
  apiVersions: ['v1'],
  resources,
  scope: '*',
  ...extra,
});
const m = (fields: MatchResources): MatchResources => ({
  namespaceSelector: {},
  objectSelector: {},
  matchPolicy: 'Equivalent',
  ...fields,
});
const nsLabels = (labels?: Record<string, string>) => () => labels;
const matches = (mr: MatchResources, req = request(), labels?: Record<string, string>) =>
  matchResources(mr, req, nsLabels(labels), []) !== undefined;

describe('policy matching', () => {
  it('matches operations, groups, versions and resources, with subresources only when named', () => {
    expect(matches(m({ resourceRules: [rule(['deployments'])] }))).toBe(true);
    expect(matches(m({ resourceRules: [rule(['deployments'])] }), request({ operation: 'DELETE' }))).toBe(false);
    expect(matches(m({ resourceRules: [rule(['replicasets'])] }))).toBe(false);
    const status = request({ operation: 'UPDATE', subresource: 'status' });
    expect(matches(m({ resourceRules: [rule(['deployments'])] }), status)).toBe(false);
    expect(matches(m({ resourceRules: [rule(['*'])] }), status)).toBe(false);
    expect(matches(m({ resourceRules: [rule(['*/status'])] }), status)).toBe(true);
    expect(matches(m({ resourceRules: [rule(['deployments/*'])] }), status)).toBe(true);
    expect(matches(m({ resourceRules: [rule(['*/*'], { apiGroups: ['*'], apiVersions: ['*'] })] }), status)).toBe(true);
  });

  it('honours resourceNames, scope and excludeResourceRules', () => {
    expect(matches(m({ resourceRules: [rule(['deployments'], { resourceNames: ['api'] })] }))).toBe(false);
    expect(matches(m({ resourceRules: [rule(['deployments'], { scope: 'Cluster' })] }))).toBe(false);
    expect(matches(m({ resourceRules: [rule(['deployments'], { scope: 'Namespaced' })] }))).toBe(true);
    expect(
      matches(
        m({ resourceRules: [rule(['*'])], excludeResourceRules: [rule(['deployments'], { resourceNames: ['web'] })] }),
      ),
    ).toBe(false);
  });

  it('selects by namespace labels (not for cluster-scoped kinds) and by new or old object labels', () => {
    const rules = { resourceRules: [rule(['deployments'])] };
    const prod = m({ ...rules, namespaceSelector: { matchLabels: { env: 'prod' } } });
    expect(matches(prod, request(), { env: 'prod' })).toBe(true);
    expect(matches(prod, request(), { env: 'dev' })).toBe(false);
    const clusterRule = m({
      resourceRules: [rule(['clusterthings'])],
      namespaceSelector: { matchLabels: { env: 'prod' } },
    });
    const cluster = request({ namespace: '', resource: { group: 'apps', version: 'v1', resource: 'clusterthings' } });
    expect(matches(clusterRule, cluster)).toBe(true);
    const back = m({ ...rules, objectSelector: { matchLabels: { tier: 'back' } } });
    expect(matches(back)).toBe(false);
    expect(matches(back, request({ operation: 'UPDATE', oldObject: obj('web', { tier: 'back' }) }))).toBe(true);
  });

  it('with matchPolicy Equivalent, matches another served version of the resource', () => {
    const v2 = m({
      resourceRules: [rule(['horizontalpodautoscalers'], { apiGroups: ['autoscaling'], apiVersions: ['v2'] })],
    });
    const req = request({ resource: { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' } });
    const equivalents = [
      { group: 'autoscaling', version: 'v1', resource: 'horizontalpodautoscalers' },
      { group: 'autoscaling', version: 'v2', resource: 'horizontalpodautoscalers' },
    ];
    expect(matchResources(v2, req, nsLabels(), equivalents)).toEqual(equivalents[1]);
    expect(matchResources({ ...v2, matchPolicy: 'Exact' }, req, nsLabels(), equivalents)).toBeUndefined();
  });
});
