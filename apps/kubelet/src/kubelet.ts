import { readFileSync } from 'node:fs';
import { KubeletError } from './errors.js';
import { resolveConfig, type KubeletConfig, type ResolvedKubeletConfig } from './config.js';
import { NodePool } from './nodes/node-pool.js';
import { addressesFor, indexForName, type NodeConfig } from './nodes/node-config.js';
import { NodeStageHost } from './nodes/node-stage-host.js';
import { PodHost } from './pods/pod-host.js';
import { PodLedger } from './pods/pod-ledger.js';
import { PodSync } from './pods/pod-sync.js';
import { POD_FUNCTION_NAMES } from './pods/pod-functions.js';
import { WeightedDelayingQueue } from './queue/delaying-queue.js';
import { builtinStages } from './stages/builtin.js';
import type { CompiledStage } from './stages/compile.js';
import { BUILTIN_FUNCTIONS } from './stages/functions.js';
import { combineStages, parseStages, type StageFunctionNames } from './stages/load.js';
import { StagePlayer } from './stages/player.js';
import type { CachedNode, CachedPod } from './types.js';
import { wire, type Wiring } from './wiring.js';
import { NODE_NAME_INDEX } from '@wheelhouse/client';

/** A built kubelet: start it, then stop it once. */
export interface Kubelet {
  /** The hosted nodes: list, add, remove, fail, recover. */
  readonly nodes: NodePool;
  /** The stages in force. */
  readonly stages: readonly CompiledStage[];
  /** Syncs the caches and registers the nodes; resolves once the informers synced. */
  start(): Promise<void>;
  /** Stops heartbeats, transitions and watches; the Node objects stay (a machine switched off). */
  stop(): Promise<void>;
}

const FUNCTIONS: StageFunctionNames = {
  Pod: new Set([...Object.keys(BUILTIN_FUNCTIONS), ...POD_FUNCTION_NAMES]),
  Node: new Set(Object.keys(BUILTIN_FUNCTIONS)),
};

/**
 * Builds the simulated kubelet for one process: N nodes sharing one pod informer, one node
 * informer and one weighted delaying queue that drives every heartbeat and stage. Validates
 * the configuration and the stage file at once (throws a KubeletError naming the problem).
 */
export function buildKubelet(input: KubeletConfig): Kubelet {
  const config = resolveConfig(input);
  const stages = loadStages(config);
  const log = config.logger;
  const queue = new WeightedDelayingQueue({ clock: config.clock, concurrency: config.concurrency, logger: log });
  const wiring = wire(config.client, log.child({ component: 'informers' }));
  const podConfig = { podStartupDelayMs: config.podStartupDelayMs, podStopDelayMs: config.podStopDelayMs };
  const pool = new NodePool({
    configFor: (name, index) => nodeConfig(config, name, index),
    nextName: (index) => `${config.nodeNamePrefix}${index}`,
    client: config.client,
    clock: config.clock,
    logger: log,
    agentDeps: {
      nodes: config.client.resource('nodes'),
      leases: config.client.resource('leases'),
      cachedNode: (name) => wiring.nodes.lister().get(name),
      queue,
      clock: config.clock,
      random: config.random,
      logger: log.child({ component: 'node' }),
      statusUpdateMs: config.nodeStatusUpdateFrequencyMs,
      statusReportMs: config.nodeStatusReportFrequencyMs,
      onRunning: (name) => podSync.resyncNode(name),
    },
  });
  const podSync = podSyncFor(config, stages, queue, wiring, pool, podConfig);
  const nodePlayer = nodePlayerFor(config, stages, queue, wiring, pool);
  const abort = new AbortController();
  return {
    nodes: pool,
    stages,
    start: async () => {
      podSync.start();
      if (nodePlayer) wiring.nodes.addEventHandler({ onAdd: nodePlayer, onUpdate: (_o, n) => nodePlayer(n) });
      const synced = await wiring.start(abort.signal);
      if (!synced) return;
      if (config.nodeName !== undefined) pool.add(config.nodeName);
      else for (let i = 0; i < config.nodes; i++) pool.add();
      log.info({ nodes: config.nodes, stages: stages.length }, 'kubelet started');
    },
    stop: async () => {
      await pool.stop();
      await queue.stop();
      abort.abort();
      await wiring.stopped();
    },
  };
}

