import { describe, expect, it } from 'vitest';
import { deepFreeze, type JsonObject } from './json.js';
import { defaultPatchStrategies, patchStrategyKinds, toStrategyLookup } from './patch-strategies.js';
import { strategicMergePatch } from './strategic-merge.js';

function apply(kind: string, live: JsonObject, patch: JsonObject): JsonObject {
  return strategicMergePatch(deepFreeze(live), deepFreeze(patch), defaultPatchStrategies(kind));
}

describe('default tables (k8s.io/api v1.32 struct tags)', () => {
  it('covers the kinds kubectl applies', () => {
    expect(patchStrategyKinds()).toEqual(
      expect.arrayContaining([
        'Pod',
        'Deployment',
        'ReplicaSet',
        'StatefulSet',
        'DaemonSet',
        'Job',
        'CronJob',
        'Service',
        'Node',
      ]),
    );
  });

  it('has the merge keys of the pod spec at every template depth', () => {
    const pod = defaultPatchStrategies('Pod');
    expect(pod['spec.containers']).toEqual({ strategy: 'merge', mergeKey: 'name' });
    expect(pod['spec.initContainers.env']).toEqual({ strategy: 'merge', mergeKey: 'name' });
    expect(pod['spec.containers.ports']).toEqual({ strategy: 'merge', mergeKey: 'containerPort' });
    expect(pod['spec.containers.volumeMounts']).toEqual({ strategy: 'merge', mergeKey: 'mountPath' });
    expect(pod['spec.volumes']).toEqual({ strategy: 'merge', mergeKey: 'name', retainKeys: true });
    expect(pod['spec.tolerations']).toEqual({ strategy: 'replace' });
    expect(pod['status.conditions']).toEqual({ strategy: 'merge', mergeKey: 'type' });
    expect(pod['metadata.ownerReferences']).toEqual({ strategy: 'merge', mergeKey: 'uid' });
    expect(pod['metadata.finalizers']).toEqual({ strategy: 'merge' });
    const deploy = defaultPatchStrategies('Deployment');
    expect(deploy['spec.template.spec.containers.env']).toEqual({ strategy: 'merge', mergeKey: 'name' });
    expect(deploy['spec.template.metadata.finalizers']).toEqual({ strategy: 'merge' });
    expect(deploy['spec.strategy']).toEqual({ strategy: 'retainKeys' });
    expect(defaultPatchStrategies('CronJob')['spec.jobTemplate.spec.template.spec.containers']).toEqual({
      strategy: 'merge',
      mergeKey: 'name',
    });
    expect(defaultPatchStrategies('Service')['spec.ports']).toEqual({ strategy: 'merge', mergeKey: 'port' });
    expect(defaultPatchStrategies('Node')['spec.taints']).toEqual({ strategy: 'replace' });
    expect(defaultPatchStrategies('Node')['status.addresses']).toEqual({ strategy: 'merge', mergeKey: 'type' });
  });

  it('merges admission match conditions and policy variables by name', () => {
    const byName = { strategy: 'merge', mergeKey: 'name' };
    expect(defaultPatchStrategies('ValidatingWebhookConfiguration')['webhooks.matchConditions']).toEqual(byName);
    expect(defaultPatchStrategies('MutatingWebhookConfiguration')['webhooks.matchConditions']).toEqual(byName);
    const policy = defaultPatchStrategies('ValidatingAdmissionPolicy');
    expect(policy['spec.matchConditions']).toEqual(byName);
    expect(policy['spec.variables']).toEqual(byName);
    expect(policy['spec.validations']).toBeUndefined();
  });

  it('gives other kinds the ObjectMeta entries only', () => {
    expect(defaultPatchStrategies('ConfigMap')).toEqual({
      'metadata.ownerReferences': { strategy: 'merge', mergeKey: 'uid' },
      'metadata.finalizers': { strategy: 'merge' },
    });
  });

  it('is frozen and shared', () => {
    const table = defaultPatchStrategies('Pod');
    expect(Object.isFrozen(table)).toBe(true);
    expect(Object.isFrozen(table['spec.containers'])).toBe(true);
    expect(defaultPatchStrategies('Pod')).toBe(table);
  });

  it('toStrategyLookup ignores inherited keys', () => {
    const lookup = toStrategyLookup(defaultPatchStrategies('Pod'));
    expect(lookup('constructor')).toBeUndefined();
    expect(lookup('spec.containers')?.mergeKey).toBe('name');
    const fn = (): undefined => undefined;
    expect(toStrategyLookup(fn)).toBe(fn);
  });
});

const LIVE_DEPLOYMENT: JsonObject = {
  metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a.io/x'] },
  spec: {
    replicas: 1,
    strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'web',
            image: 'nginx:1',
            ports: [{ containerPort: 80, protocol: 'TCP' }],
            env: [
              { name: 'A', value: '1' },
              { name: 'B', value: '2' },
            ],
            volumeMounts: [{ name: 'data', mountPath: '/data' }],
          },
          { name: 'sidecar', image: 'busybox' },
        ],
        volumes: [{ name: 'data', emptyDir: {} }],
        tolerations: [{ key: 'a', operator: 'Exists' }],
      },
    },
  },
};

