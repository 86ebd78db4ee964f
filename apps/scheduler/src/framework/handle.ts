/**
 * What plugins may use besides their arguments (framework.Handle): the cycle's snapshot,
 * the nominated pods, the filter runner (for preemption), the cluster's listers and writes,
 * events, a clock and a random source.
 */
import type {
  Namespace,
  PersistentVolume,
  PersistentVolumeClaim,
  Pod,
  PodCondition,
  PodDisruptionBudget,
  ReplicaSet,
  Service,
  StatefulSet,
  StorageClass,
} from '@wheelhouse/api';
import type { Clock } from '@wheelhouse/client';
import type { Labels } from '@wheelhouse/machinery';
import type { NodeInfo } from '../cache/node-info.js';
import type { CycleState } from './cycle-state.js';
import type { PodInfo } from './pod-info.js';
import type { StatusResult } from './status.js';

/** The nodes of the current cycle's snapshot (framework.NodeInfoLister). Read-only. */
export interface NodeInfoLister {
  list(): readonly NodeInfo[];
  havePodsWithAffinityList(): readonly NodeInfo[];
  havePodsWithRequiredAntiAffinityList(): readonly NodeInfo[];
  get(nodeName: string): NodeInfo | undefined;
}

/** Pods nominated to nodes by preemption (framework.PodNominator). */
export interface PodNominator {
  nominatedPodsForNode(nodeName: string): readonly PodInfo[];
}

/** Read access to the cluster objects plugins consult (informer listers). Returned objects must not be mutated. */
export interface ClusterListers {
  namespace(name: string): Namespace | undefined;
  namespaces(): readonly Namespace[];
  pod(namespace: string, name: string): Pod | undefined;
  podDisruptionBudgets(): readonly PodDisruptionBudget[];
  services(namespace: string): readonly Service[];
  replicaSet(namespace: string, name: string): ReplicaSet | undefined;
  statefulSet(namespace: string, name: string): StatefulSet | undefined;
  /** Storage for VolumeBinding; absent (test fakes) means no pod's claims are checked. */
  storage?(): StorageListers;
}

/** Read access to claims, volumes and classes (VolumeBinding). */
export interface StorageListers {
  claim(namespace: string, name: string): PersistentVolumeClaim | undefined;
  volume(name: string): PersistentVolume | undefined;
  volumes(): readonly PersistentVolume[];
  storageClass(name: string): StorageClass | undefined;
}

/** A change to a pod's status: conditions to set (by type) and the nominated node ('' clears it). */
export interface PodStatusPatch {
  conditions?: PodCondition[];
  nominatedNodeName?: string;
}

/** The writes plugins make through the API server. Each rejects with the API error. */
export interface ClusterWriter {
  /** POST pods/{name}/binding. */
  bind(pod: Pod, nodeName: string): Promise<void>;
  /** Patches the pod's status (pods/{name}/status). */
  patchPodStatus(pod: Pod, patch: PodStatusPatch): Promise<void>;
  /** Deletes the pod gracefully (its own grace period). */
  deletePod(pod: Pod): Promise<void>;
  /** Annotates a claim with the node chosen for its first consumer (volume.kubernetes.io/selected-node). */
  selectNodeForClaim?(claim: PersistentVolumeClaim, nodeName: string): Promise<void>;
  /** Prebinds a volume to a claim (sets its claimRef without a uid; the persistentvolume-binder completes it). */
  prebindVolume?(volume: PersistentVolume, claim: PersistentVolumeClaim): Promise<void>;
}

/** Records events about pods (the scheduler's EventRecorder). */
export interface SchedulerEvents {
  event(
    regarding: Pod,
    type: 'Normal' | 'Warning',
    reason: string,
    action: string,
    message: string,
    related?: Pod,
  ): void;
}

/** Metrics plugins report (scheduler_preemption_attempts_total, scheduler_preemption_victims). */
export interface PluginMetrics {
  preemptionAttempted(): void;
  preemptionVictims(count: number): void;
}

/** A pod parked at Permit, as plugins see it. */
export interface WaitingPodHandle {
  reject(plugin: string, message: string): void;
  allow(plugin: string): void;
}

/** Everything a plugin gets at construction. Methods that depend on the cycle read its current snapshot. */
export interface Handle {
  readonly profileName: string;
  /** The snapshot of the cycle being run. */
  snapshot(): NodeInfoLister;
  readonly nominator: PodNominator;
  readonly listers: ClusterListers;
  readonly writer: ClusterWriter;
  readonly events: SchedulerEvents;
  readonly metrics: PluginMetrics;
  readonly clock: Clock;
  /** A float in [0, 1), as Math.random. */
  readonly random: () => number;
  /** The pod with this key if it waits at Permit. */
  waitingPod(key: string): WaitingPodHandle | undefined;
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult;
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): StatusResult;
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): StatusResult;
}

/** The labels of a namespace, or undefined when it is unknown. */
export function namespaceLabels(listers: ClusterListers, name: string): Labels | undefined {
  return listers.namespace(name)?.metadata?.labels;
}
