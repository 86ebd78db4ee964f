import { describe, expect, it } from 'vitest';
import type { Pod } from '../schema/core-v1-pod.js';
import { leasePrinter, podDisruptionBudgetPrinter, priorityClassPrinter } from './cluster.js';
import {
  configMapPrinter,
  endpointsPrinter,
  eventPrinter,
  namespacePrinter,
  nodePrinter,
  secretPrinter,
  serviceAccountPrinter,
  servicePrinter,
} from './core.js';
import { humanDuration } from './duration.js';
import { podPrinter } from './pod.js';
import { buildTable, defaultTablePrinter } from './table.js';
import {
  controllerRevisionPrinter,
  daemonSetPrinter,
  deploymentPrinter,
  jobPrinter,
  replicaSetPrinter,
  statefulSetPrinter,
} from './workloads.js';

const now = new Date('2024-05-01T12:00:00Z');
const created = (secondsAgo: number) =>
  new Date(now.getTime() - secondsAgo * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
const meta = (name: string, secondsAgo = 300) => ({
  name,
  namespace: 'default',
  creationTimestamp: created(secondsAgo),
});

describe('humanDuration', () => {
  it.each([
    [-3000, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [5_000, '5s'],
    [119_000, '119s'],
    [120_000, '2m'],
    [182_000, '3m2s'],
    [600_000, '10m'],
    [179 * 60_000, '179m'],
    [3 * 3_600_000, '3h'],
    [(5 * 60 + 7) * 60_000, '5h7m'],
    [20 * 3_600_000, '20h'],
    [51 * 3_600_000, '2d3h'],
    [48 * 3_600_000, '2d'],
    [30 * 86_400_000, '30d'],
    [(2 * 365 + 14) * 86_400_000, '2y14d'],
    [10 * 365 * 86_400_000, '10y'],
  ])('%d ms -> %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });
});

const runningPod = (): Pod => ({
  metadata: meta('web-1'),
  spec: { nodeName: 'node-1', containers: [{ name: 'a' }, { name: 'b' }] },
  status: {
    phase: 'Running',
    podIP: '10.0.0.7',
    podIPs: [{ ip: '10.0.0.7' }],
    conditions: [{ type: 'Ready', status: 'True' }],
    containerStatuses: [
      { name: 'a', ready: true, restartCount: 0, state: { running: { startedAt: created(200) } } },
      {
        name: 'b',
        ready: true,
        restartCount: 2,
        state: { running: {} },
        lastState: { terminated: { exitCode: 1, finishedAt: created(65) } },
      },
    ],
  },
});

describe('pods', () => {
  it('prints a running pod, restarts with the time since the last one', () => {
    expect(podPrinter.cells(runningPod(), now)).toEqual([
      'web-1',
      '2/2',
      'Running',
      '2 (65s ago)',
      '5m',
      '10.0.0.7',
      'node-1',
      '<none>',
      '<none>',
    ]);
  });

  it('prints a pending unscheduled pod', () => {
    const pod: Pod = { metadata: meta('p', 10), spec: { containers: [{ name: 'a' }] }, status: { phase: 'Pending' } };
    expect(podPrinter.cells(pod, now)).toEqual([
      'p',
      '0/1',
      'Pending',
      '0',
      '10s',
      '<none>',
      '<none>',
      '<none>',
      '<none>',
    ]);
  });

  it('shows the waiting reason of a container (ContainerCreating, CrashLoopBackOff)', () => {
    const pod: Pod = {
      metadata: meta('p'),
      spec: { containers: [{ name: 'a' }] },
      status: {
        phase: 'Pending',
        containerStatuses: [
          { name: 'a', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } },
        ],
      },
    };
    expect(podPrinter.cells(pod, now).slice(1, 3)).toEqual(['0/1', 'ContainerCreating']);
  });

  it('shows Completed for a succeeded pod and marks the row', () => {
    const pod: Pod = {
      metadata: meta('job-x'),
      spec: { containers: [{ name: 'a' }] },
      status: {
        phase: 'Succeeded',
        containerStatuses: [{ name: 'a', ready: false, state: { terminated: { exitCode: 0, reason: 'Completed' } } }],
      },
    };
    expect(podPrinter.cells(pod, now)[2]).toBe('Completed');
    expect(podPrinter.conditions?.(pod)).toEqual([
      { type: 'Completed', status: 'True', reason: 'Succeeded', message: 'The pod has completed successfully.' },
    ]);
  });

  it('shows ExitCode and Signal when a terminated container has no reason', () => {
    const pod: Pod = {
      metadata: meta('p'),
      spec: { containers: [{ name: 'a' }] },
      status: {
        phase: 'Failed',
        containerStatuses: [{ name: 'a', state: { terminated: { exitCode: 137, signal: 9 } } }],
      },
    };
    expect(podPrinter.cells(pod, now)[2]).toBe('Signal:9');
  });

  it('shows Terminating once deletion started, and Unknown for pods of lost nodes', () => {
    const pod = runningPod();
    pod.metadata!.deletionTimestamp = created(1);
    expect(podPrinter.cells(pod, now)[2]).toBe('Terminating');
    pod.status!.reason = 'NodeLost';
    expect(podPrinter.cells(pod, now)[2]).toBe('Unknown');
  });

  it('shows init container progress', () => {
    const pod: Pod = {
      metadata: meta('p'),
      spec: { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }] },
      status: {
        phase: 'Pending',
        initContainerStatuses: [
          { name: 'i1', state: { terminated: { exitCode: 0, reason: 'Completed' } } },
          { name: 'i2', state: { running: {} } },
        ],
        containerStatuses: [{ name: 'a', state: { waiting: { reason: 'PodInitializing' } } }],
      },
    };
    expect(podPrinter.cells(pod, now)[2]).toBe('Init:1/2');
    pod.status!.initContainerStatuses![1] = {
      name: 'i2',
      restartCount: 3,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
    };
    expect(podPrinter.cells(pod, now).slice(2, 4)).toEqual(['Init:CrashLoopBackOff', '3']);
  });

  it('counts readiness gates and shows the nominated node', () => {
    const pod = runningPod();
    pod.spec!.readinessGates = [{ conditionType: 'x/ready' }, { conditionType: 'y/ready' }];
    pod.status!.conditions!.push({ type: 'x/ready', status: 'True' });
    pod.status!.nominatedNodeName = 'node-2';
    expect(podPrinter.cells(pod, now).slice(7)).toEqual(['node-2', '1/2']);
  });

  it("has kubectl's columns with wide ones at priority 1", () => {
    expect(podPrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Ready', 0],
      ['Status', 0],
      ['Restarts', 0],
      ['Age', 0],
      ['IP', 1],
      ['Node', 1],
      ['Nominated Node', 1],
      ['Readiness Gates', 1],
    ]);
  });
});

