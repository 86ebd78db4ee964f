/**
 * kubectl's generators that send protobuf bodies for the kinds of issue 20: `kubectl create
 * quota`, `kubectl create ingress` and `kubectl autoscale` (autoscaling/v1), checked with the
 * real kubectl: each object is created and reads back as kube-apiserver stores it.
 */
import { describe, expect, it } from 'vitest';
import { useKubectlServer } from './harness.test-support.js';

describe('kubectl create quota / create ingress / autoscale (protobuf bodies)', () => {
  const cluster = useKubectlServer('kubectl-pb-');

  it('kubectl create quota with hard limits and scopes', async () => {
    expect(await cluster.kubectl.ok('create', 'quota', 'compute', '--hard=cpu=1,memory=1Gi,pods=2')).toBe(
      'resourcequota/compute created\n',
    );
    expect(await cluster.kubectl.ok('create', 'quota', 'best-effort', '--hard=pods=5', '--scopes=BestEffort')).toBe(
      'resourcequota/best-effort created\n',
    );
    const quota = JSON.parse(await cluster.kubectl.ok('get', 'quota', 'compute', '-o', 'json'));
    expect(quota.spec).toEqual({ hard: { cpu: '1', memory: '1Gi', pods: '2' } });
    const scoped = JSON.parse(await cluster.kubectl.ok('get', 'quota', 'best-effort', '-o', 'json'));
    expect(scoped.spec).toEqual({ hard: { pods: '5' }, scopes: ['BestEffort'] });
  });

  it('kubectl create ingress with rules, a default backend and TLS', async () => {
    const out = await cluster.kubectl.ok(
      'create',
      'ingress',
      'web',
      '--class=default',
      '--rule=foo.com/bar*=svc1:8080,tls=my-cert',
      '--default-backend=defaultsvc:http',
    );
    expect(out).toBe('ingress.networking.k8s.io/web created\n');
    const ing = JSON.parse(await cluster.kubectl.ok('get', 'ingress', 'web', '-o', 'json'));
    expect(ing.spec).toEqual({
      ingressClassName: 'default',
      defaultBackend: { service: { name: 'defaultsvc', port: { name: 'http' } } },
      tls: [{ hosts: ['foo.com'], secretName: 'my-cert' }],
      rules: [
        {
          host: 'foo.com',
          http: {
            paths: [
              { path: '/bar', pathType: 'Prefix', backend: { service: { name: 'svc1', port: { number: 8080 } } } },
            ],
          },
        },
      ],
    });
  });

  it('kubectl autoscale makes an autoscaling/v1 HorizontalPodAutoscaler', async () => {
    await cluster.kubectl.ok('create', 'deployment', 'web', '--image=nginx');
    expect(await cluster.kubectl.ok('autoscale', 'deployment', 'web', '--min=2', '--max=5', '--cpu-percent=70')).toBe(
      'horizontalpodautoscaler.autoscaling/web autoscaled\n',
    );
    const path = '/apis/autoscaling/v1/namespaces/default/horizontalpodautoscalers/web';
    const hpa = JSON.parse(await cluster.kubectl.ok('get', '--raw', path));
    expect(hpa.spec).toEqual({
      scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
      minReplicas: 2,
      maxReplicas: 5,
      targetCPUUtilizationPercentage: 70,
    });
    // The same object through autoscaling/v2 (what `kubectl get hpa` reads): the CPU target as a metric.
    const v2 = JSON.parse(await cluster.kubectl.ok('get', 'hpa', 'web', '-o', 'json'));
    expect(v2.spec.metrics).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
    ]);
  });
});
