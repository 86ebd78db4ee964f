import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscalerV1 } from '../schema/autoscaling-v1-hpa.js';
import type { HorizontalPodAutoscaler } from '../schema/autoscaling-v2.js';
import { defaultHorizontalPodAutoscaler } from '../defaults/autoscaling.js';
import {
  BEHAVIOR_ANNOTATION,
  CONDITIONS_ANNOTATION,
  hpaV1ToV2,
  hpaV2ToV1,
  METRIC_SPECS_ANNOTATION,
  METRIC_STATUSES_ANNOTATION,
} from './autoscaling.js';

const target = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' };
const meta = { name: 'web', namespace: 'default', labels: { app: 'web' } };
const cpu80 = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } };

function v2(
  spec: HorizontalPodAutoscaler['spec'],
  status?: HorizontalPodAutoscaler['status'],
): HorizontalPodAutoscaler {
  return {
    apiVersion: 'autoscaling/v2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { ...meta },
    spec,
    ...(status ? { status } : {}),
  };
}

describe('hpaV1ToV2', () => {
  it('turns targetCPUUtilizationPercentage into a CPU Utilization metric', () => {
    const v1: HorizontalPodAutoscalerV1 = {
      metadata: meta,
      spec: { scaleTargetRef: target, minReplicas: 2, maxReplicas: 5, targetCPUUtilizationPercentage: 50 },
    };
    expect(hpaV1ToV2(v1).spec).toEqual({
      scaleTargetRef: target,
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } },
      ],
    });
  });

  it('makes v1 implicit 80% CPU target explicit when there is no metric', () => {
    const out = hpaV1ToV2({ metadata: meta, spec: { scaleTargetRef: target, minReplicas: 1, maxReplicas: 3 } });
    expect(out.apiVersion).toBe('autoscaling/v2');
    expect(out.spec?.metrics).toEqual([cpu80]);
  });

  it('reads the current CPU utilization into currentMetrics', () => {
    const out = hpaV1ToV2({
      metadata: meta,
      spec: { scaleTargetRef: target, maxReplicas: 3 },
      status: { currentReplicas: 2, desiredReplicas: 3, currentCPUUtilizationPercentage: 91 },
    });
    expect(out.status).toEqual({
      currentReplicas: 2,
      desiredReplicas: 3,
      currentMetrics: [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 91 } } }],
    });
  });

  it('ignores annotations that are not valid JSON, and drops them', () => {
    const out = hpaV1ToV2({
      metadata: {
        ...meta,
        annotations: { [METRIC_SPECS_ANNOTATION]: '{nope', [BEHAVIOR_ANNOTATION]: '[]', keep: 'me' },
      },
      spec: { scaleTargetRef: target, maxReplicas: 3, targetCPUUtilizationPercentage: 60 },
    });
    expect(out.metadata?.annotations).toEqual({ keep: 'me' });
    expect(out.spec?.metrics).toHaveLength(1);
    expect(out.spec?.behavior).toBeUndefined();
  });
});

describe('hpaV2ToV1', () => {
  it('keeps only the CPU target when that is the only metric: no annotations', () => {
    const out = hpaV2ToV1(v2({ scaleTargetRef: target, minReplicas: 1, maxReplicas: 4, metrics: [cpu80] }));
    expect(out).toEqual({
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: meta,
      spec: { scaleTargetRef: target, minReplicas: 1, maxReplicas: 4, targetCPUUtilizationPercentage: 80 },
    });
  });

  it('writes v2-only metrics in the v1 MetricSpec JSON Kubernetes writes', () => {
    const out = hpaV2ToV1(
      v2({
        scaleTargetRef: target,
        maxReplicas: 4,
        metrics: [
          cpu80,
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } },
          {
            type: 'Pods',
            pods: { metric: { name: 'packets' }, target: { type: 'AverageValue', averageValue: '1k' } },
          },
        ],
      }),
    );
    expect(out.spec?.targetCPUUtilizationPercentage).toBe(80);
    expect(out.metadata?.annotations?.[METRIC_SPECS_ANNOTATION]).toBe(
      '[{"type":"Resource","resource":{"name":"memory","targetAverageValue":"500Mi"}},' +
        '{"type":"Pods","pods":{"metricName":"packets","targetAverageValue":"1k"}}]',
    );
  });

  it('writes behavior in the JSON of the internal type (capitalized names, nulls)', () => {
    const hpa = defaultHorizontalPodAutoscaler(
      v2({ scaleTargetRef: target, maxReplicas: 4, behavior: { scaleDown: { stabilizationWindowSeconds: 300 } } }),
    );
    expect(hpaV2ToV1(hpa).metadata?.annotations?.[BEHAVIOR_ANNOTATION]).toBe(
      '{"ScaleUp":{"StabilizationWindowSeconds":0,"SelectPolicy":"Max","Policies":[{"Type":"Pods","Value":4,"PeriodSeconds":15},{"Type":"Percent","Value":100,"PeriodSeconds":15}]},' +
        '"ScaleDown":{"StabilizationWindowSeconds":300,"SelectPolicy":"Max","Policies":[{"Type":"Percent","Value":100,"PeriodSeconds":15}]}}',
    );
  });

  it('writes conditions and every current metric, and the last CPU utilization as currentCPUUtilizationPercentage', () => {
    const out = hpaV2ToV1(
      v2(
        { scaleTargetRef: target, maxReplicas: 4, metrics: [cpu80] },
        {
          currentReplicas: 1,
          desiredReplicas: 2,
          currentMetrics: [
            { type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 120, averageValue: '240m' } } },
          ],
          conditions: [{ type: 'AbleToScale', status: 'True', reason: 'ReadyForNewScale' }],
        },
      ),
    );
    expect(out.status).toEqual({ currentReplicas: 1, desiredReplicas: 2, currentCPUUtilizationPercentage: 120 });
    expect(out.metadata?.annotations?.[METRIC_STATUSES_ANNOTATION]).toBe(
      '[{"type":"Resource","resource":{"name":"cpu","currentAverageUtilization":120,"currentAverageValue":"240m"}}]',
    );
    expect(out.metadata?.annotations?.[CONDITIONS_ANNOTATION]).toBe(
      '[{"type":"AbleToScale","status":"True","lastTransitionTime":null,"reason":"ReadyForNewScale"}]',
    );
  });

  it('replaces stale round-trip annotations a client left on the object', () => {
    const hpa = v2({ scaleTargetRef: target, maxReplicas: 4, metrics: [cpu80] });
    hpa.metadata!.annotations = { [METRIC_SPECS_ANNOTATION]: '[]', [CONDITIONS_ANNOTATION]: '[]', other: 'x' };
    expect(hpaV2ToV1(hpa).metadata?.annotations).toEqual({ other: 'x' });
  });
});

