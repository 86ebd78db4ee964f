/**
 * The NoSchedule condition taints (kube's doNoScheduleTaintingPass), on every Node event:
 * not-ready / unreachable for Ready False / Unknown, memory-, disk-, pid-pressure and
 * network-unavailable for those conditions True, and unschedulable for spec.unschedulable.
 * Only these taints are added or removed; every other taint stays.
 */
import type { DeepReadonly, Served } from '@wheelhouse/client';
import type { Node } from '@wheelhouse/api';
import type { NodeLifecycleDeps } from './deps.js';
import { managedNoScheduleTaints, swapTaints, taintSetDiff, wantedNoScheduleTaints } from './taints.js';

/** Brings the named node's condition taints in line with its conditions; a missing node is done. */
export async function doNoScheduleTaintingPass(deps: NodeLifecycleDeps, name: string): Promise<void> {
  const node = deps.nodes.get(name);
  if (!node) return;
  const { add, remove } = taintSetDiff(wantedNoScheduleTaints(node), managedNoScheduleTaints(node));
  if (add.length === 0 && remove.length === 0) return;
  await swapTaints(deps, name, add, remove);
}

/** The beta OS and arch labels follow the stable ones (kube's labelReconcileInfo). */
const LABEL_PAIRS = [
  ['kubernetes.io/os', 'beta.kubernetes.io/os'],
  ['kubernetes.io/arch', 'beta.kubernetes.io/arch'],
] as const;

function labelsToUpdate(node: DeepReadonly<Served<Node>>): Record<string, string> {
  const labels = node.metadata.labels ?? {};
  const out: Record<string, string> = {};
  for (const [primary, secondary] of LABEL_PAIRS) {
    const value = labels[primary];
    if (value !== undefined && labels[secondary] !== value) out[secondary] = value;
  }
  return out;
}

/** Sets the beta OS and arch labels of the named node to its stable ones' values (kube's reconcileNodeLabels). */
export async function reconcileNodeLabels(deps: NodeLifecycleDeps, name: string): Promise<void> {
  const node = deps.nodes.get(name);
  if (!node) return;
  const labels = labelsToUpdate(node);
  if (Object.keys(labels).length === 0) return;
  await deps.client.resource('nodes').patch(name, { metadata: { labels } }, { type: 'merge' });
}
