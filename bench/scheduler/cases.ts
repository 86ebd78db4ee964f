/**
 * The benchmark cases, after kube-scheduler's scheduler_perf (test/integration/scheduler_perf):
 * node and pod shapes from its templates (node: 4 cpu, 32Gi, 110 pods; pod: 100m cpu,
 * 500Mi), sizes from its SchedulingBasic, SchedulingPodAntiAffinity,
 * SchedulingTopologySpreading and PreemptionBasic workloads.
 */

/** One workload. */
export interface BenchCase {
  name: string;
  nodes: number;
  /** Pods created bound to nodes before measuring (round robin). */
  initPods: number;
  /** Pods created unscheduled and measured. */
  measurePods: number;
  /** PriorityClasses created first (name -> value). */
  priorityClasses?: Record<string, number>;
  /** Labels of node i. */
  nodeLabels(i: number): Record<string, string>;
  initPod(i: number): Record<string, unknown>;
  measuredPod(i: number): Record<string, unknown>;
}

const PAUSE = 'registry.k8s.io/pause:3.10';

function pod(name: string, spec: Record<string, unknown> = {}, labels: Record<string, string> = {}, cpu = '100m') {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name, labels },
    spec: {
      containers: [{ name: 'pause', image: PAUSE, resources: { requests: { cpu, memory: '500Mi' } } }],
      ...spec,
    },
  };
}

const host = (i: number) => ({ 'kubernetes.io/hostname': `node-${i}` });
const zoned = (i: number) => ({ ...host(i), 'topology.kubernetes.io/zone': `zone-${i % 10}` });

function basic(nodes: number, initPods: number, measurePods: number): BenchCase {
  return {
    name: `SchedulingBasic/${nodes}Nodes`,
    nodes,
    initPods,
    measurePods,
    nodeLabels: host,
    initPod: (i) => pod(`init-${i}`),
    measuredPod: (i) => pod(`pod-${i}`),
  };
}

const antiAffinity = (color: string) => ({
  affinity: {
    podAntiAffinity: {
      requiredDuringSchedulingIgnoredDuringExecution: [
        { labelSelector: { matchLabels: { color } }, topologyKey: 'kubernetes.io/hostname' },
      ],
    },
  },
});

const spread = {
  topologySpreadConstraints: [
    {
      maxSkew: 5,
      topologyKey: 'topology.kubernetes.io/zone',
      whenUnsatisfiable: 'DoNotSchedule',
      labelSelector: { matchLabels: { color: 'blue' } },
    },
  ],
};

/** Every case by name. */
export const CASES: Record<string, BenchCase> = {
  basic5000: basic(5000, 1000, 10_000),
  basic500: basic(500, 1000, 10_000),
  antiAffinity: {
    name: 'SchedulingPodAntiAffinity/5000Nodes',
    nodes: 5000,
    initPods: 1000,
    measurePods: 1000,
    nodeLabels: host,
    initPod: (i) => pod(`init-${i}`, antiAffinity('green'), { color: 'green' }),
    measuredPod: (i) => pod(`pod-${i}`, antiAffinity('blue'), { color: 'blue' }),
  },
  topologySpread: {
    name: 'SchedulingTopologySpreading/5000Nodes',
    nodes: 5000,
    initPods: 1000,
    measurePods: 5000,
    nodeLabels: zoned,
    initPod: (i) => pod(`init-${i}`),
    measuredPod: (i) => pod(`pod-${i}`, spread, { color: 'blue' }),
  },
  preemption: {
    name: 'PreemptionBasic/500Nodes',
    nodes: 500,
    initPods: 2000,
    measurePods: 500,
    priorityClasses: { 'bench-low': 1, 'bench-high': 10 },
    nodeLabels: host,
    // Four low-priority pods fill a node; they go away at once when deleted (no kubelet here).
    initPod: (i) => pod(`low-${i}`, { priorityClassName: 'bench-low', terminationGracePeriodSeconds: 0 }, {}, '900m'),
    measuredPod: (i) => pod(`high-${i}`, { priorityClassName: 'bench-high' }, {}, '3000m'),
  },
};
