/**
 * What a DaemonSet's pod looks like and where it may run (kube's daemon/util): the
 * tolerations kube adds to daemon pods, the required node affinity on metadata.name that pins
 * a pod to its node for the scheduler, and whether a node should run (or keep) the pod.
 */
import type { Affinity, DaemonSet, Node, PodSpec, PodTemplateSpec, Toleration } from '@wheelhouse/api';
import type { DeepReadonly, Served } from '@wheelhouse/client';
import { nodeMatchesPod } from '../../workload/node-affinity.js';
import { CONTROLLER_REVISION_HASH_LABEL } from '../../workload/history.js';
import type { CachedPod } from '../../workload/pod-status.js';
import { findUntoleratedTaint } from '../../workload/taints.js';

/** A DaemonSet as cached. */
export type CachedDaemonSet = DeepReadonly<Served<DaemonSet>>;
/** A Node as cached. */
export type CachedNode = DeepReadonly<Served<Node>>;

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', effect });

/** The tolerations every daemon pod gets (network-unavailable only for host-network pods). */
export function daemonTolerations(hostNetwork: boolean): Toleration[] {
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

/** Adds each daemon toleration the spec lacks (kube's AddOrUpdateDaemonPodTolerations; an equal one is replaced in place). */
export function addDaemonTolerations(spec: PodSpec): void {
  const list = (spec.tolerations ??= []);
  for (const t of daemonTolerations(spec.hostNetwork === true)) {
    const same = list.findIndex(
      (x) =>
        x.key === t.key && (x.operator ?? 'Equal') === t.operator && (x.value ?? '') === '' && x.effect === t.effect,
    );
    if (same >= 0) list[same] = t;
    else list.push(t);
  }
}

/** The template of the DaemonSet's pods: its template plus daemon tolerations and the revision hash label (kube's CreatePodTemplate). */
export function daemonPodTemplate(ds: CachedDaemonSet, hash: string): PodTemplateSpec {
  const t = structuredClone(ds.spec?.template ?? {}) as PodTemplateSpec;
  t.spec ??= { containers: [] };
  addDaemonTolerations(t.spec);
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
  const spec = structuredClone(ds.spec?.template?.spec ?? { containers: [] }) as PodSpec;
  addDaemonTolerations(spec);
  if (spec.nodeName && spec.nodeName !== node.metadata.name) return { shouldRun: false, shouldContinueRunning: false };
  if (!nodeMatchesPod(spec, node)) return { shouldRun: false, shouldContinueRunning: false };
  const taints = node.spec?.taints;
  const blocking = findUntoleratedTaint(
    taints,
    spec.tolerations,
    (t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute',
  );
  if (!blocking) return { shouldRun: true, shouldContinueRunning: true };
  const evicting = findUntoleratedTaint(taints, spec.tolerations, (t) => t.effect === 'NoExecute');
  return { shouldRun: false, shouldContinueRunning: !evicting };
}
