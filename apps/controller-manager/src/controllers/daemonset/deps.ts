import type { ControllerRevision, DaemonSet, Node, Pod } from '@wheelhouse/api';
import type { Lister, Served } from '@wheelhouse/client';
import type { PodControl } from '../../workload/pod-control.js';
import type { SyncDeps } from '../../workload/sync-deps.js';
import type { UidTrackingExpectations } from '../../workload/uid-expectations.js';
import type { FailedPodsBackoff } from './failed-pods-backoff.js';

/** kube's DaemonSet BurstReplicas: the most pods one sync creates or deletes. */
export const DAEMONSET_BURST_REPLICAS = 250;

/** What the DaemonSet sync reads and writes through. */
export interface DaemonSetDeps extends SyncDeps {
  daemonSets: Lister<Served<DaemonSet>>;
  nodes: Lister<Served<Node>>;
  pods: Lister<Served<Pod>>;
  revisions: Lister<Served<ControllerRevision>>;
  podControl: PodControl;
  expectations: UidTrackingExpectations;
  failedPodsBackoff: FailedPodsBackoff;
  /** Looks at the DaemonSet under `key` again after `ms`. */
  enqueueAfter(key: string, ms: number): void;
}
