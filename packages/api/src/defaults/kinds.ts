/**
 * Per-kind defaulting (SetDefaults_<Kind>) for every kind in the registry. Each function
 * returns a defaulted deep copy and never mutates its argument.
 */
import { deepClone } from '@wheelhouse/machinery';
import type { DaemonSet, Deployment, ReplicaSet, StatefulSet } from '../schema/apps-v1.js';
import type { Job } from '../schema/batch-v1.js';
import type { Namespace, Secret } from '../schema/core-v1-config.js';
import type { Node } from '../schema/core-v1-node.js';
import type { Pod } from '../schema/core-v1-pod.js';
import type { Endpoints, Service } from '../schema/core-v1-service.js';
import type { PriorityClass } from '../schema/scheduling-v1.js';
import type { ReplicationController } from '../schema/core-v1-replication.js';
import { defaultPersistentVolumeClaim, defaultPodInPlace, defaultPodTemplate } from './pod.js';
import { externallyAccessible } from '../strategy/service-type.js';

/** Returns a copy of `pod` with Kubernetes' defaults applied. */
export function defaultPod(pod: Pod): Pod {
  const copy = deepClone(pod);
  defaultPodInPlace(copy);
  return copy;
}

/** Deployment: replicas 1, RollingUpdate 25%/25%, revisionHistoryLimit 10, progressDeadlineSeconds 600. */
export function defaultDeployment(d: Deployment): Deployment {
  const copy = deepClone(d);
  const spec = (copy.spec ??= {});
  spec.replicas ??= 1;
  const strategy = (spec.strategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= '25%';
    ru.maxSurge ??= '25%';
  }
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  defaultPodTemplate((spec.template ??= {}));
  return copy;
}

/** ReplicaSet: replicas 1. */
export function defaultReplicaSet(rs: ReplicaSet): ReplicaSet {
  const copy = deepClone(rs);
  const spec = (copy.spec ??= {});
  spec.replicas ??= 1;
  defaultPodTemplate((spec.template ??= {}));
  return copy;
}

/**
 * ReplicationController: selector and (when empty) metadata.labels from the template's
 * labels, replicas 1; the template, when present, gets the pod defaults (an absent one stays
 * absent, so validation reports it).
 */
export function defaultReplicationController(rc: ReplicationController): ReplicationController {
  const copy = deepClone(rc);
  const spec = (copy.spec ??= {});
  const labels = spec.template?.metadata?.labels;
  if (labels !== undefined) {
    if (Object.keys(spec.selector ?? {}).length === 0) spec.selector = { ...labels };
    const meta = (copy.metadata ??= {});
    if (Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...labels };
  }
  spec.replicas ??= 1;
  defaultPodTemplate(spec.template);
  return copy;
}

/** StatefulSet: OrderedReady, RollingUpdate partition 0, PVC retention Retain/Retain, replicas 1, history 10. */
export function defaultStatefulSet(sts: StatefulSet): StatefulSet {
  const copy = deepClone(sts);
  const spec = (copy.spec ??= {});
  if (!spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) {
    strategy.type = 'RollingUpdate';
    strategy.rollingUpdate ??= {};
  }
  if (strategy.type === 'RollingUpdate' && strategy.rollingUpdate) strategy.rollingUpdate.partition ??= 0;
  const retention = (spec.persistentVolumeClaimRetentionPolicy ??= {});
  if (!retention.whenDeleted) retention.whenDeleted = 'Retain';
  if (!retention.whenScaled) retention.whenScaled = 'Retain';
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate((spec.template ??= {}));
  for (const pvc of spec.volumeClaimTemplates ?? []) defaultPersistentVolumeClaim(pvc);
  return copy;
}

/** DaemonSet: RollingUpdate maxUnavailable 1 maxSurge 0, revisionHistoryLimit 10. */
export function defaultDaemonSet(ds: DaemonSet): DaemonSet {
  const copy = deepClone(ds);
  const spec = (copy.spec ??= {});
  const strategy = (spec.updateStrategy ??= {});
  if (!strategy.type) strategy.type = 'RollingUpdate';
  if (strategy.type === 'RollingUpdate') {
    const ru = (strategy.rollingUpdate ??= {});
    ru.maxUnavailable ??= 1;
    ru.maxSurge ??= 0;
  }
  spec.revisionHistoryLimit ??= 10;
  defaultPodTemplate((spec.template ??= {}));
  return copy;
}

