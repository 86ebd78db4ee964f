/**
 * @wheelhouse/controller-manager: kube-controller-manager's workload controllers, each a
 * runnable built from a {@link ControllerContext} (REST client, shared informers, clock,
 * logger, event recorders).
 */
export type { ControllerContext, ControllerOptions } from './context.js';
export type { Runnable } from './runnable.js';
export {
  buildControllerManager,
  type ControllerManager,
  type ControllerManagerConfig,
  type LeaderElectionSettings,
} from './controller-manager.js';
export { controllerManagerCommand, configFromFlags } from './main.js';
export {
  CONTROLLERS,
  DEFAULT_CONTROLLERS,
  type ControllerDescriptor,
  enabledControllers,
  isControllerEnabled,
  validateControllerList,
} from './controllers/index.js';
export { newReplicaSetController, newReplicaController } from './controllers/replicaset/controller.js';
export { newDeploymentController } from './controllers/deployment/controller.js';
export { newDaemonSetController } from './controllers/daemonset/controller.js';
export { newStatefulSetController } from './controllers/statefulset/controller.js';
export { newJobController } from './controllers/job/controller.js';
export { newTtlAfterFinishedController } from './controllers/ttl-after-finished/controller.js';
export {
  type ReplicaOwnerKind,
  type ReplicaOwnerView,
  type ReplicaStatus,
  replicaSetKind,
} from './controllers/replicaset/kind.js';