describe('nodes', () => {
  const node = {
    metadata: {
      name: 'node-1',
      creationTimestamp: created(2 * 86400 + 3 * 3600),
      labels: { 'node-role.kubernetes.io/worker': '', 'node-role.kubernetes.io/control-plane': '' },
    },
    spec: { unschedulable: true },
    status: {
      conditions: [
        { type: 'MemoryPressure', status: 'False' },
        { type: 'Ready', status: 'True' },
      ],
      addresses: [
        { type: 'InternalIP', address: '192.168.1.10' },
        { type: 'Hostname', address: 'node-1' },
      ],
      nodeInfo: {
        kubeletVersion: 'v1.32.0',
        osImage: 'Wheelhouse',
        kernelVersion: '6.1',
        containerRuntimeVersion: 'sim://1.0',
      },
    },
  };

  it('prints status, sorted roles, age, version and wide columns', () => {
    expect(nodePrinter.cells(node, now)).toEqual([
      'node-1',
      'Ready,SchedulingDisabled',
      'control-plane,worker',
      '2d3h',
      'v1.32.0',
      '192.168.1.10',
      '<none>',
      'Wheelhouse',
      '6.1',
      'sim://1.0',
    ]);
  });

  it('prints NotReady, Unknown and <none> roles', () => {
    expect(
      nodePrinter
        .cells({ metadata: { name: 'n' }, status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }, now)
        .slice(1, 4),
    ).toEqual(['NotReady', '<none>', '<unknown>']);
    expect(nodePrinter.cells({ metadata: { name: 'n' } }, now).slice(1, 2)).toEqual(['Unknown']);
  });
});

