import { readFileSync } from 'node:fs';
import { KubeletError } from './errors.js';
import { resolveConfig, type KubeletConfig, type ResolvedKubeletConfig } from './config.js';
import { NodePool } from './nodes/node-pool.js';
import { addressesFor, indexForName, type NodeConfig, type NodeOverrides } from './nodes/node-config.js';
import { POD_FUNCTION_NAMES } from './pods/pod-functions.js';
import { WeightedDelayingQueue } from './queue/delaying-queue.js';
import { builtinStages } from './stages/builtin.js';
import type { CompiledStage } from './stages/compile.js';
import { BUILTIN_FUNCTIONS } from './stages/functions.js';
import { combineStages, parseStages, type StageFunctionNames } from './stages/load.js';
import { buildManager, ClientError, stripManagedFields, type Manager } from '@wheelhouse/client';
import { wire } from './wiring.js';
import { nodePlayerFor, podSyncFor } from './assemble.js';
import { startAdminServer, writeAdminPortFile, type AdminServer } from './admin/admin-server.js';
import { startKubeletApi, type KubeletApi } from './kubelet-api/server.js';
import { StageLogBook } from './pods/stage-log-book.js';

/** A built kubelet: start it, then stop it once. */
export interface Kubelet {
  /** The hosted nodes: list, add, remove, fail, recover. */
  readonly nodes: NodePool;
  /** The stages in force. */
  readonly stages: readonly CompiledStage[];
  /** The admin API, once started (when an admin port was configured). */
  readonly admin: AdminServer | undefined;
  /** The kubelet API (container logs) of every hosted node, once started. */
  readonly api: KubeletApi | undefined;
  /**
   * The controller runtime's Manager the kubelet runs in: the shared client and informers, and
   * `/healthz`, `/readyz` and `/metrics` on --healthz-bind-address:--healthz-port (see
   * `manager.serving()`).
   */
  readonly manager: Manager;
  /**
   * Starts the Manager, syncs the caches and registers the nodes; resolves once they are being
   * registered. Rejects when the health endpoint cannot listen or a server fails to start.
   */
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
  const queue = new WeightedDelayingQueue({
    clock: config.clock,
    concurrency: config.concurrency,
    tickMs: config.queueTickMs,
    logger: log,
  });
  const manager = buildManager({
    name: 'kubelet',
    client: config.client,
    bindAddress: config.healthzBindAddress,
    securePort: config.healthzPort,
    // The kubelet waits for the API server as long as it takes (as before the Manager); the
    // longest timer Node keeps.
    cacheSyncTimeoutMs: 2 ** 31 - 1,
    // Informers keep real time, as before the Manager: the configured clock drives the simulation only.
    logger: log,
    // One process caches the pods of every node it hosts: managedFields are dropped (as kube's
    // controller manager and scheduler drop them), the kubelet writes by patches that need none.
    informers: { transform: stripManagedFields },
  });
  const wiring = wire(config.client, manager.informers);
  const podConfig = { podStartupDelayMs: config.podStartupDelayMs, podStopDelayMs: config.podStopDelayMs };
  let kubeletPort = config.kubeletPort;
  const pool = new NodePool({
    configFor: (name, index, overrides) =>
      nodeConfig(config, name, index + config.firstNodeIndex - 1, kubeletPort, overrides),
    nextName: (index) => `${config.nodeNamePrefix}${index + config.firstNodeIndex - 1}`,
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
      onRunning: (name) => {
        podSync.resyncNode(name);
        // The node's last cache event may have come while it was still registering (its stages suspended).
        const node = wiring.nodes.lister().get(name);
        if (node) nodePlayer?.(node);
      },
    },
  });
  const stageLogs = new StageLogBook();
  const podSync = podSyncFor(config, stages, queue, wiring, pool, podConfig, stageLogs);
  const nodePlayer = nodePlayerFor(config, stages, queue, wiring, pool);
  const abort = new AbortController();
  let admin: AdminServer | undefined;
  let api: KubeletApi | undefined;
  let running: Promise<void> | undefined;
  /** Serves the kubelet API, adds the nodes and serves the admin API (the caches are synced). */
  const serve = async (): Promise<void> => {
    const apiDeps = {
      pods: wiring.pods,
      hosted: (n: string) => pool.hosted(n),
      clock: config.clock,
      stageLogs,
      logger: log,
    };
    api = await startKubeletApi(apiDeps, config.kubeletPort);
    kubeletPort = api.port;
    if (config.nodeName !== undefined) pool.add(config.nodeName);
    else for (let i = 0; i < config.nodes; i++) pool.add();
    if (config.adminPort !== undefined) {
      admin = await startAdminServer(pool, config.adminPort, log);
      if (config.adminPortFile) await writeAdminPortFile(config.adminPortFile, admin);
    }
    log.info({ nodes: config.nodes, stages: stages.length }, 'kubelet started');
  };
  /** Stops what {@link serve} started, then the queue; the Manager stops the informers after. */
  const unserve = async (): Promise<void> => {
    await admin?.close();
    await api?.close();
    await pool.stop();
    await queue.stop();
  };
  return {
    nodes: pool,
    stages,
    manager,
    get admin() {
      return admin;
    },
    get api() {
      return api;
    },
    start: async () => {
      podSync.start();
      // A node's pods wait until the node is in the cache (admission reads it there).
      wiring.nodes.addEventHandler({
        onAdd: (n) => pool.hosted(n.metadata.name) && podSync.resyncNode(n.metadata.name),
      });
      if (nodePlayer) wiring.nodes.addEventHandler({ onAdd: nodePlayer, onUpdate: (_o, n) => nodePlayer(n) });
      let served!: () => void;
      const started = new Promise<void>((resolve) => (served = resolve));
      manager.add({
        name: 'kubelet',
        needsLeader: false,
        run: async (signal) => {
          // A server that cannot start fails the Manager, and so start(), leaving nothing running.
          await serve().catch(async (err: unknown) => {
            await unserve();
            throw err;
          });
          served();
          await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
          await unserve();
        },
      });
      running = manager.start(abort.signal);
      // Resolves once served (or stopped before the caches synced); rejects if the Manager
      // failed, with the kubelet's own error rather than the Manager's wrapper.
      await Promise.race([started, running.catch((err: unknown) => Promise.reject(unwrapRunnable(err)))]);
    },
    stop: async () => {
      abort.abort();
      // Without a Manager run (start failed or never called) there is still a queue to stop.
      if (running) await running.catch(() => undefined);
      else await unserve();
    },
  };
}

/** The error a runnable of the Manager failed with, for a RunnableFailed ClientError; else `err`. */
function unwrapRunnable(err: unknown): unknown {
  return err instanceof ClientError && err.code === 'RunnableFailed' && err.cause !== undefined ? err.cause : err;
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

function nodeConfig(
  config: ResolvedKubeletConfig,
  name: string,
  index: number,
  kubeletPort: number,
  overrides: NodeOverrides = {},
): NodeConfig {
  const addresses = addressesFor(config.nodeName !== undefined ? indexForName(name) : index);
  return {
    name,
    capacity: {
      cpu: overrides.cpu ?? config.cpu,
      'ephemeral-storage': config.ephemeralStorage,
      memory: overrides.memory ?? config.memory,
      pods: String(config.maxPods),
    },
    systemReserved: config.systemReserved,
    labels: { ...config.nodeLabels, ...overrides.labels },
    taints: overrides.taints ?? config.registerWithTaints,
    podCIDR: config.podCIDR ?? addresses.podCIDR,
    ip: addresses.ip,
    kubeletPort,
    leaseDurationSeconds: config.nodeLeaseDurationSeconds,
  };
}
