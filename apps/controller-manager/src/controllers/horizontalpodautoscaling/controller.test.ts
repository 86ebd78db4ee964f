// The HPA controller against a real API server that serves no metrics API, as a cluster without
// metrics-server: replicas are kept within minReplicas..maxReplicas, every metric fails with
// kube's reasons and texts, and each HPA is synced once per sync period on the fake clock.
import type { HorizontalPodAutoscaler } from '@wheelhouse/api';
import type { RestClient, Served } from '@wheelhouse/client';
import { describe, expect, it } from 'vitest';
import { eventsIncluding, eventually, scalableCrd, useControllerTestBed } from '../../test-cluster.test-support.js';
import { newHorizontalPodAutoscalerController } from './controller.js';

const PERIOD = 15_000;
const bed = useControllerTestBed((ctx) => [newHorizontalPodAutoscalerController(ctx, { workers: 2 })]);
const { cluster } = bed;

async function deployment(client: RestClient, ns: string, name: string, replicas: number, app = name) {
  await client.resource('deployments', ns).create({
    metadata: { name },
    spec: {
      replicas,
      selector: { matchLabels: { app } },
      template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } },
    },
  });
}

async function hpa(
  client: RestClient,
  ns: string,
  name: string,
  target: { kind?: string; apiVersion?: string; name?: string },
  spec: Record<string, unknown> = {},
) {
  await client.resource('horizontalpodautoscalers', ns).create({
    metadata: { name },
    spec: {
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name, ...target },
      minReplicas: 2,
      maxReplicas: 5,
      metrics: [
        { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      ],
      ...spec,
    },
  });
}

/** Advances the controllers' clock a sync period at a time until the HPA's status satisfies `ok`. */
async function synced(
  ns: string,
  name: string,
  ok: (s: NonNullable<HorizontalPodAutoscaler['status']>) => boolean,
  what: string,
): Promise<Served<HorizontalPodAutoscaler>> {
  const { clock } = bed.running;
  return eventually(
    async () => {
      await clock.advance(PERIOD);
      return cluster.client.resource('horizontalpodautoscalers', ns).get(name);
    },
    (h) => ok(h.status ?? {}),
    what,
  );
}

const condition = (h: Served<HorizontalPodAutoscaler>, type: string) => {
  const c = h.status?.conditions?.find((x) => x.type === type);
  return c && `${c.status}/${c.reason}: ${c.message}`;
};

const replicasOf = async (ns: string, name: string) =>
  (await cluster.client.resource('deployments', ns).getScale(name)).spec?.replicas;

const NO_METRICS =
  'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server could not find the requested resource (get pods.metrics.k8s.io)';

