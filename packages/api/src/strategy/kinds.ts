/** The update strategy of every kind in the registry. */
import type { Job } from '../schema/batch-v1.js';
import type { Namespace, Secret } from '../schema/core-v1-config.js';
import type { Pod } from '../schema/core-v1-pod.js';
import type { Service } from '../schema/core-v1-service.js';
import { makeStrategy, type KubeObject, type UpdateStrategy } from './strategy.js';
import { podQOSClass } from './qos.js';
import { externallyAccessible, needsClusterIP, needsHealthCheckNodePort, needsNodePort } from './service-type.js';

function onPodCreate(obj: KubeObject): void {
  const pod = obj as Pod;
  pod.status = { phase: 'Pending', qosClass: podQOSClass(pod) };
  if ((pod.spec?.schedulingGates ?? []).length > 0) {
    pod.status.conditions = [
      {
        type: 'PodScheduled',
        status: 'False',
        reason: 'SchedulingGated',
        message: 'Scheduling is blocked due to non-empty scheduling gates',
      },
    ];
  }
}

function onNamespaceCreate(obj: KubeObject): void {
  const ns = obj as Namespace;
  ns.status = { phase: 'Active' };
  const finalizers = ns.spec?.finalizers ?? [];
  if (!finalizers.includes('kubernetes')) ns.spec = { ...ns.spec, finalizers: [...finalizers, 'kubernetes'] };
}

function onNamespaceUpdate(next: KubeObject, old: KubeObject): void {
  const n = next as Namespace;
  const o = old as Namespace;
  if (o.spec?.finalizers === undefined) delete n.spec?.finalizers;
  else n.spec = { ...n.spec, finalizers: [...o.spec.finalizers] };
}

/** Job: unless `manualSelector`, label the template with the job name and uid and select on the uid. */
function onJobCreate(obj: KubeObject): void {
  const job = obj as Job;
  const spec = (job.spec ??= {});
  if (spec.manualSelector === true) return;
  const name = job.metadata?.name ?? '';
  const uid = job.metadata?.uid ?? '';
  const template = (spec.template ??= {});
  const labels = ((template.metadata ??= {}).labels ??= {});
  for (const key of ['job-name', 'batch.kubernetes.io/job-name']) labels[key] ??= name;
  for (const key of ['controller-uid', 'batch.kubernetes.io/controller-uid']) labels[key] ??= uid;
  const matchLabels = ((spec.selector ??= {}).matchLabels ??= {});
  matchLabels['batch.kubernetes.io/controller-uid'] ??= uid;
}

function onServiceCreate(obj: KubeObject): void {
  const svc = obj as Service;
  svc.status = { loadBalancer: {} };
  const spec = svc.spec;
  if (spec?.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP];
}

const nodePortsOf = (spec: NonNullable<Service['spec']>): number[] =>
  (spec.ports ?? []).map((p) => p.nodePort ?? 0).filter((p) => p !== 0);

/**
 * kube's dropTypeDependentFields: on a change of type, the fields the new type does not use
 * are cleared when the client left them as they were (allocated, so the allocator releases
 * them): cluster IPs and families (to ExternalName), node ports, the health check node port,
 * allocateLoadBalancerNodePorts, loadBalancerClass, externalTrafficPolicy. A client that
 * changed them as well gets validation's answer.
 */
function dropTypeDependentFields(n: NonNullable<Service['spec']>, o: NonNullable<Service['spec']>): void {
  const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
  if (needsClusterIP(o) && !needsClusterIP(n)) {
    if (n.clusterIP === o.clusterIP && same(n.clusterIPs, o.clusterIPs)) {
      delete n.clusterIP;
      delete n.clusterIPs;
    }
    if (same(n.ipFamilies, o.ipFamilies)) delete n.ipFamilies;
    if (n.ipFamilyPolicy === o.ipFamilyPolicy) delete n.ipFamilyPolicy;
  }
  const oldPorts = new Set(nodePortsOf(o));
  if (needsNodePort(o) && !needsNodePort(n) && nodePortsOf(n).every((p) => oldPorts.has(p)))
    for (const port of n.ports ?? []) delete port.nodePort;
  if (
    needsHealthCheckNodePort(o) &&
    !needsHealthCheckNodePort(n) &&
    (n.healthCheckNodePort ?? 0) === (o.healthCheckNodePort ?? 0)
  )
    delete n.healthCheckNodePort;
  if (o.type === 'LoadBalancer' && n.type !== 'LoadBalancer') {
    if (
      n.allocateLoadBalancerNodePorts !== undefined &&
      n.allocateLoadBalancerNodePorts === o.allocateLoadBalancerNodePorts
    )
      delete n.allocateLoadBalancerNodePorts;
    if (n.loadBalancerClass === o.loadBalancerClass) delete n.loadBalancerClass;
  }
  if (externallyAccessible(o) && !externallyAccessible(n) && n.externalTrafficPolicy === o.externalTrafficPolicy)
    delete n.externalTrafficPolicy;
}

