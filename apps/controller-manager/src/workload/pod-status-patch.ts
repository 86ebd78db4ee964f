/**
 * Writing a pod's status the way kube-controller-manager does before it deletes a pod
 * (kube's apipod.UpdatePodCondition and utilpod.PatchPodStatus): a condition is set keeping its
 * transition time while its status holds, and only what changed is sent, as a strategic merge
 * patch of pods/status that carries the pod's uid.
 */
import type { PodCondition, PodStatus } from '@wheelhouse/api';
import { type DeepReadonly, type RestClient, mutableCopy } from '@wheelhouse/client';
import { formatTime } from '@wheelhouse/machinery';
import type { CachedPod } from './pod-status.js';

/** A condition without its times: what a controller decides; the times are filled in. */
export type ConditionIntent = Required<Pick<PodCondition, 'type' | 'status' | 'reason' | 'message'>>;

function sameCondition(a: DeepReadonly<PodCondition>, b: DeepReadonly<PodCondition>): boolean {
  return (
    a.status === b.status &&
    a.reason === b.reason &&
    a.message === b.message &&
    a.lastProbeTime === b.lastProbeTime &&
    a.lastTransitionTime === b.lastTransitionTime
  );
}

/**
 * `status` with `intent` set (kube's UpdatePodCondition): added with its transition at `now`,
 * or replacing the condition of its type, keeping that one's transition time when the status
 * does not change. Returns undefined when nothing changes. Never mutates `status`.
 */
export function withPodCondition(
  status: DeepReadonly<PodStatus> | undefined,
  intent: ConditionIntent,
  now: number,
): PodStatus | undefined {
  const next = mutableCopy((status ?? {}) as DeepReadonly<PodStatus>) as PodStatus;
  const conditions = next.conditions ?? [];
  const i = conditions.findIndex((c) => c.type === intent.type);
  const old = i >= 0 ? conditions[i] : undefined;
  const since = old && old.status === intent.status ? old.lastTransitionTime : formatTime(now);
  const condition: PodCondition = { ...intent, ...(since ? { lastTransitionTime: since } : {}) };
  if (old?.lastProbeTime) condition.lastProbeTime = old.lastProbeTime;
  if (old && sameCondition(old, condition)) return undefined;
  if (old) conditions[i] = condition;
  else conditions.push(condition);
  return { ...next, conditions };
}

/**
 * Patches `pod`'s status from its cached `status` to `next` (kube's PatchPodStatus): the phase
 * when it differs and the conditions that differ (merged by type), with the pod's uid, so a pod
 * recreated under the same name is not touched. Sends nothing when nothing differs. Rejects
 * with the server's ApiError (NotFound when the pod is gone).
 */
export async function patchPodStatus(client: RestClient, pod: CachedPod, next: PodStatus): Promise<void> {
  const status: PodStatus = {};
  if (next.phase !== pod.status?.phase) status.phase = next.phase;
  const before = pod.status?.conditions ?? [];
  const changed = (next.conditions ?? []).filter((c) => {
    const old = before.find((o) => o.type === c.type);
    return !old || !sameCondition(old, c);
  });
  if (changed.length > 0) status.conditions = changed;
  if (Object.keys(status).length === 0) return;
  // The pod is not read back: its metadata alone comes back, not the whole object.
  await client
    .resource('pods')
    .patchForMetadata(
      pod.metadata.name,
      { metadata: { uid: pod.metadata.uid }, status },
      { namespace: pod.metadata.namespace ?? '', subresource: 'status', type: 'strategic' },
    );
}
