import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isMachineryError } from '@wheelhouse/machinery';
import { decodeProtobufObject } from './decode.js';
import { envelope, pb } from './wire.test-support.js';

const FIXTURES = new URL('./fixtures/', import.meta.url);
const names = readdirSync(FIXTURES)
  .filter((f) => f.endsWith('.pb'))
  .map((f) => f.slice(0, -3));

function fixture(name: string): { body: Buffer; oracle: unknown } {
  return {
    body: readFileSync(new URL(`${name}.pb`, FIXTURES)),
    oracle: JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8')),
  };
}

describe('protobuf bodies kubectl sends (captured by scripts/capture-protobuf-fixtures.ts)', () => {
  it('has fixtures', () => expect(names.length).toBeGreaterThan(10));

  it.each(names)('%s decodes to what kubectl --dry-run=client -o json prints, key order included', (name) => {
    const { body, oracle } = fixture(name);
    expect(JSON.stringify(decodeProtobufObject(body))).toBe(JSON.stringify(oracle));
  });

  it('keeps a pointer field set to zero (replicas: 0) and drops omitempty zero scalars', () => {
    const d = decodeProtobufObject(fixture('deployment').body) as {
      spec: Record<string, unknown>;
      metadata: Record<string, unknown>;
    };
    expect(d.spec.replicas).toBe(0);
    expect(d.spec).not.toHaveProperty('minReadySeconds');
    expect(d.metadata).not.toHaveProperty('namespace');
  });

  it('writes binaryData bytes as base64 and keeps empty strings in string maps', () => {
    const cm = decodeProtobufObject(fixture('configmap').body) as { data: object; binaryData: object };
    expect(cm.binaryData).toEqual({ bin: Buffer.from([0, 1, 2, 0xff, 0xfe]).toString('base64') });
    expect(cm.data).toEqual({ a: 'b', empty: '' });
  });
});

describe('other protobuf bodies kubectl sends (no dry-run oracle; expected by hand from the Go types)', () => {
  it('drain --disable-eviction: DeleteOptions with gracePeriodSeconds 0', () => {
    const body = readFileSync(new URL('drain-deleteoptions.bin', FIXTURES));
    expect(decodeProtobufObject(body)).toEqual({ kind: 'DeleteOptions', apiVersion: 'v1', gracePeriodSeconds: 0 });
  });

  it('debug node/N: a pod with a hostPath volume, host namespaces and a toleration', () => {
    const pod = decodeProtobufObject(readFileSync(new URL('debug-node-pod.bin', FIXTURES))) as {
      spec: Record<string, unknown>;
    };
    expect(pod.spec).toEqual({
      volumes: [{ name: 'host-root', hostPath: { path: '/' } }],
      containers: [
        {
          name: 'debugger',
          image: 'busybox',
          resources: {},
          volumeMounts: [{ name: 'host-root', mountPath: '/host' }],
          terminationMessagePolicy: 'File',
        },
      ],
      restartPolicy: 'Never',
      nodeName: 'n1',
      hostNetwork: true,
      hostPID: true,
      hostIPC: true,
      tolerations: [{ operator: 'Exists' }],
    });
  });
});

const meta = (name: string) => pb([1, name]);

/** Expects `raw` (an object named `name`) to decode to `fields` after kind, apiVersion and metadata, key order included. */
function expectDecoded(apiVersion: string, kind: string, name: string, raw: Uint8Array, fields: object): void {
  expect(JSON.stringify(decodeProtobufObject(envelope(apiVersion, kind, raw)))).toBe(
    JSON.stringify({ kind, apiVersion, metadata: { name, creationTimestamp: null }, ...fields }),
  );
}

describe('discovery.k8s.io/v1 EndpointSlice (as client-go sends it)', () => {
  it('keeps false conditions and writes the fields Go always writes', () => {
    const endpoint = pb([1, '10.0.0.1'], [2, pb([1, 1], [2, 0])], [6, 'n1']);
    const port = pb([1, 'http'], [2, 'TCP'], [3, 80]);
    const raw = pb([1, meta('web-abcde')], [2, endpoint], [3, port], [4, 'IPv4']);
    expectDecoded('discovery.k8s.io/v1', 'EndpointSlice', 'web-abcde', raw, {
      addressType: 'IPv4',
      endpoints: [{ addresses: ['10.0.0.1'], conditions: { ready: true, serving: false }, nodeName: 'n1' }],
      ports: [{ name: 'http', protocol: 'TCP', port: 80 }],
    });
  });
});

