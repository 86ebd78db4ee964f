/** What the node lifecycle controller's passes read, write and remember. */
import type { Lease, Node, Pod } from '@wheelhouse/api';
import { ConcurrencyLimit, type Lister, type Served } from '@wheelhouse/client';
import type { SyncDeps } from '../../workload/sync-deps.js';
import type { NodeHealthMap } from './health.js';
import type { NodeLifecycleMetrics } from './metrics.js';
import { POD_MARK_WRITES_IN_FLIGHT } from './pods.js';
import type { RateLimitedTimedQueue } from './rate-limited-queue.js';
import type { NodeLifecycleSettings } from './settings.js';
import type { TaintDeps } from './taints.js';
import type { ZoneState } from './zones.js';

/** The namespace of the kubelets' heartbeat Leases. */
export const NODE_LEASE_NAMESPACE = 'kube-node-lease';

/** Listers, client, recorder ("node-controller"), clock, settings and metrics. */
export interface NodeLifecycleDeps extends SyncDeps, TaintDeps {
  nodes: Lister<Served<Node>>;
  leases: Lister<Served<Lease>>;
  pods: Lister<Served<Pod>>;
  settings: NodeLifecycleSettings;
  metrics: NodeLifecycleMetrics;
}

/** The controller's memory across passes (kube's Controller fields). */
export interface NodeLifecycleState {
  health: NodeHealthMap;
  /** Nodes seen by the last monitor pass, by name (kube's knownNodeSet). */
  knownNodes: Map<string, { uid: string }>;
  zoneStates: Map<string, ZoneState>;
  /** Each zone's queue of nodes waiting for their NoExecute taint (kube's zoneNoExecuteTainter). */
  tainters: Map<string, RateLimitedTimedQueue>;
  /** Nodes whose pods still need marking not Ready (kube's nodesToRetry). */
  nodesToRetry: Set<string>;
  /** The marks of nodes' pods not Ready under way, by node (the controller waits for them when it stops). */
  markingPods: Map<string, Promise<void>>;
  /** The pod mark writes in flight, shared by the monitor pass and the pod workers. */
  podMarkWrites: ConcurrencyLimit;
}

/** Empty state. */
export function newNodeLifecycleState(): NodeLifecycleState {
  return {
    health: new Map(),
    knownNodes: new Map(),
    zoneStates: new Map(),
    tainters: new Map(),
    nodesToRetry: new Set(),
    markingPods: new Map(),
    podMarkWrites: new ConcurrencyLimit(POD_MARK_WRITES_IN_FLIGHT),
  };
}