/**
 * Service updates: the fields a change of type no longer uses are dropped, and allocated values
 * a client left out (cluster IPs, node ports by port name, the health check node port) are
 * kept, as kube's dropTypeDependentFields and patchAllocatedValues.
 */
function onServiceUpdate(next: KubeObject, old: KubeObject): void {
  const n = (next as Service).spec;
  const o = (old as Service).spec;
  if (!n || !o) return;
  dropTypeDependentFields(n, o);
  if (needsClusterIP(n) && needsClusterIP(o)) {
    if (!n.clusterIP) n.clusterIP = o.clusterIP;
    if ((n.clusterIPs ?? []).length === 0 && (o.clusterIPs ?? []).length > 0) n.clusterIPs = [...(o.clusterIPs ?? [])];
  }
  if (needsNodePort(n) && needsNodePort(o)) {
    const byName = new Map((o.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    const inBoth = new Set(nodePortsOf(n).filter((p) => nodePortsOf(o).includes(p)));
    for (const port of n.ports ?? []) {
      const was = byName.get(port.name ?? '');
      if (!port.nodePort && was && !inBoth.has(was)) port.nodePort = was;
    }
  }
  if (needsHealthCheckNodePort(n) && needsHealthCheckNodePort(o) && !n.healthCheckNodePort)
    n.healthCheckNodePort = o.healthCheckNodePort;
}

/** Secrets: `stringData` is write-only, merged base64-encoded into `data`. */
function mergeStringData(obj: KubeObject): void {
  const secret = obj as Secret;
  if (!secret.stringData) return;
  const data = (secret.data ??= {});
  for (const [key, value] of Object.entries(secret.stringData))
    data[key] = Buffer.from(value, 'utf8').toString('base64');
  delete secret.stringData;
}

const zero = (status: Record<string, unknown>) => () => ({ ...status });

/** Strategies keyed by `<group>/<resource>` (core group: `/pods`). */
export const STRATEGIES: Readonly<Record<string, UpdateStrategy>> = {
  '/pods': makeStrategy({ initialStatus: zero({}), statusKeeps: ['ownerReferences'], onCreate: onPodCreate }),
  '/nodes': makeStrategy({ initialStatus: 'keep' }),
  '/namespaces': makeStrategy({ initialStatus: zero({}), onCreate: onNamespaceCreate, onUpdate: onNamespaceUpdate }),
  '/services': makeStrategy({ initialStatus: zero({}), onCreate: onServiceCreate, onUpdate: onServiceUpdate }),
  '/secrets': makeStrategy({ onCreate: mergeStringData, onUpdate: mergeStringData }),
  '/replicationcontrollers': makeStrategy({ initialStatus: zero({ replicas: 0 }), generation: 'spec' }),
  'apps/deployments': makeStrategy({
    initialStatus: zero({}),
    generation: 'specAndAnnotations',
    statusKeeps: ['labels'],
  }),
  'apps/replicasets': makeStrategy({ initialStatus: zero({ replicas: 0 }), generation: 'spec' }),
  'apps/statefulsets': makeStrategy({ initialStatus: zero({ replicas: 0, availableReplicas: 0 }), generation: 'spec' }),
  'apps/daemonsets': makeStrategy({
    initialStatus: zero({
      currentNumberScheduled: 0,
      numberMisscheduled: 0,
      desiredNumberScheduled: 0,
      numberReady: 0,
    }),
    generation: 'spec',
  }),
  'batch/jobs': makeStrategy({ initialStatus: zero({}), generation: 'spec', onCreate: onJobCreate }),
  'batch/cronjobs': makeStrategy({ initialStatus: zero({}), generation: 'spec' }),
  'policy/poddisruptionbudgets': makeStrategy({
    initialStatus: zero({ disruptionsAllowed: 0, currentHealthy: 0, desiredHealthy: 0, expectedPods: 0 }),
    generation: 'spec',
  }),
};

/** The strategy of kinds with no status and no generation (ConfigMaps, Leases, Events, ...). */
export const PLAIN_STRATEGY: UpdateStrategy = makeStrategy({});

/** The strategy for `group`/`resource`, or the plain one. */
export function strategyFor(group: string, resource: string): UpdateStrategy {
  return STRATEGIES[`${group}/${resource}`] ?? PLAIN_STRATEGY;
}
