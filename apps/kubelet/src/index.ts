/**
 * @wheelhouse/kubelet: the simulated kubelet. Nodes register and renew their leases; pods
 * bound to them play lifecycles described as stages (kwok's model) on one weighted delaying
 * queue. `buildKubelet(config)` builds it; `kubeletCommand` is `wheelhouse kubelet`.
 */
export { buildKubelet, type Kubelet } from './kubelet.js';
export { kubeletCommand } from './main.js';
export { resolveConfig, type KubeletConfig, type ResolvedKubeletConfig } from './config.js';
export { KUBELET_ERRORS, KubeletError, isKubeletError, type KubeletErrorCode } from './errors.js';
export { type NodePool, type NodeSummary } from './nodes/node-pool.js';
export { type NodeState } from './nodes/node-agent.js';
export { KUBELET_VERSION, RUNTIME_VERSION } from './nodes/node-config.js';
export { type AdminServer, type AdminPortFile } from './admin/admin-server.js';
export { SIM_ANNOTATIONS } from './pods/annotations.js';
export { STAGE_API_VERSION, StageSchema, type StageDocument, type StageKind } from './stages/schema.js';
export { type CompiledStage } from './stages/compile.js';
export { parseStages, loadStageFile, combineStages, type StagesMode, type StageFunctionNames } from './stages/load.js';
export { builtinStages, BUILTIN_POD_STAGES_FILE } from './stages/builtin.js';
export { StagePlayer, type StageHost, type StagePlayerOptions } from './stages/player.js';
export { WeightedDelayingQueue, PRIORITY, type WeightedDelayingQueueOptions } from './queue/delaying-queue.js';
