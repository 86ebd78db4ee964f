/**
 * @wheelhouse/scheduler: kube-scheduler's scheduling framework, plugins, queue and
 * preemption, and the `wheelhouse scheduler` component that binds pending pods to nodes.
 */
export { Code, Status, codeName, type StatusResult } from './framework/status.js';
export { CycleState, type StateData } from './framework/cycle-state.js';
export { FitError, fitErrorMessage, type Diagnosis } from './framework/diagnosis.js';
export { NodeToStatus } from './framework/node-to-status.js';
export { numFeasibleNodesToFind } from './framework/num-feasible.js';
export { newPodInfo, type PodInfo } from './framework/pod-info.js';
export { Framework, type FrameworkDeps } from './framework/runtime.js';
export { schedulePod, type ScheduleResult, type ScheduleContext } from './framework/schedule-pod.js';
export type * from './framework/interfaces.js';
export type { Handle, NodeInfoLister, ClusterListers, ClusterWriter, SchedulerEvents } from './framework/handle.js';
export type { ProfileSpec, PluginRef, Registry, PluginFactory } from './framework/registry.js';
export { NodeInfo } from './cache/node-info.js';
export { Snapshot } from './cache/snapshot.js';
export { SchedulerCache, CacheError } from './cache/cache.js';
export { inTreeRegistry } from './plugins/registry.js';
export { Names as PluginNames } from './plugins/names.js';
export {
  PriorityQueue,
  type PriorityQueueOptions,
  type QueueName,
  type QueueProfile,
} from './queue/scheduling-queue.js';
export { Nominator } from './queue/nominator.js';
export { parseSchedulerConfig, defaultSchedulerConfig } from './config/load.js';
export { ConfigError } from './config/errors.js';
export { DEFAULT_SCHEDULER_NAME, type SchedulerConfig, type LeaderElectionSettings } from './config/resolve.js';
export { buildScheduler, Scheduler, type SchedulerOptions } from './scheduler.js';
export { SchedulerMetrics } from './metrics.js';
export { serveEndpoints, type EndpointServer } from './serve.js';
export { schedulerCommand } from './main.js';
