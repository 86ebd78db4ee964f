import { describe, expect, it } from 'vitest';
import { metricFailure } from './metrics.js';

const CUSTOM =
  'unable to fetch metrics from custom metrics API: no custom metrics API (custom.metrics.k8s.io) registered';

describe('metric failures with no metrics API served', () => {
  it('words an Object metric in the replica calculator argument order', () => {
    const f = metricFailure(
      {
        type: 'Object',
        object: {
          metric: { name: 'requests' },
          describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' },
          target: { type: 'Value', value: '10' },
        },
      },
      'shop',
    );
    expect(f.reason).toBe('FailedGetObjectMetric');
    expect(f.detail).toBe(`unable to get metric requests: Ingress on shop main/${CUSTOM}`);
    expect(f.error).toBe(`failed to get object metric value: ${f.detail}`);
  });

  it('prints an External metric selector as Go prints a *LabelSelector', () => {
    const f = metricFailure(
      {
        type: 'External',
        external: {
          metric: { name: 'queue', selector: { matchLabels: { q: 'jobs' } } },
          target: { type: 'AverageValue', averageValue: '30' },
        },
      },
      'shop',
    );
    expect(f.detail).toBe(
      'unable to get external metric shop/queue/&LabelSelector{MatchLabels:map[string]string{q: jobs,},MatchExpressions:[]LabelSelectorRequirement{},}: ' +
        'unable to fetch metrics from external metrics API: the server could not find the requested resource (get queue.external.metrics.k8s.io)',
    );
    expect(f.error).toBe(`failed to get queue external metric value: failed to get queue external metric: ${f.detail}`);
  });

  it('words a Pods metric as GetMetricReplicas does', () => {
    const f = metricFailure(
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue' } } },
      'shop',
    );
    expect(f).toEqual({
      reason: 'FailedGetPodsMetric',
      detail: `unable to get metric rps: ${CUSTOM}`,
      error: `failed to get pods metric value: unable to get metric rps: ${CUSTOM}`,
    });
  });
});