describe('round trips', () => {
  const full = v2(
    {
      scaleTargetRef: target,
      minReplicas: 2,
      maxReplicas: 10,
      metrics: [
        { type: 'Resource', resource: { name: 'memory', target: { type: 'Utilization', averageUtilization: 70 } } },
        {
          type: 'ContainerResource',
          containerResource: {
            name: 'cpu',
            container: 'app',
            target: { type: 'AverageValue', averageValue: '200m' },
          },
        },
        {
          type: 'Object',
          object: {
            describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main' },
            metric: { name: 'requests-per-second', selector: { matchLabels: { verb: 'GET' } } },
            target: { type: 'Value', value: '2k' },
          },
        },
        {
          type: 'External',
          external: {
            metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'work' } } },
            target: { type: 'AverageValue', averageValue: '30' },
          },
        },
        { type: 'Pods', pods: { metric: { name: 'packets' }, target: { type: 'AverageValue', averageValue: '1k' } } },
        cpu80,
      ],
      behavior: {
        scaleUp: {
          stabilizationWindowSeconds: 0,
          selectPolicy: 'Max',
          policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }],
        },
        scaleDown: { selectPolicy: 'Disabled', policies: [{ type: 'Percent', value: 10, periodSeconds: 60 }] },
      },
    },
    {
      observedGeneration: 3,
      lastScaleTime: '2026-12-05T10:00:00Z',
      currentReplicas: 3,
      desiredReplicas: 4,
      currentMetrics: [
        { type: 'Resource', resource: { name: 'memory', current: { averageValue: '100Mi', averageUtilization: 65 } } },
        {
          type: 'External',
          external: { metric: { name: 'queue_messages_ready' }, current: { value: '0', averageValue: '12' } },
        },
        { type: 'Resource', resource: { name: 'cpu', current: { averageValue: '250m', averageUtilization: 85 } } },
      ],
      conditions: [
        {
          type: 'AbleToScale',
          status: 'True',
          lastTransitionTime: '2026-12-05T09:00:00Z',
          reason: 'SucceededRescale',
          message: 'ok',
        },
        {
          type: 'ScalingLimited',
          status: 'False',
          lastTransitionTime: '2026-12-05T09:00:00Z',
          reason: 'DesiredWithinRange',
        },
      ],
    },
  );

  it('v2 -> v1 -> v2 gives back every metric, status, condition and the behavior', () => {
    const v1 = hpaV2ToV1(full);
    expect(v1.spec?.targetCPUUtilizationPercentage).toBe(80);
    expect(v1.status?.currentCPUUtilizationPercentage).toBe(85);
    expect(hpaV1ToV2(JSON.parse(JSON.stringify(v1)) as HorizontalPodAutoscalerV1)).toEqual(full);
  });

  it('moves the CPU utilization target to the end, as Kubernetes does', () => {
    const hpa = v2({
      scaleTargetRef: target,
      maxReplicas: 3,
      metrics: [
        cpu80,
        { type: 'Pods', pods: { metric: { name: 'p' }, target: { type: 'AverageValue', averageValue: '1' } } },
      ],
    });
    expect(hpaV1ToV2(hpaV2ToV1(hpa)).spec?.metrics?.map((m) => m.type)).toEqual(['Pods', 'Resource']);
  });

  it('v1 -> v2 -> v1 is the identity for a plain v1 autoscaler', () => {
    const v1: HorizontalPodAutoscalerV1 = {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { ...meta, annotations: { team: 'a' } },
      spec: { scaleTargetRef: target, minReplicas: 1, maxReplicas: 7, targetCPUUtilizationPercentage: 65 },
      status: { currentReplicas: 2, desiredReplicas: 2 },
    };
    expect(hpaV2ToV1(hpaV1ToV2(v1))).toEqual(v1);
  });

  it('v1 -> v2 -> v1 keeps what a v1 client carried in the annotations', () => {
    const v1 = hpaV2ToV1(full);
    expect(hpaV2ToV1(hpaV1ToV2(v1))).toEqual(v1);
  });

  it('an Object metric with an average value comes back with a zero value, as in Kubernetes', () => {
    const hpa = v2({
      scaleTargetRef: target,
      maxReplicas: 3,
      metrics: [
        {
          type: 'Object',
          object: {
            describedObject: { kind: 'Service', name: 's' },
            metric: { name: 'm' },
            target: { type: 'AverageValue', averageValue: '5' },
          },
        },
      ],
    });
    expect(hpaV1ToV2(hpaV2ToV1(hpa)).spec?.metrics?.[0]?.object?.target).toEqual({
      type: 'AverageValue',
      value: '0',
      averageValue: '5',
    });
  });
});
