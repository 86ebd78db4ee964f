/**
 * What a DaemonSet's pod looks like and where it may run (kube's daemon/util): the
 * tolerations kube adds to daemon pods, the required node affinity on metadata.name that pins
 * a pod to its node for the scheduler, and whether a node should run (or keep) the pod.
 */
import {
  type Affinity,
  type DaemonSet,
  type Node,
  type PodSpec,
  type PodTemplateSpec,
  RequiredNodeAffinity,
  type Toleration,
  doNotScheduleTaint,
  findUntoleratedTaint,
} from '@wheelhouse/api';
import { type DeepReadonly, type Served, mutableCopy } from '@wheelhouse/client';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../workload/history.js';
import type { CachedPod } from '../../workload/pod-status.js';

/** A DaemonSet as cached. */
export type CachedDaemonSet = DeepReadonly<Served<DaemonSet>>;
/** A Node as cached. */
export type CachedNode = DeepReadonly<Served<Node>>;

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

/** The tolerations every daemon pod gets (network-unavailable only for host-network pods). */
function daemonTolerations(hostNetwork: boolean): Toleration[] {
  return [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/unschedulable', 'NoSchedule'),
    ...(hostNetwork ? [exists('node.kubernetes.io/network-unavailable', 'NoSchedule')] : []),
  ];
}

/**
 * The spec's tolerations with each daemon toleration added, or put in place of an equal one
 * (kube's AddOrUpdateDaemonPodTolerations); `spec` is not changed.
 */
export function withDaemonTolerations(spec: DeepReadonly<PodSpec>): Toleration[] {
  const list: Toleration[] = [...(spec.tolerations ?? [])];
  for (const t of daemonTolerations(spec.hostNetwork === true)) {
    const same = list.findIndex(
      (x) =>
        x.key === t.key && (x.operator ?? 'Equal') === t.operator && (x.value ?? '') === '' && x.effect === t.effect,
    );
    if (same >= 0) list[same] = t;
    else list.push(t);
  }
  return list;
}

/** The template of the DaemonSet's pods: its template plus daemon tolerations and the revision hash label (kube's CreatePodTemplate). */
export function daemonPodTemplate(ds: CachedDaemonSet, hash: string): PodTemplateSpec {
  const t: PodTemplateSpec = mutableCopy(ds.spec?.template ?? {});
  t.spec ??= { containers: [] };
  t.spec.tolerations = withDaemonTolerations(t.spec);
  t.metadata = {
    ...t.metadata,
    labels: { ...(t.metadata?.labels ?? {}), ...(hash ? { [CONTROLLER_REVISION_HASH_LABEL]: hash } : {}) },
  };
  return t;
}

/** `affinity` with its required node affinity replaced by "metadata.name In [node]" (kube's ReplaceDaemonSetPodNodeNameNodeAffinity). */
export function pinToNode(affinity: Affinity | undefined, node: string): Affinity {
  const term = { matchFields: [{ key: 'metadata.name', operator: 'In', values: [node] }] };
  return {
    ...affinity,
    nodeAffinity: {
      ...affinity?.nodeAffinity,
      requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] },
    },
  };
}

/** The node a daemon pod runs on or is pinned to (kube's GetTargetNodeName); undefined when neither. */
export function targetNodeName(pod: CachedPod): string | undefined {
  if (pod.spec?.nodeName) return pod.spec.nodeName;
  const terms =
    pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? [];
  for (const term of terms) {
    for (const f of term.matchFields ?? []) {
      if (f.key === 'metadata.name' && f.operator === 'In' && f.values?.length === 1) return f.values[0];
    }
  }
  return undefined;
}

/**
 * Whether `node` should run the DaemonSet's pod, and whether a pod already there may keep
 * running (kube's NodeShouldRunDaemonPod): the node must fit the template's node name,
 * nodeSelector and required affinity; an untolerated NoSchedule or NoExecute taint stops new
 * pods, and only an untolerated NoExecute taint stops running ones.
 */
export function nodeShouldRunDaemonPod(
  node: CachedNode,
  ds: CachedDaemonSet,
): { shouldRun: boolean; shouldContinueRunning: boolean } {
  const spec = ds.spec?.template?.spec ?? { containers: [] };
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!new RequiredNodeAffinity({ spec }).matches(node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints;
  const tolerations = withDaemonTolerations(spec);
  if (!findUntoleratedTaint(taints, tolerations, doNotScheduleTaint))
    return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findUntoleratedTaint(taints, tolerations, (t) => t.effect === 'NoExecute');
  return { shouldRun: false, shouldContinueRunning: !evicting };
}