describe('kubectl client-side apply patches', () => {
  it('updates a Deployment the way kubectl apply does', () => {
    const patch: JsonObject = {
      spec: {
        strategy: { $retainKeys: ['type'], type: 'Recreate', rollingUpdate: null },
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'sidecar' }],
            containers: [
              {
                name: 'web',
                image: 'nginx:2',
                '$setElementOrder/env': [{ name: 'A' }, { name: 'C' }],
                env: [
                  { name: 'C', value: '3' },
                  { name: 'B', $patch: 'delete' },
                ],
              },
            ],
            '$setElementOrder/volumes': [{ name: 'data' }],
            volumes: [{ name: 'data', $retainKeys: ['configMap', 'name'], configMap: { name: 'cm' }, emptyDir: null }],
            tolerations: [{ key: 'b', operator: 'Exists' }],
          },
        },
      },
    };
    expect(apply('Deployment', LIVE_DEPLOYMENT, patch)).toEqual({
      metadata: { name: 'web', labels: { app: 'web' }, finalizers: ['a.io/x'] },
      spec: {
        replicas: 1,
        strategy: { type: 'Recreate' },
        template: {
          metadata: { labels: { app: 'web' } },
          spec: {
            containers: [
              {
                name: 'web',
                image: 'nginx:2',
                ports: [{ containerPort: 80, protocol: 'TCP' }],
                env: [
                  { name: 'A', value: '1' },
                  { name: 'C', value: '3' },
                ],
                volumeMounts: [{ name: 'data', mountPath: '/data' }],
              },
              { name: 'sidecar', image: 'busybox' },
            ],
            volumes: [{ name: 'data', configMap: { name: 'cm' } }],
            tolerations: [{ key: 'b', operator: 'Exists' }],
          },
        },
      },
    });
  });

  it('adds a container in the order $setElementOrder gives', () => {
    const out = apply('Deployment', LIVE_DEPLOYMENT, {
      spec: {
        template: {
          spec: {
            '$setElementOrder/containers': [{ name: 'web' }, { name: 'logger' }, { name: 'sidecar' }],
            containers: [{ name: 'logger', image: 'fluentd' }],
          },
        },
      },
    });
    const names = ((out['spec'] as JsonObject)['template'] as JsonObject)['spec'] as JsonObject;
    expect((names['containers'] as JsonObject[]).map((c) => c['name'])).toEqual(['web', 'logger', 'sidecar']);
  });

  it('adds a container port by containerPort and keeps the others', () => {
    const out = apply(
      'Pod',
      { spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }, { containerPort: 81 }] }] } },
      {
        spec: { containers: [{ name: 'c', ports: [{ containerPort: 81, name: 'metrics' }] }] },
      },
    );
    expect(out).toEqual({
      spec: { containers: [{ name: 'c', ports: [{ containerPort: 80 }, { containerPort: 81, name: 'metrics' }] }] },
    });
  });

  it('merges Service ports by port', () => {
    const out = apply(
      'Service',
      { spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 443 }] } },
      {
        spec: { ports: [{ port: 80, targetPort: 9090 }] },
      },
    );
    expect(out).toEqual({ spec: { ports: [{ port: 80, targetPort: 9090 }, { port: 443 }] } });
  });
});

describe('other patches kubectl and controllers send', () => {
  it('cordons and uncordons a node', () => {
    const node = { metadata: { name: 'n1' }, spec: { podCIDR: '10.0.0.0/24' } };
    const cordoned = apply('Node', node, { spec: { unschedulable: true } });
    expect(cordoned).toEqual({ metadata: { name: 'n1' }, spec: { podCIDR: '10.0.0.0/24', unschedulable: true } });
    expect(apply('Node', cordoned, { spec: { unschedulable: null } })).toEqual(node);
  });

  it('replaces node taints whole', () => {
    const node = { spec: { taints: [{ key: 'a', effect: 'NoSchedule' }] } };
    expect(apply('Node', node, { spec: { taints: [{ key: 'b', effect: 'NoExecute' }] } })).toEqual({
      spec: { taints: [{ key: 'b', effect: 'NoExecute' }] },
    });
  });

  it('updates status conditions by type', () => {
    const pod = {
      status: {
        conditions: [
          { type: 'Ready', status: 'False' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    };
    expect(apply('Pod', pod, { status: { conditions: [{ type: 'Ready', status: 'True' }] } })).toEqual({
      status: {
        conditions: [
          { type: 'Ready', status: 'True' },
          { type: 'PodScheduled', status: 'True' },
        ],
      },
    });
  });

  it('merges finalizers as a set and deletes with $deleteFromPrimitiveList', () => {
    const obj = { metadata: { finalizers: ['a', 'b'] } };
    expect(apply('ConfigMap', obj, { metadata: { finalizers: ['b', 'c'] } })).toEqual({
      metadata: { finalizers: ['a', 'b', 'c'] },
    });
    expect(apply('ConfigMap', obj, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a'] } })).toEqual({
      metadata: { finalizers: ['b'] },
    });
  });

  it('merges ownerReferences by uid', () => {
    const obj = { metadata: { ownerReferences: [{ uid: 'u1', name: 'rs-1', controller: true }] } };
    expect(
      apply('Pod', obj, {
        metadata: {
          ownerReferences: [
            { uid: 'u1', controller: false },
            { uid: 'u2', name: 'other' },
          ],
        },
      }),
    ).toEqual({
      metadata: {
        ownerReferences: [
          { uid: 'u1', name: 'rs-1', controller: false },
          { uid: 'u2', name: 'other' },
        ],
      },
    });
  });

  it('merges labels and annotations as maps', () => {
    const obj = { metadata: { labels: { a: '1', b: '2' }, annotations: { x: 'y' } } };
    expect(apply('Pod', obj, { metadata: { labels: { b: null, c: '3' }, annotations: { x: 'z' } } })).toEqual({
      metadata: { labels: { a: '1', c: '3' }, annotations: { x: 'z' } },
    });
  });
});