describe('node.k8s.io/v1 RuntimeClass', () => {
  it('decodes handler, overhead.podFixed and scheduling (k8s.io/api node/v1 field numbers)', () => {
    const podFixed = pb([1, pb([1, 'cpu'], [2, pb([1, '250m'])])]);
    const toleration = pb([1, 'sandbox'], [2, 'Exists'], [4, 'NoSchedule']);
    const scheduling = pb([1, pb([1, 'runtime'], [2, 'gvisor'])], [2, toleration]);
    const raw = pb([1, meta('gvisor')], [2, 'runsc'], [3, podFixed], [4, scheduling]);
    expectDecoded('node.k8s.io/v1', 'RuntimeClass', 'gvisor', raw, {
      handler: 'runsc',
      overhead: { podFixed: { cpu: '250m' } },
      scheduling: {
        nodeSelector: { runtime: 'gvisor' },
        tolerations: [{ key: 'sandbox', operator: 'Exists', effect: 'NoSchedule' }],
      },
    });
  });
});

describe('special types', () => {
  it('Time and MicroTime become RFC 3339 strings; an empty Time is null', () => {
    const spec = pb([1, 'me'], [2, 15], [3, pb([1, 1_700_000_000], [2, 123_456_789])], [4, pb()], [5, 0]);
    const lease = decodeProtobufObject(envelope('coordination.k8s.io/v1', 'Lease', pb([1, meta('l')], [2, spec]))) as {
      spec: object;
    };
    expect(lease.spec).toEqual({
      holderIdentity: 'me',
      leaseDurationSeconds: 15,
      acquireTime: '2023-11-14T22:13:20.123456Z',
      renewTime: null,
      leaseTransitions: 0,
    });
    const pod = decodeProtobufObject(
      envelope('v1', 'Pod', pb([1, pb([1, 'p'], [8, pb()], [9, pb([1, 0], [2, 5])])])),
    ) as { metadata: object };
    expect(pod.metadata).toEqual({ name: 'p', creationTimestamp: null, deletionTimestamp: '1970-01-01T00:00:00Z' });
  });

  it('Quantity maps, IntOrString ints and strings, and int64 fields', () => {
    const resources = pb([1, pb([1, 'cpu'], [2, pb([1, '500m'])])], [2, pb([1, 'memory'], [2, pb([1, '64Mi'])])]);
    const probe = pb([1, pb([2, pb([1, '/healthz'], [2, pb([1, 1], [3, 'http'])])])], [7, 0]);
    const port = pb([1, 'svc'], [3, 80], [4, pb([1, 0], [2, 8080])]);
    const container = pb([1, 'c'], [8, resources], [10, probe]);
    const pod = decodeProtobufObject(envelope('v1', 'Pod', pb([2, pb([2, container], [4, 30n])]))) as {
      spec: { containers: object[]; terminationGracePeriodSeconds: number };
    };
    expect(pod.spec.containers[0]).toEqual({
      name: 'c',
      resources: { limits: { cpu: '500m' }, requests: { memory: '64Mi' } },
      livenessProbe: { httpGet: { path: '/healthz', port: 'http' }, terminationGracePeriodSeconds: 0 },
    });
    expect(pod.spec.terminationGracePeriodSeconds).toBe(30);
    const svc = decodeProtobufObject(envelope('v1', 'Service', pb([2, pb([1, port])]))) as { spec: object };
    expect(svc.spec).toEqual({ ports: [{ name: 'svc', port: 80, targetPort: 8080 }] });
  });

  it('RawExtension and FieldsV1 carry embedded JSON', () => {
    const managed = pb([1, 'kubectl'], [2, 'Update'], [6, 'FieldsV1'], [7, pb([1, '{"f:data":{}}'])]);
    const raw = pb([1, pb([1, 'rev'], [17, managed])], [2, pb([1, '{"spec":{"x":1}}'])], [3, 2]);
    expect(decodeProtobufObject(envelope('apps/v1', 'ControllerRevision', raw))).toEqual({
      kind: 'ControllerRevision',
      apiVersion: 'apps/v1',
      metadata: {
        name: 'rev',
        creationTimestamp: null,
        managedFields: [
          { manager: 'kubectl', operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:data': {} } },
        ],
      },
      data: { spec: { x: 1 } },
      revision: 2,
    });
  });

  it('DeleteOptions keeps gracePeriodSeconds: 0; Eviction and Scale decode', () => {
    const opts = pb([1, 0], [4, 'Foreground'], [5, 'All'], [2, pb([1, 'uid-1'])]);
    expect(decodeProtobufObject(envelope('meta.k8s.io/v1', 'DeleteOptions', opts))).toEqual({
      kind: 'DeleteOptions',
      apiVersion: 'meta.k8s.io/v1',
      gracePeriodSeconds: 0,
      preconditions: { uid: 'uid-1' },
      propagationPolicy: 'Foreground',
      dryRun: ['All'],
    });
    const ev = decodeProtobufObject(
      envelope('policy/v1', 'Eviction', pb([1, pb([1, 'p'], [3, 'ns'])], [2, pb([1, 0])])),
    );
    expect(ev).toEqual({
      kind: 'Eviction',
      apiVersion: 'policy/v1',
      metadata: { name: 'p', namespace: 'ns', creationTimestamp: null },
      deleteOptions: { gracePeriodSeconds: 0 },
    });
    const scale = decodeProtobufObject(
      envelope('autoscaling/v1', 'Scale', pb([1, meta('web')], [2, pb([1, 0])], [3, pb([1, 0])])),
    );
    expect(scale).toEqual({
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', creationTimestamp: null },
      spec: {},
      status: { replicas: 0 },
    });
  });

  it('writes absent struct values as their zero value and absent non-omitempty pointers as null (Go encoding/json)', () => {
    const sts = decodeProtobufObject(envelope('apps/v1', 'StatefulSet', pb([2, pb([5, 'svc'])]))) as {
      spec: Record<string, unknown>;
    };
    expect(sts.spec.selector).toBeNull();
    expect(sts.spec.serviceName).toBe('svc');
    expect(sts.spec.template).toEqual({ metadata: { creationTimestamp: null }, spec: { containers: null } });
  });
});

function decodeError(body: Uint8Array): string {
  try {
    decodeProtobufObject(body);
  } catch (err) {
    if (isMachineryError(err)) return `${err.status} ${err.message}`;
    throw err;
  }
  throw new Error('decoded');
}

describe('errors worded as kube-apiserver words them', () => {
  it('rejects a body without the k8s magic', () => {
    expect(decodeError(Buffer.from('{"kind":"Pod"}'))).toBe(
      '400 provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]',
    );
  });

  it('rejects kinds that are not served', () => {
    expect(decodeError(envelope('v1', 'Widget', pb()))).toBe(
      '400 no kind "Widget" is registered for version "v1" in scheme "pkg/api/legacyscheme/scheme.go:30"',
    );
    expect(decodeError(envelope('networking.k8s.io/v1', 'Gateway', pb()))).toMatch(
      /no kind "Gateway" is registered for version "networking.k8s.io\/v1"/,
    );
  });

  it('rejects an envelope without a kind', () => {
    expect(decodeError(envelope('v1', '', pb()))).toBe(
      `400 Object 'Kind' is missing in 'runtime.TypeMeta{APIVersion:"v1", Kind:""}'`,
    );
  });

  it('rejects a truncated message', () => {
    const body = envelope('apps/v1', 'Deployment', pb([1, pb([1, 'web'])]).subarray(0, 4));
    expect(decodeError(body)).toBe('400 Deployment in version "v1" cannot be handled as a Deployment: unexpected EOF');
  });
});

describe('ReplicationController', () => {
  it('decodes spec (replicas 0 kept, label-map selector, template) and status', () => {
    const labels = pb([1, 'app'], [2, 'web']);
    const template = pb([1, pb([11, labels])], [2, pb([2, pb([1, 'c'], [2, 'nginx'])])]);
    const spec = pb([1, 0], [2, labels], [3, template]);
    const condition = pb([1, 'ReplicaFailure'], [2, 'True'], [4, 'FailedCreate']);
    const status = pb([1, 2], [4, 1], [3, 3n], [6, condition]);
    const rc = decodeProtobufObject(
      envelope('v1', 'ReplicationController', pb([1, meta('web')], [2, spec], [3, status])),
    );
    expect(rc).toEqual({
      kind: 'ReplicationController',
      apiVersion: 'v1',
      metadata: { name: 'web', creationTimestamp: null },
      spec: {
        replicas: 0,
        selector: { app: 'web' },
        template: {
          metadata: { labels: { app: 'web' }, creationTimestamp: null },
          spec: { containers: [{ name: 'c', image: 'nginx', resources: {} }] },
        },
      },
      status: {
        replicas: 2,
        readyReplicas: 1,
        observedGeneration: 3,
        // A zero metav1.Time is written as null, omitempty or not, as Go's encoding/json does.
        conditions: [{ type: 'ReplicaFailure', status: 'True', lastTransitionTime: null, reason: 'FailedCreate' }],
      },
    });
  });
});

describe('kinds kubectl create quota, create ingress and autoscale send (field numbers of k8s.io/api generated.proto)', () => {
  it('ResourceQuota: hard quantities and scopes; an absent status is written empty', () => {
    const hard = pb([1, 'pods'], [2, pb([1, '5'])]);
    const quota = decodeProtobufObject(
      envelope('v1', 'ResourceQuota', pb([1, meta('q')], [2, pb([1, hard], [2, 'BestEffort'])])),
    );
    expect(quota).toEqual({
      kind: 'ResourceQuota',
      apiVersion: 'v1',
      metadata: { name: 'q', creationTimestamp: null },
      spec: { hard: { pods: '5' }, scopes: ['BestEffort'] },
      status: {},
    });
  });

  it('Ingress: class, a rule with an inlined http value, pathType and a numbered service port', () => {
    const backend = pb([4, pb([1, 'svc'], [2, pb([2, 80])])]);
    const path = pb([1, '/'], [3, 'Prefix'], [2, backend]);
    const rule = pb([1, 'a.example.com'], [2, pb([1, pb([1, path])])]);
    const ingress = decodeProtobufObject(
      envelope('networking.k8s.io/v1', 'Ingress', pb([1, meta('web')], [2, pb([4, 'nginx'], [3, rule])])),
    );
    expect(ingress).toEqual({
      kind: 'Ingress',
      apiVersion: 'networking.k8s.io/v1',
      metadata: { name: 'web', creationTimestamp: null },
      spec: {
        ingressClassName: 'nginx',
        rules: [
          {
            host: 'a.example.com',
            http: {
              paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'svc', port: { number: 80 } } } }],
            },
          },
        ],
      },
      status: { loadBalancer: {} },
    });
  });

  it('autoscaling/v1 HorizontalPodAutoscaler: pointers kept at zero, replica counts always written', () => {
    const ref = pb([1, 'Deployment'], [2, 'web'], [3, 'apps/v1']);
    const hpa = decodeProtobufObject(
      envelope(
        'autoscaling/v1',
        'HorizontalPodAutoscaler',
        pb([1, meta('web')], [2, pb([1, ref], [2, 0], [3, 3], [4, 80])]),
      ),
    );
    expect(hpa).toEqual({
      kind: 'HorizontalPodAutoscaler',
      apiVersion: 'autoscaling/v1',
      metadata: { name: 'web', creationTimestamp: null },
      spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web', apiVersion: 'apps/v1' },
        minReplicas: 0,
        maxReplicas: 3,
        targetCPUUtilizationPercentage: 80,
      },
      status: { currentReplicas: 0, desiredReplicas: 0 },
    });
  });
});
