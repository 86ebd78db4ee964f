/** Whether a pod may preempt others now (PodEligibleToPreemptOthers). */
import type { Pod } from '@wheelhouse/api';
import type { NodeInfoLister } from '../../framework/handle.js';
import { podPriority } from '../../framework/pod-info.js';
import { Code, type Status } from '../../framework/status.js';

/** True for a pod being deleted because the scheduler preempted it (DisruptionTarget, PreemptionByScheduler). */
export function podTerminatingByPreemption(pod: Pod): boolean {
  if (!pod.metadata?.deletionTimestamp) return false;
  const c = pod.status?.conditions?.find((x) => x.type === 'DisruptionTarget');
  return c?.status === 'True' && c.reason === 'PreemptionByScheduler';
}

/**
 * Undefined when the pod may preempt; otherwise the reason: preemptionPolicy Never, or a
 * lower-priority pod on its nominated node is still terminating from an earlier preemption
 * (unless that node is now unresolvable for it).
 */
export function notEligibleReason(pod: Pod, nodes: NodeInfoLister, nominatedNodeStatus: Status): string | undefined {
  if (pod.spec?.preemptionPolicy === 'Never') return 'not eligible due to preemptionPolicy=Never.';
  const nominated = pod.status?.nominatedNodeName;
  if (!nominated || nominatedNodeStatus.code === Code.UnschedulableAndUnresolvable) return undefined;
  const prio = podPriority(pod);
  const terminating = nodes.get(nominated)?.pods.some((p) => p.priority < prio && podTerminatingByPreemption(p.pod));
  return terminating ? 'not eligible due to a terminating pod on the nominated node.' : undefined;
}
