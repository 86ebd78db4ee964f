import { podClaimNames, type Node, type Pod } from '@wheelhouse/api';
import { NODE_NAME_INDEX, type Served } from '@wheelhouse/client';
import type { ResolvedKubeletConfig } from './config.js';
import type { NodePool } from './nodes/node-pool.js';
import { NodeStageHost } from './nodes/node-stage-host.js';
import { PodHost } from './pods/pod-host.js';
import { PodLedger } from './pods/pod-ledger.js';
import { PodStatusManager } from './pods/status-manager.js';
import { PodSync } from './pods/pod-sync.js';
import type { StageLogBook } from './pods/stage-log-book.js';
import type { WeightedDelayingQueue } from './queue/delaying-queue.js';
import type { CompiledStage } from './stages/compile.js';
import { eventSubject } from './stages/event-subject.js';
import { StagePlayer } from './stages/player.js';
import type { CachedNode, CachedPod } from './types.js';
import type { Wiring } from './wiring.js';

/**
 * Builds the pod side of a kubelet: ledger, stage host (writing stage log lines to
 * `stageLogs`), player and the informer sync feeding it.
 */
export function podSyncFor(
  config: ResolvedKubeletConfig,
  stages: CompiledStage[],
  queue: WeightedDelayingQueue,
  wiring: Wiring,
  pool: NodePool,
  podConfig: Record<string, unknown>,
  stageLogs: StageLogBook,
): PodSync {
  const podsOn = (node: string): CachedPod[] => wiring.pods.lister().byIndex(NODE_NAME_INDEX, node) as CachedPod[];
  const ledger = new PodLedger({
    podsOn,
    node: (name) => wiring.nodes.lister().get(name),
    fallbackPodCIDR: () => config.podCIDR,
    allocatable: (node) => pool.allocatable(node),
  });
  const pods = config.client.resource('pods');
  const statuses = new PodStatusManager({
    pods,
    lister: wiring.pods.lister(),
    queue,
    running: (node) => pool.running(node),
    logger: config.logger.child({ component: 'pod-status' }),
    // A pod the status manager looks at again takes the way of any pod change (set below).
    rematch: (pod) => sync.changed(pod),
  });
  const host = new PodHost({
    pods,
    lister: wiring.pods.lister(),
    statuses,
    ledger,
    nodes: pool,
    clock: config.clock,
    stageLogs,
    config: podConfig,
    claims: (ns, name) => {
      const claim = wiring.claims.lister().get(name, ns);
      return claim && { phase: claim.status?.phase, deleting: claim.metadata.deletionTimestamp !== undefined };
    },
  });
  const player = new StagePlayer<Served<Pod>>({
    stages: stages.filter((s) => s.kind === 'Pod'),
    queue,
    host,
    name: 'pod',
    random: config.random,
    logger: config.logger.child({ component: 'pods' }),
  });
  wakeOnClaims(wiring, player, (node) => pool.hosted(node));
  const sync = new PodSync({
    informer: wiring.pods,
    player,
    ledger,
    statuses,
    stageLogs,
    hosted: (node) => pool.hosted(node),
    warn: (pod, problem) =>
      pool
        .recorder(pod.spec?.nodeName ?? '')
        .event(eventSubject(pod, 'Pod'), 'Warning', 'SimulationUnsupported', problem),
  });
  return sync;
}

/** Builds the player of Node stages (from a stage file), or undefined when there are none. */
export function nodePlayerFor(
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
  const player = new StagePlayer<Served<Node>>({
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

/**
 * A claim that appears, changes phase or starts being deleted wakes the hosted pods of its
 * namespace that use it (they may start now); other claim updates leave unboundClaims() as it was.
 */
function wakeOnClaims(wiring: Wiring, player: StagePlayer<Served<Pod>>, hosted: (node: string) => boolean): void {
  const wake = (claim: { metadata: { namespace?: string | undefined; name: string } }): void => {
    for (const pod of wiring.pods.lister().list({ namespace: claim.metadata.namespace ?? '' }) as CachedPod[]) {
      if (hosted(pod.spec?.nodeName ?? '') && podClaimNames(pod).includes(claim.metadata.name)) player.observe(pod);
    }
  };
  wiring.claims.addEventHandler({
    onAdd: wake,
    onUpdate: (old, claim) => {
      const deleting = (c: typeof claim) => c.metadata.deletionTimestamp !== undefined;
      if (old.status?.phase !== claim.status?.phase || deleting(old) !== deleting(claim)) wake(claim);
    },
  });
}
