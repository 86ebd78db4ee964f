/**
 * The taint eviction controller's wiring: node events that change a node's NoExecute taints
 * and pod events that change a pod's node or tolerations enqueue the node or pod (kube's
 * update workers); an eviction that comes due runs on its own (reconcile.ts).
 */
import type { Node, Pod } from '@wheelhouse/api';
import { type DeepReadonly, type Served, objectKey } from '@wheelhouse/client';
import { type ControllerContext, type ControllerOptions, newController } from '../../context.js';
import { nodeInformer, podInformer } from '../../informers.js';
import type { Runnable } from '../../runnable.js';
import { taintEvictionMetrics } from './metrics.js';
import { TaintManager } from './reconcile.js';
import { noExecuteTaints, sameTaints } from './tolerations.js';

/** kube-controller-manager's name of the controller, also its events' component. */
export const TAINT_EVICTION_CONTROLLER = 'taint-eviction-controller';

const NODE = 'node:';
const POD = 'pod:';

type CachedNode = DeepReadonly<Served<Node>>;
type CachedPod = DeepReadonly<Served<Pod>>;

function podChanged(old: CachedPod, pod: CachedPod): boolean {
  return (
    old.spec?.nodeName !== pod.spec?.nodeName ||
    JSON.stringify(old.spec?.tolerations ?? []) !== JSON.stringify(pod.spec?.tolerations ?? [])
  );
}

function taintsChanged(old: CachedNode, node: CachedNode): boolean {
  return !sameTaints(noExecuteTaints(old.spec?.taints), noExecuteTaints(node.spec?.taints));
}

/** kube-controller-manager's "taint-eviction-controller" (the NoExecute taint manager). */
export function newTaintEvictionController(ctx: ControllerContext, options: ControllerOptions): Runnable {
  const pods = podInformer(ctx.informers);
  const nodes = nodeInformer(ctx.informers);
  const manager = new TaintManager({
    client: ctx.client,
    pods: pods.lister(),
    nodes: nodes.lister(),
    clock: ctx.clock,
    recorder: ctx.recorder(TAINT_EVICTION_CONTROLLER),
    metrics: taintEvictionMetrics(ctx.metrics),
    logger: ctx.logger.child({ controller: TAINT_EVICTION_CONTROLLER }),
  });
  const controller = newController(ctx, {
    name: TAINT_EVICTION_CONTROLLER,
    workers: options.workers,
    reconcile: (key) => {
      if (key.startsWith(NODE)) manager.syncNode(key.slice(NODE.length));
      else if (key.startsWith(POD)) manager.syncPod(key.slice(POD.length));
      return Promise.resolve({});
    },
  });
  const enqueue = (key: string): void => controller.enqueue(key);
  const onPod = (pod: CachedPod): void => {
    if (pod.spec?.nodeName) enqueue(POD + objectKey(pod));
  };
  controller.watch(pods, {
    onAdd: onPod,
    onUpdate: (old, pod) => (podChanged(old, pod) ? onPod(pod) : undefined),
    onDelete: (pod) => enqueue(POD + objectKey(pod)),
  });
  controller.watch(nodes, {
    onAdd: (node) => enqueue(NODE + node.metadata.name),
    onUpdate: (old, node) => (taintsChanged(old, node) ? enqueue(NODE + node.metadata.name) : undefined),
  });
  return {
    name: TAINT_EVICTION_CONTROLLER,
    needsLeader: true,
    run: async (signal) => {
      try {
        await controller.run(signal);
      } finally {
        manager.stop();
      }
    },
  };
}
