import { describe, expect, it } from 'vitest';
import type { Deployment } from '../schema/apps-v1.js';
import type { Pod } from '../schema/core-v1-pod.js';
import { admitPod } from './admission.js';
import {
  defaultDaemonSet,
  defaultDeployment,
  defaultEndpoints,
  defaultJob,
  defaultNamespace,
  defaultNode,
  defaultPod,
  defaultPriorityClass,
  defaultReplicaSet,
  defaultSecret,
  defaultService,
  defaultStatefulSet,
} from './kinds.js';
import { defaultPullPolicy, imageTag } from './pod.js';

const kubernetesContainer = (image: string, pullPolicy: string) => ({
  name: 'web',
  image,
  imagePullPolicy: pullPolicy,
  resources: {},
  terminationMessagePath: '/dev/termination-log',
  terminationMessagePolicy: 'File',
});

const templateSpecDefaults = {
  dnsPolicy: 'ClusterFirst',
  restartPolicy: 'Always',
  schedulerName: 'default-scheduler',
  securityContext: {},
  terminationGracePeriodSeconds: 30,
};

describe('defaultPod', () => {
  it('produces what Kubernetes stores for `kubectl run web --image=nginx` (with admission)', () => {
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'default' },
      spec: { containers: [{ name: 'web', image: 'nginx' }] },
    };
    const admitted = admitPod(defaultPod(pod), { random: () => 0.5 });
    expect(admitted.ok).toBe(true);
    if (!admitted.ok) return;
    const volume = 'kube-api-access-rrrrr';
    expect(admitted.pod.spec).toEqual({
      containers: [
        {
          ...kubernetesContainer('nginx', 'Always'),
          volumeMounts: [{ mountPath: '/var/run/secrets/kubernetes.io/serviceaccount', name: volume, readOnly: true }],
        },
      ],
      volumes: [
        {
          name: volume,
          projected: {
            defaultMode: 420,
            sources: [
              { serviceAccountToken: { expirationSeconds: 3607, path: 'token' } },
              { configMap: { items: [{ key: 'ca.crt', path: 'ca.crt' }], name: 'kube-root-ca.crt' } },
              {
                downwardAPI: {
                  items: [{ fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.namespace' }, path: 'namespace' }],
                },
              },
            ],
          },
        },
      ],
      ...templateSpecDefaults,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
      priority: 0,
      serviceAccount: 'default',
      serviceAccountName: 'default',
      tolerations: [
        { effect: 'NoExecute', key: 'node.kubernetes.io/not-ready', operator: 'Exists', tolerationSeconds: 300 },
        { effect: 'NoExecute', key: 'node.kubernetes.io/unreachable', operator: 'Exists', tolerationSeconds: 300 },
      ],
    });
  });

  it('does not mutate its argument', () => {
    const pod: Pod = { spec: { containers: [{ name: 'a', image: 'x' }] } };
    defaultPod(pod);
    expect(pod).toEqual({ spec: { containers: [{ name: 'a', image: 'x' }] } });
  });

  it('defaults ports, probes, env field refs, volumes and requests from limits', () => {
    const pod = defaultPod({
      spec: {
        hostNetwork: true,
        containers: [
          {
            name: 'a',
            image: 'x:1.0',
            ports: [{ containerPort: 8080 }],
            livenessProbe: { httpGet: { port: 8080 } },
            env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
            resources: { limits: { cpu: '1' } },
          },
        ],
        volumes: [{ name: 'v' }, { name: 's', secret: { secretName: 's' } }, { name: 'h', hostPath: { path: '/tmp' } }],
      },
    });
    const c = pod.spec?.containers?.[0];
    expect(c?.ports).toEqual([{ containerPort: 8080, hostPort: 8080, protocol: 'TCP' }]);
    expect(c?.livenessProbe).toEqual({
      httpGet: { port: 8080, path: '/', scheme: 'HTTP' },
      timeoutSeconds: 1,
      periodSeconds: 10,
      successThreshold: 1,
      failureThreshold: 3,
    });
    expect(c?.env?.[0]?.valueFrom?.fieldRef?.apiVersion).toBe('v1');
    expect(c?.resources).toEqual({ limits: { cpu: '1' }, requests: { cpu: '1' } });
    expect(pod.spec?.volumes).toEqual([
      { name: 'v', emptyDir: {} },
      { name: 's', secret: { secretName: 's', defaultMode: 420 } },
      { name: 'h', hostPath: { path: '/tmp', type: '' } },
    ]);
  });
});

