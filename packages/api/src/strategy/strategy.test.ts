import { describe, expect, it } from 'vitest';
import { deepFreeze } from '@wheelhouse/machinery';
import type { Deployment } from '../schema/apps-v1.js';
import type { Job } from '../schema/batch-v1.js';
import type { Namespace, Secret } from '../schema/core-v1-config.js';
import type { Pod } from '../schema/core-v1-pod.js';
import type { Service } from '../schema/core-v1-service.js';
import { PLAIN_STRATEGY, strategyFor } from './kinds.js';
import type { KubeObject } from './strategy.js';
import { podQOSClass } from './qos.js';

const deployments = strategyFor('apps', 'deployments');

const stored = (): Deployment => ({
  metadata: {
    name: 'web',
    uid: 'u1',
    generation: 3,
    creationTimestamp: '2024-01-01T00:00:00Z',
    labels: { app: 'web' },
    annotations: { a: '1' },
  },
  spec: { replicas: 2 },
  status: { replicas: 2, observedGeneration: 3 },
});

describe('create', () => {
  it('clears the status of a deployment and sets generation 1', () => {
    const d = deployments.prepareForCreate({
      metadata: { name: 'web', generation: 7, deletionTimestamp: 'x' },
      spec: { replicas: 1 },
      status: { replicas: 9 },
    } as Deployment);
    expect(d.status).toEqual({});
    expect(d.metadata).toEqual({ name: 'web', generation: 1 });
  });

  it('starts pods Pending with their QoS class, gating scheduling when gates exist', () => {
    const pod = strategyFor('', 'pods').prepareForCreate({
      spec: {
        containers: [
          { name: 'a', resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1000m', memory: '1Gi' } } },
        ],
        schedulingGates: [{ name: 'g' }],
      },
      status: { phase: 'Running' },
    } as Pod);
    expect(pod.status).toEqual({
      phase: 'Pending',
      qosClass: 'Guaranteed',
      conditions: [
        {
          type: 'PodScheduled',
          status: 'False',
          reason: 'SchedulingGated',
          message: 'Scheduling is blocked due to non-empty scheduling gates',
        },
      ],
    });
  });

  it("starts workloads with Kubernetes' zero statuses", () => {
    expect(strategyFor('apps', 'daemonsets').prepareForCreate<KubeObject>({}).status).toEqual({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    });
    expect(strategyFor('policy', 'poddisruptionbudgets').prepareForCreate<KubeObject>({}).status).toEqual({
      disruptionsAllowed: 0,
      currentHealthy: 0,
      desiredHealthy: 0,
      expectedPods: 0,
    });
    expect(strategyFor('apps', 'replicasets').prepareForCreate<KubeObject>({}).status).toEqual({ replicas: 0 });
  });

  it('keeps the status a kubelet registers a node with', () => {
    const node = strategyFor('', 'nodes').prepareForCreate({
      metadata: { name: 'n' },
      status: { capacity: { cpu: '4' } },
    });
    expect(node.status).toEqual({ capacity: { cpu: '4' } });
  });

  it('activates namespaces with the kubernetes finalizer', () => {
    const ns = strategyFor('', 'namespaces').prepareForCreate({
      metadata: { name: 'dev' },
      spec: { finalizers: ['example.com/x'] },
    } as Namespace);
    expect(ns.spec).toEqual({ finalizers: ['example.com/x', 'kubernetes'] });
    expect(ns.status).toEqual({ phase: 'Active' });
  });

  it('generates a job selector from its uid', () => {
    const job = strategyFor('batch', 'jobs').prepareForCreate({
      metadata: { name: 'pi', uid: 'abc' },
      spec: { template: { metadata: { labels: { app: 'pi' } } } },
    } as Job);
    expect(job.spec?.selector).toEqual({ matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } });
    expect(job.spec?.template?.metadata?.labels).toEqual({
      app: 'pi',
      'job-name': 'pi',
      'batch.kubernetes.io/job-name': 'pi',
      'controller-uid': 'abc',
      'batch.kubernetes.io/controller-uid': 'abc',
    });
  });

  it('fills clusterIPs from clusterIP and gives services an empty load balancer status', () => {
    const svc = strategyFor('', 'services').prepareForCreate({ spec: { clusterIP: 'None' } } as Service);
    expect(svc.spec?.clusterIPs).toEqual(['None']);
    expect(svc.status).toEqual({ loadBalancer: {} });
  });

  it('merges secret stringData into data', () => {
    const s = strategyFor('', 'secrets').prepareForCreate({
      stringData: { user: 'admin' },
      data: { x: 'eQ==' },
    } as Secret);
    expect(s).toEqual({ metadata: {}, data: { x: 'eQ==', user: 'YWRtaW4=' } });
  });
});

