/**
 * kube-controller-manager's controller names mapped to constructors, and its `--controllers`
 * rule: `*` enables every controller that is on by default, `NAME` enables one, `-NAME`
 * disables one; the first mention of a name wins.
 */
import type { ThrottleScale } from '@wheelhouse/client';
import type { FlagSpec } from '@wheelhouse/flags';
import type { ControllerContext, ControllerOptions } from '../context.js';
import type { Runnable } from '../runnable.js';
import { newClusterRoleAggregationController } from './clusterrole-aggregation/controller.js';
import { newCronJobController } from './cronjob/controller.js';
import { newDaemonSetController } from './daemonset/controller.js';
import { newDeploymentController } from './deployment/controller.js';
import { newDisruptionController } from './disruption/controller.js';
import { newGarbageCollectorController } from './garbage-collector/controller.js';
import { CONCURRENCY_FLAG as GC_CONCURRENCY, DEFAULT_GC_WORKERS, GC_FLAGS } from './garbage-collector/flags.js';
import { newEndpointsController } from './endpoints/controller.js';
import { ENDPOINT_BATCH_FLAG, ENDPOINTS_FLAGS, batchPeriodMs } from './endpoints/settings.js';
import { newEndpointSliceController } from './endpointslice/controller.js';
import { checkEndpointSliceSettings, ENDPOINTSLICE_FLAGS } from './endpointslice/settings.js';
import { newEndpointSliceMirroringController } from './endpointslicemirroring/controller.js';
import {
  MIRRORING_CONCURRENCY_FLAG,
  MIRRORING_FLAGS,
  checkMirroringSettings,
} from './endpointslicemirroring/settings.js';
import { newHorizontalPodAutoscalerController } from './horizontalpodautoscaling/controller.js';
import { HPA_FLAGS, syncPeriodMs as hpaSyncPeriodMs } from './horizontalpodautoscaling/settings.js';
import { newJobController } from './job/controller.js';
import { newPodGcController } from './podgc/controller.js';
import { POD_GC_FLAGS, checkPodGcSettings } from './podgc/settings.js';
import { newNamespaceController } from './namespace/controller.js';
import { NAMESPACE_FLAGS, namespaceSettings } from './namespace/settings.js';
import { newNodeLifecycleController } from './node-lifecycle/controller.js';
import { NODE_LIFECYCLE_FLAGS, nodeLifecycleSettings } from './node-lifecycle/settings.js';
import { newReplicaSetController } from './replicaset/controller.js';
import { newReplicationControllerController } from './replicationcontroller/controller.js';
import { newResourceQuotaController } from './resourcequota/controller.js';
import { RESOURCE_QUOTA_FLAGS, syncPeriodMs } from './resourcequota/settings.js';
import { newRootCaCertPublisher } from './root-ca-cert-publisher/controller.js';
import { ROOT_CA_PUBLISHER_FLAGS, checkRootCaPublisherSettings } from './root-ca-cert-publisher/settings.js';
import { newServiceAccountController } from './serviceaccount/controller.js';
import { newStatefulSetController } from './statefulset/controller.js';
import { newTaintEvictionController } from './taint-eviction/controller.js';
import { newTtlAfterFinishedController } from './ttl-after-finished/controller.js';
import { newPersistentVolumeBinderController } from './persistentvolume/controller.js';
import { newPvcProtectionController } from './pvc-protection/controller.js';
import { newPvProtectionController } from './pv-protection/controller.js';
import { newValidatingAdmissionPolicyStatusController } from './validatingadmissionpolicy-status/controller.js';

