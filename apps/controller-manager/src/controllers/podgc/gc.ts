/**
 * One pass of the pod GC (kube's PodGCController.gc), over the pods and nodes in the cache:
 * terminated pods beyond the threshold (evicted, then oldest first), pods terminating on a node
 * that is not Ready and has the node.kubernetes.io/out-of-service taint, pods bound to nodes
 * that no longer exist (after a quarantine and a GET of the node), and terminating pods never
 * scheduled; each is force-deleted (see {@link forceDelete}).
 */
import type { Node } from '@wheelhouse/api';
import { type DeepReadonly, type Lister, type Served, isNotFound } from '@wheelhouse/client';
import { type CachedPod, isPodTerminal } from '../../workload/pod-status.js';
import type { ConditionIntent } from '../../workload/pod-status-patch.js';
import { type PodGcDeps, byEvictionAndAge, forceDelete, forceDeleteAll } from './force-delete.js';
import type { NodeQuarantine } from './quarantine.js';

/** What a pass needs besides {@link PodGcDeps}. */
export interface PodGcPassDeps extends PodGcDeps {
  nodes: Lister<Served<Node>>;
  /** Terminated pods kept; <= 0 keeps them all. */
  threshold: number;
  quarantine: NodeQuarantine;
}

/** The taint that lets the pod GC remove pods stuck terminating on a node that is down. */
export const OUT_OF_SERVICE_TAINT = 'node.kubernetes.io/out-of-service';

/** The condition kube's pod GC sets on the pods of a node that no longer exists. */
export const ORPHANED_CONDITION: ConditionIntent = {
  type: 'DisruptionTarget',
  status: 'True',
  reason: 'DeletionByPodGC',
  message: 'PodGC: node no longer exists',
};

function isNodeReady(node: DeepReadonly<Node>): boolean {
  return node.status?.conditions?.some((c) => c.type === 'Ready' && c.status === 'True') ?? false;
}

/** Runs one pass; never rejects (failures are logged and counted per pod). */
export async function gcPass(deps: PodGcPassDeps): Promise<void> {
  const pods = deps.pods.list();
  if (deps.threshold > 0) await gcTerminated(deps, pods);
  await gcTerminating(deps, pods);
  await gcOrphaned(deps, pods);
  await gcUnscheduledTerminating(deps, pods);
}

async function gcTerminated(deps: PodGcPassDeps, pods: readonly CachedPod[]): Promise<void> {
  const terminated = pods.filter(isPodTerminal);
  const excess = terminated.length - deps.threshold;
  if (excess <= 0) return;
  deps.logger.info({ pods: excess }, 'garbage collecting terminated pods');
  await forceDeleteAll(deps, [...terminated].sort(byEvictionAndAge).slice(0, excess), 'terminated');
}

async function gcTerminating(deps: PodGcPassDeps, pods: readonly CachedPod[]): Promise<void> {
  const stuck = pods.filter((pod) => {
    if (!pod.metadata.deletionTimestamp || !pod.spec?.nodeName) return false;
    const node = deps.nodes.get(pod.spec.nodeName);
    return !!node && !isNodeReady(node) && (node.spec?.taints ?? []).some((t) => t.key === OUT_OF_SERVICE_TAINT);
  });
  await forceDeleteAll(deps, [...stuck].sort(byEvictionAndAge), 'out-of-service');
}

async function gcOrphaned(deps: PodGcPassDeps, pods: readonly CachedPod[]): Promise<void> {
  const now = deps.now();
  for (const pod of pods) {
    const node = pod.spec?.nodeName;
    if (node && !deps.nodes.get(node)) deps.quarantine.observe(node, now);
  }
  const gone = new Set<string>();
  for (const node of deps.quarantine.takeDue(now)) {
    if (!deps.nodes.get(node) && !(await nodeExists(deps, node))) gone.add(node);
  }
  if (gone.size === 0) return;
  const orphans = pods.filter((pod) => gone.has(pod.spec?.nodeName ?? ''));
  for (const pod of orphans) await forceDelete(deps, pod, 'orphaned', ORPHANED_CONDITION);
}

/** Whether the API server still has the node; an error counts as "exists" (checked again later). */
async function nodeExists(deps: PodGcPassDeps, name: string): Promise<boolean> {
  try {
    await deps.client.resource('nodes').get(name);
    return true;
  } catch (err) {
    if (isNotFound(err)) return false;
    deps.logger.error({ node: name, err }, 'checking a missing node failed');
    return true;
  }
}

async function gcUnscheduledTerminating(deps: PodGcPassDeps, pods: readonly CachedPod[]): Promise<void> {
  for (const pod of pods) {
    if (pod.metadata.deletionTimestamp && !pod.spec?.nodeName) await forceDelete(deps, pod, 'unscheduled');
  }
}