describe('update', () => {
  it('keeps the old status and system metadata on a main update', () => {
    const next = {
      ...stored(),
      metadata: { name: 'web', labels: { app: 'web' }, annotations: { a: '1' }, generation: 99 },
      status: { replicas: 0 },
    };
    const out = deployments.prepareForUpdate<Deployment>(next, stored());
    expect(out.status).toEqual(stored().status);
    expect(out.metadata).toMatchObject({ uid: 'u1', creationTimestamp: '2024-01-01T00:00:00Z', generation: 3 });
  });

  it('bumps generation on spec changes (and on annotation changes for deployments)', () => {
    expect(
      deployments.prepareForUpdate<Deployment>({ ...stored(), spec: { replicas: 5 } }, stored()).metadata?.generation,
    ).toBe(4);
    expect(
      deployments.prepareForUpdate<Deployment>(
        { ...stored(), metadata: { ...stored().metadata, annotations: { a: '2' } } },
        stored(),
      ).metadata?.generation,
    ).toBe(4);
    const rs = strategyFor('apps', 'replicasets');
    expect(
      rs.prepareForUpdate<Deployment>(
        { ...stored(), metadata: { ...stored().metadata, annotations: { a: '2' } } },
        stored(),
      ).metadata?.generation,
    ).toBe(3);
  });

  it('keeps the old spec (and labels, for deployments) on a status update', () => {
    const next = {
      ...stored(),
      metadata: { ...stored().metadata, labels: { hacked: 'yes' }, annotations: { b: '2' } },
      spec: { replicas: 100 },
      status: { replicas: 5 },
    };
    const out = deployments.prepareForStatusUpdate<Deployment>(next, stored());
    expect(out.spec).toEqual({ replicas: 2 });
    expect(out.status).toEqual({ replicas: 5 });
    expect(out.metadata?.labels).toEqual({ app: 'web' });
    expect(out.metadata?.annotations).toEqual({ b: '2' });
    expect(out.metadata?.generation).toBe(3);
  });

  it('keeps pod owner references on status updates', () => {
    const old: Pod = { metadata: { name: 'p', ownerReferences: [{ uid: 'rs' }] }, spec: { nodeName: 'a' } };
    const out = strategyFor('', 'pods').prepareForStatusUpdate(
      { ...old, metadata: { name: 'p' }, status: { phase: 'Running' } },
      old,
    );
    expect(out.metadata?.ownerReferences).toEqual([{ uid: 'rs' }]);
    expect(out.status).toEqual({ phase: 'Running' });
  });

  it('keeps namespace finalizers and service allocations', () => {
    const ns = strategyFor('', 'namespaces').prepareForUpdate(
      { spec: { finalizers: [] } } as Namespace,
      { spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } } as Namespace,
    );
    expect(ns).toMatchObject({ spec: { finalizers: ['kubernetes'] }, status: { phase: 'Active' } });
    const old: Service = {
      spec: {
        type: 'NodePort',
        clusterIP: '10.0.0.1',
        clusterIPs: ['10.0.0.1'],
        ports: [{ name: 'http', port: 80, nodePort: 30080 }],
      },
    };
    const svc = strategyFor('', 'services').prepareForUpdate(
      { spec: { type: 'NodePort', ports: [{ name: 'http', port: 81 }] } } as Service,
      old,
    );
    expect(svc.spec).toMatchObject({
      clusterIP: '10.0.0.1',
      clusterIPs: ['10.0.0.1'],
      ports: [{ name: 'http', port: 81, nodePort: 30080 }],
    });
  });

  it("drops what a Service's new type does not use, unless the client changed it too", () => {
    const lb: Service = {
      spec: {
        type: 'LoadBalancer',
        clusterIP: '10.0.0.2',
        clusterIPs: ['10.0.0.2'],
        ports: [{ name: 'http', port: 80, nodePort: 30080 }],
        externalTrafficPolicy: 'Local',
        healthCheckNodePort: 30999,
        allocateLoadBalancerNodePorts: true,
      },
    };
    const services = strategyFor('', 'services');
    const toClusterIP = services.prepareForUpdate(
      { spec: { ...structuredClone(lb.spec), type: 'ClusterIP' } } as Service,
      lb,
    );
    expect(toClusterIP.spec).toEqual({
      type: 'ClusterIP',
      clusterIP: '10.0.0.2',
      clusterIPs: ['10.0.0.2'],
      ports: [{ name: 'http', port: 80 }],
    });
    const toExternalName = services.prepareForUpdate(
      { spec: { ...structuredClone(lb.spec), type: 'ExternalName', externalName: 'example.com' } } as Service,
      lb,
    );
    expect(toExternalName.spec?.clusterIP).toBeUndefined();
    // A node port the client changed as it left NodePort stays, for validation to refuse.
    const changed = services.prepareForUpdate(
      { spec: { type: 'ClusterIP', ports: [{ name: 'http', port: 80, nodePort: 30081 }] } } as Service,
      lb,
    );
    expect(changed.spec?.ports).toEqual([{ name: 'http', port: 80, nodePort: 30081 }]);
  });

  it('changes next in place, never the stored object, and shares none of its parts', () => {
    // Frozen as the watch cache's objects are: a write to it would throw.
    const old = deepFreeze(stored()) as Deployment;
    const next = { ...stored(), spec: { replicas: 9 } };
    const out = deployments.prepareForUpdate<Deployment>(next, old);
    expect(out).toBe(next);
    expect(out.spec).toEqual({ replicas: 9 });
    expect(out.status).toEqual(old.status);
    expect(out.status).not.toBe(old.status);
    const status = deployments.prepareForStatusUpdate<Deployment>({ ...stored(), spec: { replicas: 1 } }, old);
    expect(status.spec).toEqual(old.spec);
    expect(status.spec).not.toBe(old.spec);
    expect(status.metadata?.labels).toEqual({ app: 'web' });
    expect(status.metadata?.labels).not.toBe(old.metadata?.labels);
    // A status write that sends the spec back unchanged keeps its own copy.
    const echoed = stored();
    expect(deployments.prepareForStatusUpdate<Deployment>(echoed, old).spec).toBe(echoed.spec);
  });

  it('describes reset fields and plain kinds', () => {
    expect(deployments.resetFields).toEqual(['status']);
    expect(deployments.statusResetFields).toEqual(['spec', 'metadata.labels']);
    expect(PLAIN_STRATEGY.hasStatusSubresource).toBe(false);
    expect(PLAIN_STRATEGY.prepareForUpdate({ data: { a: 1 } }, { data: {} })).toEqual({ data: { a: 1 }, metadata: {} });
  });
});

describe('podQOSClass', () => {
  const pod = (resources: object[]): Pod => ({
    spec: { containers: resources.map((r, i) => ({ name: `c${i}`, resources: r })) },
  });
  it('classifies BestEffort, Burstable and Guaranteed', () => {
    expect(podQOSClass(pod([{}]))).toBe('BestEffort');
    expect(podQOSClass(pod([{ requests: { cpu: '100m' } }]))).toBe('Burstable');
    expect(
      podQOSClass(pod([{ limits: { cpu: '0.5', memory: '128Mi' }, requests: { cpu: '500m', memory: '134217728' } }])),
    ).toBe('Guaranteed');
    expect(
      podQOSClass(
        pod([
          { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '1', memory: '1Gi' } },
          { requests: { memory: '1Mi' } },
        ]),
      ),
    ).toBe('Burstable');
  });
});