/** How a controller is built, its flags, and whether `*` includes it. */
export interface ControllerDescriptor {
  create(ctx: ControllerContext, options: ControllerOptions): Runnable;
  /**
   * kube-controller-manager's flag for its worker count, e.g. "concurrent-replicaset-syncs";
   * absent for a controller kube runs with a fixed number of workers.
   */
  concurrencyFlag?: string;
  /** That flag's default (the fixed count without the flag). */
  defaultWorkers: number;
  /**
   * The controller's own flags besides the concurrency one, by kube-controller-manager's
   * name (without dashes) with kube's defaults, e.g. "node-monitor-grace-period". Two
   * controllers may declare the same flag only with the same spec; both get its value.
   */
  flags?: Readonly<Record<string, FlagSpec>>;
  /**
   * Checks the values of `flags` (defaults filled in) when the manager is built; throws an
   * Error naming the flag, e.g. `invalid --node-eviction-rate: -1 (must be >= 0)`.
   */
  checkSettings?(settings: Readonly<Record<string, unknown>>): void;
  /** Whether `*` leaves it out (kube's ControllersDisabledByDefault). */
  disabledByDefault?: boolean;
  /**
   * kube's name for the controller's API client (ClientBuilder.ClientOrDie), e.g.
   * "replicaset-controller": the client has a throttle of its own and sends the name after
   * kube-controller-manager's User-Agent (kube's rest.AddUserAgent).
   */
  client: string;
  /**
   * kube's multipliers of --kube-api-qps and --kube-api-burst for that client (the namespace
   * controller's 20x and 100x; the garbage collector's 2x qps, which kube gives its metadata
   * client, the one its deletes go through).
   */
  throttleScale?: ThrottleScale;
}

/** Every controller this process can run, by kube-controller-manager's name, with kube's defaults. */
export const CONTROLLERS: Readonly<Record<string, ControllerDescriptor>> = {
  replicaset: {
    client: 'replicaset-controller',
    create: newReplicaSetController,
    concurrencyFlag: 'concurrent-replicaset-syncs',
    defaultWorkers: 5,
  },
  replicationcontroller: {
    client: 'replication-controller',
    create: newReplicationControllerController,
    concurrencyFlag: 'concurrent-rc-syncs',
    defaultWorkers: 5,
  },
  deployment: {
    client: 'deployment-controller',
    create: newDeploymentController,
    concurrencyFlag: 'concurrent-deployment-syncs',
    defaultWorkers: 5,
  },
  daemonset: {
    client: 'daemon-set-controller',
    create: newDaemonSetController,
    concurrencyFlag: 'concurrent-daemonset-syncs',
    defaultWorkers: 2,
  },
  statefulset: {
    client: 'statefulset-controller',
    create: newStatefulSetController,
    concurrencyFlag: 'concurrent-statefulset-syncs',
    defaultWorkers: 5,
  },
  job: {
    client: 'job-controller',
    create: newJobController,
    concurrencyFlag: 'concurrent-job-syncs',
    defaultWorkers: 5,
  },
  cronjob: {
    client: 'cronjob-controller',
    create: newCronJobController,
    concurrencyFlag: 'concurrent-cron-job-syncs',
    defaultWorkers: 5,
  },
  'ttl-after-finished': {
    client: 'ttl-after-finished-controller',
    create: newTtlAfterFinishedController,
    concurrencyFlag: 'concurrent-ttl-after-finished-syncs',
    defaultWorkers: 5,
  },
  disruption: { client: 'disruption-controller', create: newDisruptionController, defaultWorkers: 1 },
  // kube runs its taint manager with 8 fixed workers (UpdateWorkerSize).
  'taint-eviction-controller': { client: 'node-controller', create: newTaintEvictionController, defaultWorkers: 8 },
  podgc: {
    client: 'pod-garbage-collector',
    create: newPodGcController,
    defaultWorkers: 1,
    flags: POD_GC_FLAGS,
    checkSettings: checkPodGcSettings,
  },
  'garbage-collector': {
    client: 'generic-garbage-collector',
    throttleScale: { qps: 2 },
    create: newGarbageCollectorController,
    concurrencyFlag: GC_CONCURRENCY,
    defaultWorkers: DEFAULT_GC_WORKERS,
    flags: GC_FLAGS,
  },
  namespace: {
    client: 'namespace-controller',
    throttleScale: { qps: 20, burst: 100 },
    create: newNamespaceController,
    concurrencyFlag: 'concurrent-namespace-syncs',
    defaultWorkers: 10,
    flags: NAMESPACE_FLAGS,
    checkSettings: (settings) => void namespaceSettings(settings),
  },
  serviceaccount: { client: 'service-account-controller', create: newServiceAccountController, defaultWorkers: 1 },
  'root-ca-cert-publisher': {
    client: 'root-ca-cert-publisher',
    create: newRootCaCertPublisher,
    defaultWorkers: 1,
    flags: ROOT_CA_PUBLISHER_FLAGS,
    checkSettings: checkRootCaPublisherSettings,
  },
  endpoints: {
    client: 'endpoint-controller',
    create: newEndpointsController,
    concurrencyFlag: 'concurrent-endpoint-syncs',
    defaultWorkers: 5,
    flags: ENDPOINTS_FLAGS,
    checkSettings: (settings) => void batchPeriodMs(settings, ENDPOINT_BATCH_FLAG),
  },
  endpointslice: {
    client: 'endpointslice-controller',
    create: newEndpointSliceController,
    concurrencyFlag: 'concurrent-service-endpoint-syncs',
    defaultWorkers: 5,
    flags: ENDPOINTSLICE_FLAGS,
    checkSettings: checkEndpointSliceSettings,
  },
  endpointslicemirroring: {
    client: 'endpointslicemirroring-controller',
    create: newEndpointSliceMirroringController,
    concurrencyFlag: MIRRORING_CONCURRENCY_FLAG,
    defaultWorkers: 5,
    flags: MIRRORING_FLAGS,
    checkSettings: checkMirroringSettings,
  },
  'node-lifecycle': {
    client: 'node-controller',
    create: newNodeLifecycleController,
    defaultWorkers: 8,
    flags: NODE_LIFECYCLE_FLAGS,
    checkSettings: (settings) => void nodeLifecycleSettings(settings),
  },
  'clusterrole-aggregation': {
    client: 'clusterrole-aggregation-controller',
    create: newClusterRoleAggregationController,
    defaultWorkers: 5,
  },
  'validatingadmissionpolicy-status-controller': {
    client: 'validatingadmissionpolicy-status-controller',
    create: newValidatingAdmissionPolicyStatusController,
    defaultWorkers: 1,
  },
  resourcequota: {
    client: 'resourcequota-controller',
    create: newResourceQuotaController,
    concurrencyFlag: 'concurrent-resource-quota-syncs',
    defaultWorkers: 5,
    flags: RESOURCE_QUOTA_FLAGS,
    checkSettings: (settings) => void syncPeriodMs(settings),
  },
  'persistentvolume-binder': {
    client: 'persistent-volume-binder',
    create: newPersistentVolumeBinderController,
    defaultWorkers: 1,
  },
  horizontalpodautoscaling: {
    client: 'horizontal-pod-autoscaler',
    create: newHorizontalPodAutoscalerController,
    concurrencyFlag: 'concurrent-horizontal-pod-autoscaler-syncs',
    defaultWorkers: 5,
    flags: HPA_FLAGS,
    checkSettings: (settings) => void hpaSyncPeriodMs(settings),
  },
  'pvc-protection': { client: 'pvc-protection-controller', create: newPvcProtectionController, defaultWorkers: 1 },
  'pv-protection': { client: 'pv-protection-controller', create: newPvProtectionController, defaultWorkers: 1 },
};

