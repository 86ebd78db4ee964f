import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.test-support.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(async () => {
  await t?.stop();
});

const HPAS = '/apis/autoscaling/v2/namespaces/default/horizontalpodautoscalers';
const TABLE = { accept: 'application/json;as=Table;v=v1;g=meta.k8s.io' };
const hpa = (name: string, spec: object) => ({
  apiVersion: 'autoscaling/v2',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name },
  spec,
});

describe('autoscaling/v2 HorizontalPodAutoscalers', () => {
  it('are created with defaults and print as kubectl get hpa does', async () => {
    const res = await t.req(
      'POST',
      HPAS,
      hpa('web', { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 5 }),
    );
    expect(res.status).toBe(201);
    expect(res.body.spec.minReplicas).toBe(1);
    expect(res.body.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
    const table = (await t.req('GET', HPAS, undefined, TABLE)).body;
    expect(table.columnDefinitions.map((c: { name: string }) => c.name)).toEqual([
      'Name',
      'Reference',
      'Targets',
      'MinPods',
      'MaxPods',
      'Replicas',
      'Age',
    ]);
    expect(table.rows[0].cells.slice(0, 6)).toEqual(['web', 'Deployment/web', 'cpu: <unknown>/80%', '1', 5, 0]);
  });

  it('refuse an invalid autoscaler with kube field errors', async () => {
    const res = await t.req(
      'POST',
      HPAS,
      hpa('bad', { scaleTargetRef: { kind: 'Deployment', name: 'x' }, minReplicas: 3, maxReplicas: 2 }),
    );
    expect(res.status).toBe(422);
    expect(res.body.message).toBe(
      'HorizontalPodAutoscaler.autoscaling "bad" is invalid: spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`',
    );
  });

  it('keep status apart: the controller writes it through /status', async () => {
    const created = await t.req(
      'POST',
      HPAS,
      hpa('s', { scaleTargetRef: { kind: 'Deployment', name: 's' }, maxReplicas: 2 }),
    );
    const res = await t.req('PUT', `${HPAS}/s/status`, {
      ...created.body,
      status: { currentReplicas: 2, desiredReplicas: 2 },
    });
    expect(res.status).toBe(200);
    expect(res.body.status).toEqual({ currentReplicas: 2, desiredReplicas: 2 });
  });
});

describe('autoscaling/v1 HorizontalPodAutoscalers', () => {
  const V1 = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers';

  it('are the same objects as v2, converted as Kubernetes converts them', async () => {
    const created = await t.req('POST', V1, {
      apiVersion: 'autoscaling/v1',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'v1-web' },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
        maxReplicas: 4,
        targetCPUUtilizationPercentage: 60,
      },
    });
    expect(created.status).toBe(201);
    expect(created.body.apiVersion).toBe('autoscaling/v1');
    expect(created.body.spec.targetCPUUtilizationPercentage).toBe(60);

    const v2 = (await t.req('GET', `${HPAS}/v1-web`)).body;
    expect(v2.apiVersion).toBe('autoscaling/v2');
    expect(v2.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
    ]);

    // A v2-only metric written through v2 survives a read (and is carried) through v1.
    const patched = await t.req(
      'PATCH',
      `${HPAS}/v1-web`,
      {
        spec: {
          metrics: [
            { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
            { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '1Gi' } } },
          ],
        },
      },
      { 'content-type': 'application/merge-patch+json' },
    );
    expect(patched.status).toBe(200);
    const v1 = (await t.req('GET', `${V1}/v1-web`)).body;
    expect(v1.spec.targetCPUUtilizationPercentage).toBe(60);
    expect(v1.metadata.annotations['autoscaling.alpha.kubernetes.io/metrics']).toContain('memory');
    const listed = (await t.req('GET', V1)).body;
    expect(listed.items.map((i: { apiVersion?: string; metadata: { name: string } }) => i.metadata.name)).toContain(
      'v1-web',
    );
  });
});