function loadStages(config: ResolvedKubeletConfig): CompiledStage[] {
  const builtIn = builtinStages(FUNCTIONS);
  if (!config.stagesFile) return builtIn;
  let text: string;
  try {
    text = readFileSync(config.stagesFile, 'utf8');
  } catch (err) {
    const problem = `cannot read it (${(err as NodeJS.ErrnoException).code})`;
    throw new KubeletError('StageFileUnreadable', { file: config.stagesFile, problem });
  }
  return combineStages(builtIn, parseStages(text, config.stagesFile, FUNCTIONS), config.stagesMode);
}

function nodeConfig(config: ResolvedKubeletConfig, name: string, index: number): NodeConfig {
  const addresses = addressesFor(config.nodeName !== undefined ? indexForName(name) : index);
  return {
    name,
    capacity: { cpu: config.cpu, memory: config.memory, pods: String(config.maxPods) },
    systemReserved: config.systemReserved,
    labels: config.nodeLabels,
    taints: config.registerWithTaints,
    podCIDR: config.podCIDR ?? addresses.podCIDR,
    ip: addresses.ip,
    kubeletPort: config.kubeletPort,
    leaseDurationSeconds: config.nodeLeaseDurationSeconds,
  };
}

function podSyncFor(
  config: ResolvedKubeletConfig,
  stages: CompiledStage[],
  queue: WeightedDelayingQueue,
  wiring: Wiring,
  pool: NodePool,
  podConfig: Record<string, unknown>,
): PodSync {
  const podsOn = (node: string): CachedPod[] => wiring.pods.lister().byIndex(NODE_NAME_INDEX, node) as CachedPod[];
  const ledger = new PodLedger({
    podsOn,
    node: (name) => wiring.nodes.lister().get(name),
    fallbackPodCIDR: () => config.podCIDR,
  });
  const host = new PodHost({
    pods: config.client.resource('pods'),
    lister: wiring.pods.lister(),
    ledger,
    nodes: pool,
    clock: config.clock,
    config: podConfig,
  });
  const player = new StagePlayer<CachedPod>({
    stages: stages.filter((s) => s.kind === 'Pod'),
    queue,
    host,
    name: 'pod',
    random: config.random,
    logger: config.logger.child({ component: 'pods' }),
  });
  return new PodSync({
    informer: wiring.pods,
    player,
    ledger,
    hosted: (node) => pool.hosted(node),
    warn: (pod, problem) =>
      pool.recorder(pod.spec?.nodeName ?? '').event(pod, 'Warning', 'SimulationUnsupported', problem),
  });
}

function nodePlayerFor(
  config: ResolvedKubeletConfig,
  stages: CompiledStage[],
  queue: WeightedDelayingQueue,
  wiring: Wiring,
  pool: NodePool,
): ((node: CachedNode) => void) | undefined {
  const nodeStages = stages.filter((s) => s.kind === 'Node');
  if (nodeStages.length === 0) return undefined;
  const host = new NodeStageHost({
    nodes: config.client.resource('nodes'),
    lister: wiring.nodes.lister(),
    running: (name) => pool.running(name),
    recorder: (name) => pool.recorder(name),
    clock: config.clock,
    config: {},
  });
  const player = new StagePlayer<CachedNode>({
    stages: nodeStages,
    queue,
    host,
    name: 'node',
    random: config.random,
    logger: config.logger.child({ component: 'node-stages' }),
  });
  return (node) => {
    if (pool.hosted(node.metadata.name)) player.observe(node);
  };
}
