/** Which pod failures count, and which fail the Job (kube's isPodFailed, matchPodFailurePolicy, pastBackoffLimitOnFailure). */
import type { ContainerStatus } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import type { CachedPod } from '../../workload/pod-status.js';
import type { CachedJob } from './job-util.js';

/** A rule's verdict on a failed pod: whether it counts against backoffLimit, the action, and a FailJob message. */
export interface PolicyMatch {
  countFailed: boolean;
  action?: 'Ignore' | 'Count' | 'FailJob' | 'FailIndex';
  failJobMessage?: string;
}

/** Only failed pods (not terminating ones) may be replaced: podReplacementPolicy Failed. */
export const onlyReplaceFailedPods = (job: CachedJob): boolean =>
  job.spec?.podReplacementPolicy === 'Failed' || job.spec?.podFailurePolicy !== undefined;

/** True when the pod counts as failed: phase Failed, or (without a failure policy) deleted before succeeding. */
export function isPodFailed(pod: CachedPod, job: CachedJob): boolean {
  const phase = pod.status?.phase;
  if (phase === 'Failed') return true;
  if (job.spec?.podFailurePolicy || onlyReplaceFailedPods(job)) return false;
  return Boolean(pod.metadata.deletionTimestamp) && phase !== 'Succeeded';
}

function matchingContainer(
  statuses: readonly DeepReadonly<ContainerStatus>[] | undefined,
  rule: DeepReadonly<{ containerName?: string; operator?: string; values?: number[] }>,
): DeepReadonly<ContainerStatus> | undefined {
  return (statuses ?? []).find((s) => {
    const code = s.state?.terminated?.exitCode;
    if (code === undefined || code === 0) return false;
    if (rule.containerName && rule.containerName !== s.name) return false;
    const listed = (rule.values ?? []).includes(code);
    return rule.operator === 'In' ? listed : rule.operator === 'NotIn' ? !listed : false;
  });
}

/** The first podFailurePolicy rule matching the failed pod, with kube's FailJob messages. */
export function matchPodFailurePolicy(job: CachedJob, pod: CachedPod): PolicyMatch {
  const rules = job.spec?.podFailurePolicy?.rules ?? [];
  for (const [index, rule] of rules.entries()) {
    const action = rule.action as PolicyMatch['action'];
    let message: string | undefined;
    if (rule.onExitCodes) {
      const c =
        matchingContainer(pod.status?.containerStatuses, rule.onExitCodes) ??
        matchingContainer(pod.status?.initContainerStatuses, rule.onExitCodes);
      if (!c) continue;
      message = `Container ${c.name} for pod ${pod.metadata.namespace}/${pod.metadata.name} failed with exit code ${c.state?.terminated?.exitCode} matching ${action} rule at index ${index}`;
    } else if (rule.onPodConditions) {
      const cond = (pod.status?.conditions ?? []).find((pc) =>
        rule.onPodConditions!.some((p) => p.type === pc.type && (p.status ?? 'True') === pc.status),
      );
      if (!cond) continue;
      message = `Pod ${pod.metadata.namespace}/${pod.metadata.name} has condition ${cond.type} matching ${action} rule at index ${index}`;
    } else continue;
    if (action === 'Ignore') return { countFailed: false, action };
    if (action === 'FailJob') return { countFailed: true, action, failJobMessage: message };
    return { countFailed: true, ...(action ? { action } : {}) };
  }
  return { countFailed: true };
}

/** The FailJob message of the first failed pod a rule fails the Job for (kube's getFailJobMessage). */
export function failJobMessage(job: CachedJob, pods: readonly CachedPod[]): string | undefined {
  if (!job.spec?.podFailurePolicy) return undefined;
  for (const pod of pods) {
    if (!isPodFailed(pod, job)) continue;
    const m = matchPodFailurePolicy(job, pod).failJobMessage;
    if (m !== undefined) return m;
  }
  return undefined;
}

/** With restartPolicy OnFailure, container restarts of active pods count against backoffLimit. */
export function pastBackoffLimitOnFailure(job: CachedJob, active: readonly CachedPod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  let restarts = 0;
  for (const pod of active)
    for (const s of [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])])
      restarts += s.restartCount ?? 0;
  const limit = job.spec?.backoffLimit ?? 6;
  return limit === 0 ? restarts > 0 : restarts >= limit;
}
