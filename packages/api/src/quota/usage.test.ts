import { describe, expect, it } from 'vitest';
import type { Pod } from '../schema/core-v1-pod.js';
import type { ResourceQuota } from '../schema/core-v1-quota.js';
import {
  evaluatorChargesUpdates,
  evaluatorCovers,
  exceededResources,
  nonZeroUsage,
  objectUsage,
  podConstraintProblem,
  podContainerResources,
  prettyPrintUsage,
  quotaMatchesObject,
  subtractUsageFloored,
  usageOf,
  usageToList,
} from './usage.js';

const now = new Date('2026-12-05T12:00:00Z');

function pod(containers: object[], extra: object = {}): Pod {
  return { metadata: { name: 'p' }, spec: { containers: containers as never, ...extra } } as Pod;
}

describe('objectUsage', () => {
  it('counts a pod: pods, count/pods and its compute, init containers as a floor', () => {
    const p = pod(
      [
        { name: 'a', resources: { requests: { cpu: '100m', memory: '64Mi' }, limits: { cpu: '200m' } } },
        { name: 'b', resources: { requests: { cpu: '150m' } } },
      ],
      { initContainers: [{ name: 'i', resources: { requests: { cpu: '1' } } }] },
    );
    expect(usageToList(objectUsage('', 'pods', p, now))).toEqual({
      'count/pods': '1',
      cpu: '1',
      'limits.cpu': '200m',
      memory: '64Mi',
      pods: '1',
      'requests.cpu': '1',
      'requests.memory': '64Mi',
    });
  });

  it('counts sidecars as kube does, and adds the overhead to requests but only to limits the pod sets', () => {
    const p = pod([{ name: 'a', resources: { requests: { cpu: '100m' }, limits: { cpu: '200m' } } }], {
      initContainers: [
        { name: 's', restartPolicy: 'Always', resources: { requests: { cpu: '50m' }, limits: { cpu: '50m' } } },
        { name: 'i', resources: { requests: { cpu: '200m' } } },
      ],
      overhead: { cpu: '10m', memory: '16Mi' },
    });
    expect(usageToList(objectUsage('', 'pods', p, now))).toEqual({
      'count/pods': '1',
      cpu: '260m',
      'limits.cpu': '260m',
      memory: '16Mi',
      pods: '1',
      'requests.cpu': '260m',
      'requests.memory': '16Mi',
    });
  });

  it('counts a finished pod only as count/pods', () => {
    const p = { ...pod([{ name: 'a' }]), status: { phase: 'Succeeded' } } as Pod;
    expect(usageToList(objectUsage('', 'pods', p, now))).toEqual({ 'count/pods': '1' });
  });

  it('counts services with node ports and load balancers', () => {
    const svc = { metadata: { name: 's' }, spec: { type: 'LoadBalancer', ports: [{ port: 80 }, { port: 443 }] } };
    expect(usageToList(objectUsage('', 'services', svc, now))).toEqual({
      'count/services': '1',
      services: '1',
      'services.loadbalancers': '1',
      'services.nodeports': '2',
    });
  });

  it('counts other resources as count/<resource>.<group>', () => {
    expect(usageToList(objectUsage('apps', 'deployments', { metadata: {} }, now))).toEqual({
      'count/deployments.apps': '1',
    });
    expect(usageToList(objectUsage('', 'configmaps', { metadata: {} }, now))).toEqual({
      configmaps: '1',
      'count/configmaps': '1',
    });
  });
});

describe('quota helpers', () => {
  it('says which quota names an evaluator counts', () => {
    expect(evaluatorCovers('', 'pods', 'limits.memory')).toBe(true);
    expect(evaluatorCovers('', 'pods', 'services')).toBe(false);
    expect(evaluatorCovers('apps', 'deployments', 'count/deployments.apps')).toBe(true);
    expect(evaluatorCovers('apps', 'deployments', 'pods')).toBe(false);
  });

  it('names the containers that leave out what a quota constrains', () => {
    const p = pod([{ name: 'web', resources: { requests: { cpu: '1' } } }, { name: 'side' }]);
    expect(podConstraintProblem(['requests.cpu', 'limits.memory', 'pods'], p)).toBe(
      'must specify limits.memory for: side,web; requests.cpu for: side',
    );
    expect(podConstraintProblem(['pods'], p)).toBeUndefined();
  });

  it('matches pod scopes', () => {
    const quota = (scopes: string[]): ResourceQuota => ({ spec: { hard: { pods: '1' }, scopes } });
    const bestEffort = pod([{ name: 'a' }]);
    const burstable = pod([{ name: 'a', resources: { requests: { cpu: '1' } } }]);
    expect(quotaMatchesObject(quota(['BestEffort']), '', 'pods', bestEffort)).toBe(true);
    expect(quotaMatchesObject(quota(['BestEffort']), '', 'pods', burstable)).toBe(false);
    expect(quotaMatchesObject(quota(['NotTerminating']), '', 'pods', burstable)).toBe(true);
    expect(quotaMatchesObject(quota(['BestEffort']), '', 'configmaps', { metadata: {} })).toBe(false);
  });

  it('prints and compares usage as kube does', () => {
    const used = usageOf({ pods: '3', 'requests.cpu': '1500m' });
    expect(prettyPrintUsage(used)).toBe('pods=3,requests.cpu=1500m');
    expect(exceededResources(used, usageOf({ pods: '2', 'requests.cpu': '2' }))).toEqual(['pods']);
  });
});

describe('update deltas', () => {
  it('subtracts the stored usage, never below zero, and drops zeros', () => {
    const next = usageOf({ 'requests.storage': '3Gi', persistentvolumeclaims: '1', 'services.nodeports': '1' });
    const prev = usageOf({ 'requests.storage': '1Gi', persistentvolumeclaims: '1', 'services.nodeports': '2' });
    const delta = subtractUsageFloored(next, prev);
    expect(usageToList(delta)).toEqual({
      persistentvolumeclaims: '0',
      'requests.storage': '2Gi',
      'services.nodeports': '0',
    });
    expect(usageToList(nonZeroUsage(delta))).toEqual({ 'requests.storage': '2Gi' });
  });

  it('charges updates of services and claims only, as kube evaluators handle them', () => {
    expect(evaluatorChargesUpdates('', 'services')).toBe(true);
    expect(evaluatorChargesUpdates('', 'persistentvolumeclaims')).toBe(true);
    expect(evaluatorChargesUpdates('', 'pods')).toBe(false);
    expect(evaluatorChargesUpdates('', 'configmaps')).toBe(false);
    expect(evaluatorChargesUpdates('apps', 'deployments')).toBe(false);
  });
});

describe('podContainerResources', () => {
  it('adds sidecars to the containers and takes the largest init step, without overhead', () => {
    const p = pod([{ name: 'app', resources: { requests: { cpu: '500m' } } }], {
      overhead: { cpu: '1' },
      initContainers: [
        { name: 'side', restartPolicy: 'Always', resources: { requests: { cpu: '200m' } } },
        { name: 'init', resources: { requests: { cpu: '1' } } },
      ],
    });
    expect(usageToList(podContainerResources(p, 'requests'))).toEqual({ cpu: '1200m' });
  });
});