describe('horizontal pod autoscaler', () => {
  it('syncs an HPA a sync period after it is created, not at once', async () => {
    const ns = await cluster.namespace();
    const { clock } = await bed.start();
    await deployment(cluster.client, ns, 'web', 1);
    await hpa(cluster.client, ns, 'web', {});
    await eventually(
      async () => (await cluster.client.resource('horizontalpodautoscalers', ns).get('web')).metadata.uid,
      Boolean,
      'the HPA created',
    );
    await clock.advance(PERIOD - 1000);
    await new Promise((r) => setTimeout(r, 200));
    expect(await replicasOf(ns, 'web')).toBe(1);
    await synced(ns, 'web', (s) => s.desiredReplicas === 2, 'scaled to minReplicas');
  });

  it('scales a target below minReplicas up to it, with the status, condition and Event kube writes', async () => {
    const ns = await cluster.namespace();
    await bed.start();
    await deployment(cluster.client, ns, 'web', 1);
    await hpa(cluster.client, ns, 'web', {});
    const h = await synced(ns, 'web', (s) => s.desiredReplicas === 2, 'scaled to minReplicas');
    expect(await replicasOf(ns, 'web')).toBe(2);
    expect(h.status).toMatchObject({ currentReplicas: 1, desiredReplicas: 2, lastScaleTime: expect.any(String) });
    expect(condition(h, 'AbleToScale')).toBe(
      'True/SucceededRescale: the HPA controller was able to update the target scale to 2',
    );
    await eventsIncluding(
      cluster.client,
      ns,
      'web',
      'SuccessfulRescale: New size: 2; reason: Current number of replicas below Spec.MinReplicas',
    );
  });

  it('scales a target above maxReplicas down to it', async () => {
    const ns = await cluster.namespace();
    await bed.start();
    await deployment(cluster.client, ns, 'big', 9);
    await hpa(cluster.client, ns, 'big', {});
    await synced(ns, 'big', (s) => s.desiredReplicas === 5, 'scaled to maxReplicas');
    expect(await replicasOf(ns, 'big')).toBe(5);
    await eventsIncluding(
      cluster.client,
      ns,
      'big',
      'SuccessfulRescale: New size: 5; reason: Current number of replicas above Spec.MaxReplicas',
    );
  });

  it('within its bounds, reports that no metric can be read and leaves the replicas alone', async () => {
    const ns = await cluster.namespace();
    await bed.start();
    await deployment(cluster.client, ns, 'mid', 3);
    await hpa(cluster.client, ns, 'mid', {});
    const h = await synced(ns, 'mid', (s) => s.currentReplicas === 3, 'current replicas recorded');
    expect(await replicasOf(ns, 'mid')).toBe(3);
    expect(h.status?.currentMetrics).toEqual([{ type: '' }]);
    expect(h.status?.desiredReplicas).toBe(0);
    expect(h.status?.lastScaleTime).toBeUndefined();
    expect(condition(h, 'AbleToScale')).toBe(
      "True/SucceededGetScale: the HPA controller was able to get the target's current scale",
    );
    expect(condition(h, 'ScalingActive')).toBe(
      `False/FailedGetResourceMetric: the HPA was unable to compute the replica count: ${NO_METRICS}`,
    );
    await eventsIncluding(
      cluster.client,
      ns,
      'mid',
      `FailedGetResourceMetric: ${NO_METRICS}`,
      `FailedComputeMetricsReplicas: invalid metrics (1 invalid out of 1), first error is: failed to get cpu resource metric value: ${NO_METRICS}`,
    );
  });

  it('leaves a target scaled to zero alone (ScalingDisabled)', async () => {
    const ns = await cluster.namespace();
    await bed.start();
    await deployment(cluster.client, ns, 'off', 0);
    await hpa(cluster.client, ns, 'off', {});
    const h = await synced(ns, 'off', (s) => (s.conditions ?? []).length > 1, 'conditions written');
    expect(await replicasOf(ns, 'off')).toBe(0);
    expect(condition(h, 'ScalingActive')).toBe(
      'False/ScalingDisabled: scaling is disabled since the replica count of the target is zero',
    );
    expect(h.status).toMatchObject({ currentReplicas: 0, desiredReplicas: 0 });
  });

  it('reports a target it cannot find or scale (FailedGetScale)', async () => {
    const ns = await cluster.namespace();
    await bed.start();
    await hpa(cluster.client, ns, 'ghost', {});
    const ghost = await synced(ns, 'ghost', (s) => (s.conditions ?? []).length > 0, 'condition written');
    expect(condition(ghost, 'AbleToScale')).toBe(
      `False/FailedGetScale: the HPA controller was unable to get the target's current scale: deployments.apps "ghost" not found`,
    );
    await eventsIncluding(cluster.client, ns, 'ghost', 'FailedGetScale: deployments.apps "ghost" not found');

    await hpa(cluster.client, ns, 'odd', { apiVersion: 'example.com/v1', kind: 'Widget' });
    const odd = await synced(ns, 'odd', (s) => (s.conditions ?? []).length > 0, 'condition written');
    expect(condition(odd, 'AbleToScale')).toBe(
      `False/FailedGetScale: the HPA controller was unable to get the target's current scale: no matches for kind "Widget" in group "example.com"`,
    );
  });

  it('refuses to act on pods that two HPAs select (AmbiguousSelector)', async () => {
    const ns = await cluster.namespace();
    await bed.start();
    await deployment(cluster.client, ns, 'one', 3, 'shared');
    await deployment(cluster.client, ns, 'two', 3, 'shared');
    await cluster.client.resource('pods', ns).create({
      metadata: { name: 'shared-pod', labels: { app: 'shared' } },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    });
    await hpa(cluster.client, ns, 'one', {});
    await hpa(cluster.client, ns, 'two', {});
    const ambiguous = (s: NonNullable<HorizontalPodAutoscaler['status']>) =>
      s.conditions?.some((c) => c.type === 'ScalingActive' && c.reason === 'AmbiguousSelector') ?? false;
    const two = await synced(ns, 'two', ambiguous, 'two ambiguous');
    const one = await synced(ns, 'one', ambiguous, 'one ambiguous');
    for (const h of [one, two]) {
      expect(condition(h, 'ScalingActive')).toBe(
        `False/AmbiguousSelector: pods by selector app=shared are controlled by multiple HPAs: [{one ${ns}} {two ${ns}}]`,
      );
    }
  });
  it('scales a custom resource through its scale subresource, found by discovery', async () => {
    const ns = await cluster.namespace();
    await bed.start();
    await scalableCrd(cluster.client, 'gizmos', 'Gizmo');
    const path = `/apis/example.com/v1/namespaces/${ns}/gizmos`;
    await cluster.client.request({
      method: 'POST',
      path,
      body: { apiVersion: 'example.com/v1', kind: 'Gizmo', metadata: { name: 'g' }, spec: { replicas: 1 } },
    });
    await hpa(cluster.client, ns, 'g', { apiVersion: 'example.com/v1', kind: 'Gizmo', name: 'g' });
    await synced(ns, 'g', (s) => s.desiredReplicas === 2, 'scaled to minReplicas');
    const gizmo = await cluster.client.request<{ spec: { replicas: number } }>({ method: 'GET', path: `${path}/g` });
    expect(gizmo.spec.replicas).toBe(2);
    await eventsIncluding(
      cluster.client,
      ns,
      'g',
      'SuccessfulRescale: New size: 2; reason: Current number of replicas below Spec.MinReplicas',
    );
  });
});