describe('workloads', () => {
  it('prints deployments', () => {
    const d = {
      metadata: meta('web'),
      spec: {
        replicas: 3,
        selector: { matchLabels: { app: 'web' } },
        template: {
          spec: {
            containers: [
              { name: 'nginx', image: 'nginx:1.25' },
              { name: 'side', image: 'busybox' },
            ],
          },
        },
      },
      status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 },
    };
    expect(deploymentPrinter.cells(d, now)).toEqual([
      'web',
      '2/3',
      3,
      2,
      '5m',
      'nginx,side',
      'nginx:1.25,busybox',
      'app=web',
    ]);
  });

  it('prints replicasets, statefulsets and daemonsets', () => {
    const template = { spec: { containers: [{ name: 'c', image: 'i' }] } };
    expect(
      replicaSetPrinter.cells(
        {
          metadata: meta('rs'),
          spec: { replicas: 2, selector: { matchLabels: { b: '2', a: '1' } }, template },
          status: { replicas: 2, readyReplicas: 1 },
        },
        now,
      ),
    ).toEqual(['rs', 2, 2, 1, '5m', 'c', 'i', 'a=1,b=2']);
    expect(
      statefulSetPrinter.cells(
        { metadata: meta('db'), spec: { replicas: 3, template }, status: { readyReplicas: 1 } },
        now,
      ),
    ).toEqual(['db', '1/3', '5m', 'c', 'i']);
    const ds = {
      metadata: meta('agent'),
      spec: {
        selector: { matchExpressions: [{ key: 'app', operator: 'In', values: ['b', 'a'] }] },
        template: { spec: { nodeSelector: { 'kubernetes.io/os': 'linux' }, containers: [{ name: 'c', image: 'i' }] } },
      },
      status: {
        desiredNumberScheduled: 3,
        currentNumberScheduled: 3,
        numberReady: 2,
        updatedNumberScheduled: 3,
        numberAvailable: 2,
      },
    };
    expect(daemonSetPrinter.cells(ds, now)).toEqual([
      'agent',
      3,
      3,
      2,
      3,
      2,
      'kubernetes.io/os=linux',
      '5m',
      'c',
      'i',
      'app in (a,b)',
    ]);
  });

  it('prints jobs with status, completions and duration', () => {
    const job = {
      metadata: meta('pi', 600),
      spec: { completions: 1, parallelism: 1, template: { spec: { containers: [{ name: 'pi', image: 'perl' }] } } },
      status: {
        succeeded: 1,
        startTime: created(600),
        completionTime: created(550),
        conditions: [{ type: 'Complete', status: 'True' }],
      },
    };
    expect(jobPrinter.cells(job, now).slice(0, 5)).toEqual(['pi', 'Complete', '1/1', '50s', '10m']);
    expect(
      jobPrinter
        .cells({ metadata: meta('w'), spec: { parallelism: 3 }, status: { startTime: created(30) } }, now)
        .slice(1, 4),
    ).toEqual(['Running', '0/1 of 3', '30s']);
  });

  it('prints controller revisions with their owner', () => {
    const cr = {
      metadata: {
        ...meta('web-7d9'),
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'web', uid: 'u', controller: true }],
      },
      revision: 2,
    };
    expect(controllerRevisionPrinter.cells(cr, now)).toEqual(['web-7d9', 'statefulset.apps/web', 2, '5m']);
  });
});

