import { describe, expect, it } from 'vitest';
import type { HorizontalPodAutoscaler } from '../schema/autoscaling-v2.js';
import { horizontalPodAutoscalerPrinter } from './autoscaling.js';

const now = new Date('2026-12-05T12:00:00Z');

describe('horizontalPodAutoscalerPrinter', () => {
  it('prints the columns kube-apiserver prints', () => {
    expect(horizontalPodAutoscalerPrinter.columns.map((c) => c.name)).toEqual([
      'Name',
      'Reference',
      'Targets',
      'MinPods',
      'MaxPods',
      'Replicas',
      'Age',
    ]);
  });

  it('prints a fresh autoscaler as kubectl shows it: cpu: <unknown>/80%', () => {
    const hpa: HorizontalPodAutoscaler = {
      metadata: { name: 'web', creationTimestamp: '2026-12-05T11:55:00Z' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        minReplicas: 1,
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
        ],
      },
      status: { desiredReplicas: 0 },
    };
    expect(horizontalPodAutoscalerPrinter.cells(hpa, now)).toEqual([
      'web',
      'Deployment/web',
      'cpu: <unknown>/80%',
      '1',
      10,
      0,
      '5m',
    ]);
  });

  it('prints current values, averages, and + N more... past two metrics', () => {
    const hpa: HorizontalPodAutoscaler = {
      metadata: { name: 'web' },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' },
        maxReplicas: 10,
        metrics: [
          { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '0.5Gi' } } },
          {
            type: 'External',
            external: { metric: { name: 'q' }, target: { type: 'AverageValue', averageValue: '30' } },
          },
          { type: 'Pods', pods: { metric: { name: 'p' }, target: { type: 'AverageValue', averageValue: '1k' } } },
        ],
      },
      status: {
        currentReplicas: 2,
        currentMetrics: [
          { type: 'Resource', resource: { name: 'memory', current: { averageValue: '256Mi' } } },
          { type: 'External', external: { metric: { name: 'q' }, current: { averageValue: '12' } } },
        ],
      },
    };
    const cells = horizontalPodAutoscalerPrinter.cells(hpa, now);
    expect(cells[2]).toBe('memory: 256Mi/512Mi, 12/30 (avg) + 1 more...');
    expect(cells[3]).toBe('<unset>');
    expect(cells[5]).toBe(2);
  });

  it("describes TARGETS with autoscaling/v2beta1's metrics text, as kube-apiserver 1.32 does", () => {
    const targets = horizontalPodAutoscalerPrinter.columns.find((c) => c.name === 'Targets');
    expect(targets?.description).toMatch(/how each type of metric must respond\.$/);
  });
});
