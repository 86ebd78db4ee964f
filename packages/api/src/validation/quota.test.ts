import { describe, expect, it } from 'vitest';
import { defaultLimitRange } from '../defaults/quota.js';
import { limitRangePrinter, resourceQuotaPrinter } from '../printing/quota.js';
import type { LimitRange, ResourceQuota } from '../schema/core-v1-quota.js';
import { formatFieldError } from './field-errors.js';
import { validateLimitRange, validateResourceQuota, validateResourceQuotaUpdate } from './quota.js';

const meta = { name: 'q', namespace: 'default' };
const now = new Date('2026-12-05T12:00:00Z');

describe('validateResourceQuota', () => {
  it('accepts standard and count/ names', () => {
    const q: ResourceQuota = {
      metadata: meta,
      spec: { hard: { pods: '10', 'requests.cpu': '4', 'count/deployments.apps': '2' } },
    };
    expect(validateResourceQuota(q)).toEqual([]);
  });

  it('refuses names quota cannot constrain, negative and fractional counts', () => {
    const q: ResourceQuota = {
      metadata: meta,
      spec: { hard: { storage: '1Gi', 'requests.cpu': '-1', pods: '1500m' } },
    };
    expect(validateResourceQuota(q).map(formatFieldError)).toEqual([
      'spec.hard[storage]: Invalid value: "storage": must be a standard resource for quota',
      'spec.hard[requests.cpu]: Invalid value: "-1": must be greater than or equal to 0',
      'spec.hard[pods]: Invalid value: resource.Quantity{i:resource.int64Amount{value:1500, scale:-3}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"1500m", Format:"DecimalSI"}: must be an integer',
    ]);
  });

  it('refuses conflicting scopes', () => {
    const q: ResourceQuota = { metadata: meta, spec: { hard: { pods: '1' }, scopes: ['BestEffort', 'NotBestEffort'] } };
    expect(validateResourceQuota(q).map(formatFieldError)).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"BestEffort", "NotBestEffort"}: conflicting scopes',
    ]);
  });

  it('lets CrossNamespacePodAffinity constrain compute and leaves unknown scopes to "unsupported scope"', () => {
    const ok: ResourceQuota = { metadata: meta, spec: { hard: { cpu: '1' }, scopes: ['CrossNamespacePodAffinity'] } };
    expect(validateResourceQuota(ok)).toEqual([]);
    const bad: ResourceQuota = { metadata: meta, spec: { hard: { cpu: '1' }, scopes: ['Sometimes'] } };
    expect(validateResourceQuota(bad).map(formatFieldError)).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"Sometimes"}: unsupported scope',
    ]);
  });

  it('checks scope selector operators and values with kube texts', () => {
    const q: ResourceQuota = {
      metadata: meta,
      spec: {
        hard: { pods: '1' },
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'PriorityClass', operator: 'In' },
            { scopeName: 'Terminating', operator: 'DoesNotExist', values: ['x'] },
          ],
        },
      },
    };
    expect(validateResourceQuota(q).map(formatFieldError)).toEqual([
      "spec.scopeSelector.matchExpressions.values: Required value: must be at least one value when `operator` is 'In' or 'NotIn' for scope selector",
      `spec.scopeSelector.matchExpressions.operator: Invalid value: "DoesNotExist": must be 'Exists' when scope is any of ResourceQuotaScopeTerminating, ResourceQuotaScopeNotTerminating, ResourceQuotaScopeBestEffort, ResourceQuotaScopeNotBestEffort or ResourceQuotaScopeCrossNamespacePodAffinity`,
      `spec.scopeSelector.matchExpressions.values: Invalid value: []string{"x"}: must be no value when \`operator\` is 'Exist' or 'DoesNotExist' for scope selector`,
    ]);
  });
  it("reports a scope selector's conflicting scopes with spec.scopes as the value, as kube does", () => {
    const q: ResourceQuota = {
      metadata: meta,
      spec: {
        hard: { pods: '1' },
        scopeSelector: {
          matchExpressions: [
            { scopeName: 'Terminating', operator: 'Exists' },
            { scopeName: 'NotTerminating', operator: 'Exists' },
          ],
        },
      },
    };
    expect(validateResourceQuota(q).map(formatFieldError)).toEqual([
      'spec.scopeSelector.matchExpressions: Invalid value: []core.ResourceQuotaScope(nil): conflicting scopes',
    ]);
  });

  it('refuses an update that changes the set of scopes', () => {
    const old: ResourceQuota = {
      metadata: { ...meta, resourceVersion: '1' },
      spec: { hard: { pods: '1' }, scopes: ['Terminating', 'NotBestEffort'] },
    };
    const reordered = { ...old, spec: { ...old.spec, scopes: ['NotBestEffort', 'Terminating'] } };
    expect(validateResourceQuotaUpdate(reordered, old)).toEqual([]);
    const changed = { ...old, spec: { ...old.spec, scopes: ['Terminating'] } };
    expect(validateResourceQuotaUpdate(changed, old).map(formatFieldError)).toEqual([
      'spec.scopes: Invalid value: []core.ResourceQuotaScope{"Terminating"}: field is immutable',
    ]);
  });
});