describe('core kinds', () => {
  it('prints services of each type', () => {
    const base = { metadata: meta('web') };
    expect(
      servicePrinter.cells(
        {
          ...base,
          spec: {
            type: 'ClusterIP',
            clusterIP: '10.96.0.10',
            clusterIPs: ['10.96.0.10'],
            ports: [{ port: 80, protocol: 'TCP' }],
            selector: { app: 'web' },
          },
        },
        now,
      ),
    ).toEqual(['web', 'ClusterIP', '10.96.0.10', '<none>', '80/TCP', '5m', 'app=web']);
    expect(
      servicePrinter
        .cells(
          {
            ...base,
            spec: {
              type: 'NodePort',
              clusterIPs: ['10.96.0.11'],
              ports: [
                { port: 80, nodePort: 30080, protocol: 'TCP' },
                { port: 53, protocol: 'UDP' },
              ],
            },
          },
          now,
        )
        .slice(1, 5),
    ).toEqual(['NodePort', '10.96.0.11', '<none>', '80:30080/TCP,53/UDP']);
    expect(
      servicePrinter
        .cells({ ...base, spec: { type: 'LoadBalancer', clusterIPs: ['10.96.0.12'], ports: [] } }, now)
        .slice(3, 5),
    ).toEqual(['<pending>', '<none>']);
    expect(
      servicePrinter.cells({ ...base, spec: { type: 'ExternalName', externalName: 'example.com' } }, now).slice(2, 4),
    ).toEqual(['<none>', 'example.com']);
  });

  it('prints endpoints, cutting after three', () => {
    const ep = {
      metadata: meta('web'),
      subsets: [
        {
          addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }, { ip: '10.0.0.3' }, { ip: '10.0.0.4' }],
          ports: [{ port: 8080 }],
        },
      ],
    };
    expect(endpointsPrinter.cells(ep, now)).toEqual([
      'web',
      '10.0.0.1:8080,10.0.0.2:8080,10.0.0.3:8080 + 1 more...',
      '5m',
    ]);
    expect(endpointsPrinter.cells({ metadata: meta('none') }, now)[1]).toBe('<none>');
  });

  it('prints events', () => {
    const ev = {
      metadata: meta('web.17a'),
      involvedObject: { kind: 'Pod', name: 'web-1', fieldPath: 'spec.containers{a}' },
      reason: 'Pulled',
      message: ' Pulled image\n',
      type: 'Normal',
      source: { component: 'kubelet', host: 'node-1' },
      firstTimestamp: created(120),
      lastTimestamp: created(30),
      count: 3,
    };
    expect(eventPrinter.cells(ev, now)).toEqual([
      '30s',
      'Normal',
      'Pulled',
      'pod/web-1',
      'spec.containers{a}',
      'kubelet, node-1',
      'Pulled image',
      '2m',
      3,
      'web.17a',
    ]);
    expect(eventPrinter.columns.filter((c) => c.priority === 0).map((c) => c.name)).toEqual([
      'Last Seen',
      'Type',
      'Reason',
      'Object',
      'Message',
    ]);
  });

  it('prints namespaces, configmaps, secrets and service accounts', () => {
    expect(namespacePrinter.cells({ metadata: meta('dev'), status: { phase: 'Active' } }, now)).toEqual([
      'dev',
      'Active',
      '5m',
    ]);
    expect(configMapPrinter.cells({ metadata: meta('c'), data: { a: '1' }, binaryData: { b: 'AA==' } }, now)).toEqual([
      'c',
      2,
      '5m',
    ]);
    expect(secretPrinter.cells({ metadata: meta('s'), type: 'Opaque', data: { a: 'eA==' } }, now)).toEqual([
      's',
      'Opaque',
      1,
      '5m',
    ]);
    expect(serviceAccountPrinter.cells({ metadata: meta('default') }, now)).toEqual(['default', 0, '5m']);
  });
});

describe('cluster kinds', () => {
  it('prints leases, priority classes and PDBs', () => {
    expect(leasePrinter.cells({ metadata: meta('node-1'), spec: { holderIdentity: 'node-1' } }, now)).toEqual([
      'node-1',
      'node-1',
      '5m',
    ]);
    expect(
      priorityClassPrinter.cells(
        { metadata: meta('high'), value: 1000, preemptionPolicy: 'PreemptLowerPriority' },
        now,
      ),
    ).toEqual(['high', 1000, false, '5m', 'PreemptLowerPriority']);
    expect(
      podDisruptionBudgetPrinter.cells(
        { metadata: meta('pdb'), spec: { minAvailable: '50%' }, status: { disruptionsAllowed: 1 } },
        now,
      ),
    ).toEqual(['pdb', '50%', 'N/A', 1, '5m']);
  });
});

describe('buildTable', () => {
  it('builds a meta.k8s.io/v1 Table with PartialObjectMetadata rows', () => {
    const table = buildTable(namespacePrinter, [{ metadata: meta('dev'), status: { phase: 'Active' } }], now, {
      resourceVersion: '42',
    });
    expect(table.kind).toBe('Table');
    expect(table.apiVersion).toBe('meta.k8s.io/v1');
    expect(table.metadata).toEqual({ resourceVersion: '42' });
    expect(table.columnDefinitions.map((c) => c.name)).toEqual(['Name', 'Status', 'Age']);
    expect(table.rows[0]).toEqual({
      cells: ['dev', 'Active', '5m'],
      object: { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: meta('dev') },
    });
  });

  it('can omit columns and objects, and mark completed pods', () => {
    const pod: Pod = { metadata: meta('p'), status: { phase: 'Failed' } };
    const table = buildTable(podPrinter, [pod], now, { includeColumns: false, includeObject: 'None', continue: 'tok' });
    expect(table.columnDefinitions).toEqual([]);
    expect(table.metadata).toEqual({ continue: 'tok' });
    expect(table.rows[0]?.object).toBeUndefined();
    expect(table.rows[0]?.conditions?.[0]?.reason).toBe('Failed');
  });

  it('has a Name / Created At default', () => {
    expect(defaultTablePrinter.cells({ metadata: meta('x') }, now)).toEqual(['x', created(300)]);
  });
});
