/** The update strategy of every kind in the registry. */
import type { Job } from '../schema/batch-v1.js';
import type { Namespace, Secret } from '../schema/core-v1-config.js';
import type { Pod } from '../schema/core-v1-pod.js';
import type { Service } from '../schema/core-v1-service.js';
import { makeStrategy, type KubeObject, type UpdateStrategy } from './strategy.js';
import { podQOSClass } from './qos.js';

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

function needsNodePort(svc: Service): boolean {
  return svc.spec?.type === 'NodePort' || svc.spec?.type === 'LoadBalancer';
}

function onServiceCreate(obj: KubeObject): void {
  const svc = obj as Service;
  svc.status = { loadBalancer: {} };
  const spec = svc.spec;
  if (spec?.clusterIP && (spec.clusterIPs ?? []).length === 0) spec.clusterIPs = [spec.clusterIP];
}

/** Service updates keep allocated values (cluster IPs, node ports) a client left out. */
function onServiceUpdate(next: KubeObject, old: KubeObject): void {
  const n = next as Service;
  const o = old as Service;
  if (!n.spec || !o.spec) return;
  if (n.spec.type !== 'ExternalName' && o.spec.type !== 'ExternalName') {
    if (!n.spec.clusterIP) n.spec.clusterIP = o.spec.clusterIP;
    if ((n.spec.clusterIPs ?? []).length === 0 && (o.spec.clusterIPs ?? []).length > 0)
      n.spec.clusterIPs = [...(o.spec.clusterIPs ?? [])];
  }
  if (needsNodePort(n) && needsNodePort(o)) {
    const byName = new Map((o.spec.ports ?? []).map((p) => [p.name ?? '', p.nodePort]));
    const used = new Set((n.spec.ports ?? []).map((p) => p.nodePort).filter((p) => p));
    for (const port of n.spec.ports ?? []) {
      const old = byName.get(port.name ?? '');
      if (!port.nodePort && old && !used.has(old)) port.nodePort = old;
    }
  }
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
