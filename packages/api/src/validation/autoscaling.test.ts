import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from '../schema/autoscaling-v2.js';
import { defaultHorizontalPodAutoscaler } from '../defaults/autoscaling.js';
import { formatFieldError } from './field-errors.js';
import { validateHorizontalPodAutoscaler, validateHorizontalPodAutoscalerUpdate } from './autoscaling.js';

function hpa(spec: HorizontalPodAutoscaler['spec']): HorizontalPodAutoscaler {
  return defaultHorizontalPodAutoscaler({ metadata: { name: 'web', namespace: 'default' }, spec });
}
const ref = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const texts = (h: HorizontalPodAutoscaler) => validateHorizontalPodAutoscaler(h).map(formatFieldError);

describe('validateHorizontalPodAutoscaler', () => {
  it('accepts a defaulted autoscaler', () => {
    expect(texts(hpa({ scaleTargetRef: ref, maxReplicas: 3 }))).toEqual([]);
  });

  it('refuses bad replica bounds with kube texts', () => {
    expect(texts(hpa({ scaleTargetRef: ref, minReplicas: 0, maxReplicas: 0 }))).toEqual([
      'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1',
      'spec.maxReplicas: Invalid value: 0: must be greater than 0',
      'spec.metrics: Forbidden: must specify at least one Object or External metric to support scaling to zero replicas',
    ]);
    expect(texts(hpa({ scaleTargetRef: ref, minReplicas: 5, maxReplicas: 2 }))).toEqual([
      'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    ]);
  });

  it('reports the metrics errors along with the target reference ones, and takes any Resource metric name', () => {
    const metrics = [
      {
        type: 'Resource',
        resource: { name: 'example.com/queue', target: { type: 'AverageValue', averageValue: '10' } },
      },
      { type: 'Pods', pods: { metric: { name: 'qps' }, target: { type: 'AverageValue' } } },
    ];
    expect(texts(hpa({ scaleTargetRef: { kind: 'Deployment' }, maxReplicas: 2, metrics }))).toEqual([
      'spec.scaleTargetRef.name: Required value',
      'spec.metrics[1].pods.target.averageValue: Required value: must specify a positive target averageValue',
    ]);
  });

  it('requires the target reference', () => {
    expect(texts(hpa({ scaleTargetRef: { kind: 'Deployment' }, maxReplicas: 2 }))).toEqual([
      'spec.scaleTargetRef.name: Required value',
    ]);
  });

  it('checks metric sources and targets', () => {
    const errs = texts(
      hpa({
        scaleTargetRef: ref,
        maxReplicas: 2,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 0 } } },
          { type: 'Pods', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 5 } } },
          { type: 'Resource', resource: { name: 'memory', target: { type: 'Bogus' } } },
        ],
      }),
    );
    expect(errs).toEqual([
      'spec.metrics[0].resource.target.averageUtilization: Invalid value: 0: must be greater than 0',
      'spec.metrics[1].pods: Required value: must populate information for the given metric source',
      'spec.metrics[2].resource.target.type: Invalid value: "Bogus": must be either Utilization, Value, or AverageValue',
      'spec.metrics[2].resource.target.averageUtilization: Required value: must set either a target raw value or a target utilization',
    ]);
  });

  it('checks behavior policies', () => {
    const errs = texts(
      hpa({
        scaleTargetRef: ref,
        maxReplicas: 2,
        behavior: {
          scaleUp: {
            selectPolicy: 'Most',
            stabilizationWindowSeconds: 4000,
            policies: [{ type: 'Pods', value: 0, periodSeconds: 1801 }],
          },
        },
      }),
    );
    expect(errs).toEqual([
      'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: 4000: must be less than or equal to 3600',
      'spec.behavior.scaleUp.selectPolicy: Unsupported value: "Most": supported values: "Disabled", "Max", "Min"',
      'spec.behavior.scaleUp.policies[0].value: Invalid value: 0: must be greater than zero',
      'spec.behavior.scaleUp.policies[0].periodSeconds: Invalid value: 1801: must be less than or equal to 1800',
    ]);
  });

  it('keeps minReplicas 0 allowed on update when it was already 0', () => {
    const old = hpa({
      scaleTargetRef: ref,
      minReplicas: 0,
      maxReplicas: 2,
      metrics: [{ type: 'External', external: { metric: { name: 'q' }, target: { type: 'Value', value: '1' } } }],
    });
    expect(validateHorizontalPodAutoscalerUpdate(old, old)).toEqual([]);
  });
});

describe('defaultHorizontalPodAutoscaler', () => {
  it('defaults minReplicas, the CPU metric, and fills a given behavior', () => {
    const out = hpa({
      scaleTargetRef: ref,
      maxReplicas: 3,
      behavior: { scaleUp: { policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } },
    });
    expect(out.spec).toEqual({
      scaleTargetRef: ref,
      maxReplicas: 3,
      minReplicas: 1,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }],
        },
        scaleDown: { selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
      },
    });
  });

  it('leaves an absent behavior absent', () => {
    expect(hpa({ scaleTargetRef: ref, maxReplicas: 3 }).spec?.behavior).toBeUndefined();
  });
});
