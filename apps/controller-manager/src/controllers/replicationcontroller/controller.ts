/** The ReplicationController controller ("replicationcontroller"): kube's ReplicationManager. */
import type { ControllerContext, ControllerOptions } from '../../context.js';
import type { Runnable } from '../../runnable.js';
import { newReplicaController } from '../replicaset/controller.js';
import { replicationControllerKind } from './kind.js';

/**
 * Keeps each ReplicationController's pods at spec.replicas with the ReplicaSet controller's
 * sync (adoption, expectations, slow-start creates, ranked deletes, status and events).
 */
export function newReplicationControllerController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  return newReplicaController(ctx, replicationControllerKind(ctx), options);
}
