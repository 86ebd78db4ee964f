/**
 * The node lifecycle controller's wiring (kube's nodelifecycle Controller.Run): Node events feed
 * a queue for the NoSchedule condition taints and labels; Pod events (a pod bound to a node)
 * feed a queue marking pods on not-Ready nodes; once the caches have synced, the monitor pass
 * runs every --node-monitor-period and the NoExecute tainting pass every 100 ms, both on the
 * context's clock.
 */
import type { Node, Pod } from '@wheelhouse/api';
import { type DeepReadonly, type Served, objectKey, sleep, waitForCacheSync } from '@wheelhouse/client';
import type { Logger } from 'pino';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { nodeInformer, nodeLeaseInformer, podInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { type NodeLifecycleDeps, type NodeLifecycleState, newNodeLifecycleState } from './deps.js';
import { NodeLifecycleMetrics } from './metrics.js';
import { monitorNodeHealth } from './monitor.js';
import { doNoExecuteTaintingPass } from './no-execute.js';
import { doNoScheduleTaintingPass, reconcileNodeLabels } from './no-schedule.js';
import { processPod } from './pod-update.js';
import { MARKS_STOPPED } from './pods.js';
import { nodeLifecycleSettings } from './settings.js';

/** How often queued nodes are tainted (kube's NodeEvictionPeriod). */
const NODE_EVICTION_PERIOD_MS = 100;
/** Workers marking pods bound to not-Ready nodes (kube's podUpdateWorkerSize). */
const POD_WORKERS = 4;

/** Runs `pass` now and then `periodMs` after each run ends, until `signal` aborts (wait.Until). */
async function every(
  deps: NodeLifecycleDeps,
  signal: AbortSignal,
  periodMs: number,
  what: string,
  pass: () => Promise<void>,
) {
  while (!signal.aborted) {
    try {
      await pass();
    } catch (err) {
      deps.log.error({ err, pass: what }, 'node lifecycle pass failed');
    }
    try {
      await sleep(deps.clock, periodMs, signal);
    } catch {
      return;
    }
  }
}

function newDeps(ctx: ControllerContext, options: ControllerOptions, log: Logger) {
  const nodes = nodeInformer(ctx.informers);
  const leases = nodeLeaseInformer(ctx.informers);
  const pods = podInformer(ctx.informers);
  const deps: NodeLifecycleDeps = {
    client: ctx.client,
    recorder: ctx.recorder('node-controller'),
    clock: ctx.clock,
    log,
    now: () => ctx.clock.now(),
    nodes: nodes.lister(),
    leases: leases.lister(),
    pods: pods.lister(),
    settings: nodeLifecycleSettings(options.settings),
    metrics: new NodeLifecycleMetrics(ctx.metrics),
  };
  return { deps, informers: { nodes, leases, pods } };
}

/**
 * The "node-lifecycle" controller. Throws at once on bad settings (naming the flag). Its
 * node queue runs `options.workers` workers (kube: 8).
 */
export function newNodeLifecycleController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const log = ctx.logger.child({ controller: 'node-lifecycle' });
  const { deps, informers } = newDeps(ctx, options, log);
  const state: NodeLifecycleState = newNodeLifecycleState();
  const nodeQueue = newController(ctx, {
    name: 'node_lifecycle_controller',
    workers: options.workers,
    reconcile: async (name) => {
      await doNoScheduleTaintingPass(deps, name);
      await reconcileNodeLabels(deps, name);
    },
  });
  const enqueueNode = (node: DeepReadonly<Served<Node>>): void => nodeQueue.enqueue(node.metadata.name);
  nodeQueue.watch(informers.nodes, {
    onAdd: enqueueNode,
    onUpdate: (_old, node) => enqueueNode(node),
    onDelete: (node) => void state.nodesToRetry.delete(node.metadata.name),
  });
  const podQueue = newController(ctx, {
    name: 'node_lifecycle_controller_pods',
    workers: POD_WORKERS,
    reconcile: (key) => processPod(deps, state, key),
  });
  const bound = (old: DeepReadonly<Served<Pod>> | undefined, pod: DeepReadonly<Served<Pod>>): void => {
    const node = pod.spec?.nodeName;
    if (node && node !== old?.spec?.nodeName) podQueue.enqueue(objectKey(pod));
  };
  podQueue.watch(informers.pods, { onAdd: (pod) => bound(undefined, pod), onUpdate: bound });
  return {
    name: 'node-lifecycle',
    needsLeader: true,
    run: async (signal) => {
      const queues = [nodeQueue.run(signal), podQueue.run(signal)];
      const synced = await waitForCacheSync(signal, informers.nodes, informers.leases, informers.pods);
      const passes = synced
        ? [
            every(deps, signal, NODE_EVICTION_PERIOD_MS, 'no-execute tainting', () =>
              doNoExecuteTaintingPass(deps, state),
            ),
            every(deps, signal, deps.settings.monitorPeriodMs, 'monitor', () => monitorNodeHealth(deps, state)),
          ]
        : [];
      try {
        await Promise.all([...queues, ...passes]);
      } finally {
        // No write of this controller outlives it (a leader that stepped down writes no more):
        // marks still waiting for a slot are dropped, those under way are waited for.
        state.podMarkWrites.close(MARKS_STOPPED);
        await Promise.all(state.markingPods.values());
      }
    },
  };
}