describe('validateLimitRange', () => {
  it('refuses a min above the max and duplicate types', () => {
    const lr: LimitRange = {
      metadata: meta,
      spec: {
        limits: [
          { type: 'Container', min: { cpu: '2' }, max: { cpu: '1' } },
          { type: 'Container', max: { memory: '1Gi' } },
        ],
      },
    };
    const texts = validateLimitRange(defaultLimitRange(lr)).map(formatFieldError);
    expect(texts).toContain(
      'spec.limits[0].min[cpu]: Invalid value: resource.Quantity{i:resource.int64Amount{value:2, scale:0}, d:resource.infDecAmount{Dec:(*inf.Dec)(nil)}, s:"2", Format:"DecimalSI"}: min value 2 is greater than max value 1',
    );
    expect(texts).toContain('spec.limits[1].type: Duplicate value: "Container"');
  });

  it('refuses defaults on a Pod limit and unknown types', () => {
    const lr: LimitRange = {
      metadata: meta,
      spec: { limits: [{ type: 'Pod', default: { cpu: '1' } }, { type: 'Bogus' }] },
    };
    expect(validateLimitRange(lr).map(formatFieldError)).toEqual([
      "spec.limits[0].default: Forbidden: may not be specified when `type` is 'Pod'",
      'spec.limits[1].type: Invalid value: "Bogus": must be a standard limit type or fully qualified',
    ]);
  });
});

describe('defaultLimitRange', () => {
  it('defaults limit to max, and request to the limit or the min', () => {
    const lr = defaultLimitRange({
      metadata: meta,
      spec: {
        limits: [
          { type: 'Container', max: { cpu: '2' }, min: { memory: '64Mi' } },
          { type: 'Pod', max: { cpu: '4' } },
        ],
      },
    });
    expect(lr.spec?.limits).toEqual([
      {
        type: 'Container',
        max: { cpu: '2' },
        min: { memory: '64Mi' },
        default: { cpu: '2' },
        defaultRequest: { cpu: '2', memory: '64Mi' },
      },
      { type: 'Pod', max: { cpu: '4' } },
    ]);
  });
});

describe('quota printers', () => {
  it('prints used/hard per resource, limits.* in LIMIT', () => {
    const q: ResourceQuota = {
      metadata: { ...meta, creationTimestamp: '2026-12-05T11:00:00Z' },
      status: {
        hard: { pods: '10', 'requests.cpu': '4', 'limits.memory': '2Gi' },
        used: { pods: '1', 'requests.cpu': '0', 'limits.memory': '512Mi' },
      },
    };
    expect(resourceQuotaPrinter.columns.map((c) => c.name)).toEqual(['Name', 'Age', 'Request', 'Limit']);
    expect(resourceQuotaPrinter.cells(q, now)).toEqual([
      'q',
      '60m',
      'pods: 1/10, requests.cpu: 0/4',
      'limits.memory: 512Mi/2Gi',
    ]);
  });

  it('prints limit ranges with NAME and CREATED AT', () => {
    expect(limitRangePrinter.columns.map((c) => c.name)).toEqual(['Name', 'Created At']);
  });
});