/**
 * Job: completions/parallelism 1 (both only when both unset), backoffLimit 6 (MaxInt32
 * with backoffLimitPerIndex), NonIndexed, suspend false, podReplacementPolicy
 * TerminatingOrFailed (Failed with a podFailurePolicy), job labels from the template.
 */
export function defaultJob(job: Job): Job {
  const copy = deepClone(job);
  const spec = (copy.spec ??= {});
  if (spec.completions === undefined && spec.parallelism === undefined) spec.completions = 1;
  spec.parallelism ??= 1;
  spec.backoffLimit ??= spec.backoffLimitPerIndex !== undefined ? 2147483647 : 6;
  const labels = spec.template?.metadata?.labels;
  const meta = (copy.metadata ??= {});
  if (labels && Object.keys(meta.labels ?? {}).length === 0) meta.labels = { ...labels };
  spec.completionMode ??= 'NonIndexed';
  spec.suspend ??= false;
  spec.podReplacementPolicy ??= spec.podFailurePolicy ? 'Failed' : 'TerminatingOrFailed';
  defaultJobSpecParts(spec);
  return copy;
}

/**
 * The defaults of a JobSpec's nested parts, wherever the spec appears (a Job, a CronJob's
 * jobTemplate): an onPodConditions pattern without status gets True, the pod template the pod
 * defaults. Mutates `spec`.
 */
export function defaultJobSpecParts(spec: NonNullable<Job['spec']>): void {
  for (const rule of spec.podFailurePolicy?.rules ?? [])
    for (const c of rule.onPodConditions ?? []) if (!c.status) c.status = 'True';
  defaultPodTemplate((spec.template ??= {}));
}

/**
 * Service: sessionAffinity None, type ClusterIP, ports TCP with targetPort = port, traffic
 * policies Cluster, allocateLoadBalancerNodePorts for LoadBalancers, and single-stack IPv4
 * families for every type but ExternalName (what the allocator answers on a v4 cluster).
 */
export function defaultService(svc: Service): Service {
  const copy = deepClone(svc);
  const spec = (copy.spec ??= {});
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP' && spec.sessionAffinityConfig?.clientIP?.timeoutSeconds === undefined) {
    spec.sessionAffinityConfig = { clientIP: { timeoutSeconds: 10800 } };
  }
  if (!spec.type) spec.type = 'ClusterIP';
  for (const port of spec.ports ?? []) {
    if (!port.protocol) port.protocol = 'TCP';
    if (port.targetPort === undefined || port.targetPort === 0 || port.targetPort === '') port.targetPort = port.port;
  }
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (!spec.internalTrafficPolicy && spec.type !== 'ExternalName') spec.internalTrafficPolicy = 'Cluster';
  if (spec.type === 'LoadBalancer') spec.allocateLoadBalancerNodePorts ??= true;
  if (spec.type !== 'ExternalName') {
    spec.ipFamilyPolicy ??= 'SingleStack';
    if ((spec.ipFamilies ?? []).length === 0) spec.ipFamilies = ['IPv4'];
  }
  return copy;
}

/** Namespace: the `kubernetes.io/metadata.name` label and status.phase Active. */
export function defaultNamespace(ns: Namespace): Namespace {
  const copy = deepClone(ns);
  const meta = (copy.metadata ??= {});
  if (meta.name) meta.labels = { ...meta.labels, 'kubernetes.io/metadata.name': meta.name };
  const status = (copy.status ??= {});
  if (!status.phase) status.phase = 'Active';
  return copy;
}

/** Node: allocatable defaults to capacity. */
export function defaultNode(node: Node): Node {
  const copy = deepClone(node);
  const status = copy.status;
  if (status?.capacity && status.allocatable === undefined) status.allocatable = { ...status.capacity };
  return copy;
}

/** Secret: type Opaque. */
export function defaultSecret(secret: Secret): Secret {
  const copy = deepClone(secret);
  if (!copy.type) copy.type = 'Opaque';
  return copy;
}

/** Endpoints: port protocol TCP. */
export function defaultEndpoints(ep: Endpoints): Endpoints {
  const copy = deepClone(ep);
  for (const ss of copy.subsets ?? []) for (const p of ss.ports ?? []) if (!p.protocol) p.protocol = 'TCP';
  return copy;
}

/** PriorityClass: preemptionPolicy PreemptLowerPriority. */
export function defaultPriorityClass(pc: PriorityClass): PriorityClass {
  const copy = deepClone(pc);
  copy.preemptionPolicy ??= 'PreemptLowerPriority';
  return copy;
}