describe('imagePullPolicy', () => {
  it.each([
    ['nginx', 'latest', 'Always'],
    ['nginx:latest', 'latest', 'Always'],
    ['nginx:1.25', '1.25', 'IfNotPresent'],
    ['localhost:5000/app', 'latest', 'Always'],
    ['localhost:5000/app:v2', 'v2', 'IfNotPresent'],
    ['nginx@sha256:abc', '', 'IfNotPresent'],
  ])('%s has tag %j and policy %s', (image, tag, policy) => {
    expect(imageTag(image)).toBe(tag);
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

describe('workload defaults', () => {
  it('produces what Kubernetes stores for `kubectl create deployment web --image=nginx:1.25`', () => {
    const d: Deployment = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', labels: { app: 'web' } },
      spec: {
        replicas: 1,
        selector: { matchLabels: { app: 'web' } },
        strategy: {},
        template: {
          metadata: { labels: { app: 'web' } },
          spec: { containers: [{ name: 'web', image: 'nginx:1.25', resources: {} }] },
        },
      },
      status: {},
    };
    expect(defaultDeployment(d).spec).toEqual({
      progressDeadlineSeconds: 600,
      replicas: 1,
      revisionHistoryLimit: 10,
      selector: { matchLabels: { app: 'web' } },
      strategy: { rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' }, type: 'RollingUpdate' },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [kubernetesContainer('nginx:1.25', 'IfNotPresent')], ...templateSpecDefaults },
      },
    });
  });

  it('leaves Recreate deployments without rollingUpdate and keeps explicit values', () => {
    const spec = defaultDeployment({ spec: { replicas: 0, strategy: { type: 'Recreate' } } }).spec;
    expect(spec?.strategy).toEqual({ type: 'Recreate' });
    expect(spec?.replicas).toBe(0);
  });

  it('defaults replicasets, statefulsets and daemonsets', () => {
    expect(defaultReplicaSet({ spec: {} }).spec?.replicas).toBe(1);
    const sts = defaultStatefulSet({ spec: { volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: {} }] } }).spec;
    expect(sts).toMatchObject({
      replicas: 1,
      podManagementPolicy: 'OrderedReady',
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } },
      revisionHistoryLimit: 10,
      persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' },
      volumeClaimTemplates: [
        { metadata: { name: 'data' }, spec: { volumeMode: 'Filesystem' }, status: { phase: 'Pending' } },
      ],
    });
    expect(defaultDaemonSet({ spec: {} }).spec).toMatchObject({
      updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } },
      revisionHistoryLimit: 10,
    });
  });

  it('defaults jobs and copies template labels to the job', () => {
    const job = defaultJob({
      metadata: { name: 'pi' },
      spec: { template: { metadata: { labels: { app: 'pi' } }, spec: { restartPolicy: 'Never' } } },
    });
    expect(job.metadata?.labels).toEqual({ app: 'pi' });
    expect(job.spec).toMatchObject({
      parallelism: 1,
      completions: 1,
      backoffLimit: 6,
      completionMode: 'NonIndexed',
      suspend: false,
      podReplacementPolicy: 'TerminatingOrFailed',
    });
    expect(defaultJob({ spec: { parallelism: 3 } }).spec?.completions).toBeUndefined();
  });
});

describe('other kinds', () => {
  it('defaults a ClusterIP service', () => {
    expect(defaultService({ spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } }).spec).toEqual({
      selector: { app: 'web' },
      ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }],
      type: 'ClusterIP',
      sessionAffinity: 'None',
      internalTrafficPolicy: 'Cluster',
      ipFamilyPolicy: 'SingleStack',
      ipFamilies: ['IPv4'],
    });
  });

  it('defaults NodePort, LoadBalancer and ExternalName services', () => {
    expect(
      defaultService({ spec: { type: 'NodePort', ports: [{ port: 80, targetPort: 'http' }] } }).spec,
    ).toMatchObject({ externalTrafficPolicy: 'Cluster', ports: [{ targetPort: 'http' }] });
    expect(defaultService({ spec: { type: 'LoadBalancer' } }).spec?.allocateLoadBalancerNodePorts).toBe(true);
    const en = defaultService({ spec: { type: 'ExternalName', externalName: 'example.com' } }).spec;
    expect(en?.ipFamilies).toBeUndefined();
    expect(en?.internalTrafficPolicy).toBeUndefined();
  });

  it('defaults namespaces, nodes, secrets, endpoints and priority classes', () => {
    expect(defaultNamespace({ metadata: { name: 'dev' } })).toEqual({
      metadata: { name: 'dev', labels: { 'kubernetes.io/metadata.name': 'dev' } },
      status: { phase: 'Active' },
    });
    expect(defaultNode({ status: { capacity: { cpu: '4' } } }).status?.allocatable).toEqual({ cpu: '4' });
    expect(defaultSecret({}).type).toBe('Opaque');
    expect(defaultEndpoints({ subsets: [{ ports: [{ port: 80 }] }] }).subsets?.[0]?.ports?.[0]?.protocol).toBe('TCP');
    expect(defaultPriorityClass({ value: 5 }).preemptionPolicy).toBe('PreemptLowerPriority');
  });
});