/** Every controller's own flags (see {@link ControllerDescriptor.flags}), merged by name. */
export function controllerFlags(): Record<string, FlagSpec> {
  const out: Record<string, FlagSpec> = {};
  for (const d of Object.values(CONTROLLERS)) Object.assign(out, d.flags);
  return out;
}

/** The values of `d`'s own flags taken from `given` (by flag name), each defaulted from its spec. */
export function settingsOf(d: ControllerDescriptor, given: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(d.flags ?? {}).map(([flag, spec]) => [flag, given[flag] ?? spec.default]));
}

/** The flag's default: every controller on by default. */
export const DEFAULT_CONTROLLERS: readonly string[] = ['*'];

/**
 * Checks a `--controllers` list: every entry is `*`, a known name or `-` and a known name.
 * Throws with kube-controller-manager's message for the first unknown one.
 */
export function validateControllerList(list: readonly string[]): void {
  for (const entry of list) {
    if (entry === '*') continue;
    const name = entry.startsWith('-') ? entry.slice(1) : entry;
    if (!(name in CONTROLLERS)) throw new Error(`"${name}" is not in the list of known controllers`);
  }
}

/** Whether `name` runs under `list` (kube's IsControllerEnabled). */
export function isControllerEnabled(name: string, list: readonly string[]): boolean {
  let star = false;
  for (const entry of list) {
    if (entry === name) return true;
    if (entry === `-${name}`) return false;
    if (entry === '*') star = true;
  }
  return star && !CONTROLLERS[name]?.disabledByDefault;
}

/** The names of the controllers `list` enables, in the table's order. */
export function enabledControllers(list: readonly string[]): string[] {
  validateControllerList(list);
  return Object.keys(CONTROLLERS).filter((name) => isControllerEnabled(name, list));
}
