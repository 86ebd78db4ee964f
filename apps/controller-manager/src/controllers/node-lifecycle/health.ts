/**
 * What the controller last saw of each node's health (kube's nodeHealthMap): its status, its
 * Lease, and when the controller itself saw them change, on its own clock (never the node's
 * times, which may be skewed).
 */
import type { Lease, NodeStatus } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';

/** One node's observed health. */
export interface NodeHealth {
  /** When the controller last saw a new heartbeat (status or Lease), epoch ms. */
  probeTimestamp: number;
  /** When the controller last saw the Ready condition change, epoch ms. */
  readyTransitionTimestamp: number;
  status: DeepReadonly<NodeStatus> | undefined;
  lease?: DeepReadonly<Lease> | undefined;
}

/** Node name to its observed health; entries are replaced, never changed in place. */
export type NodeHealthMap = Map<string, Readonly<NodeHealth>>;
