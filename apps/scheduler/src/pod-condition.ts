/** The PodScheduled condition a failed attempt sets (podutil.UpdatePodCondition's change rule). */
import type { Pod, PodCondition } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';

/** kube's NoteLengthLimit: longer event messages are cut and end with " ...". */
export const NOTE_LENGTH_LIMIT = 1024;

/** The message cut to the event note limit (truncateMessage). */
export function truncateMessage(message: string): string {
  if (message.length <= NOTE_LENGTH_LIMIT) return message;
  return `${message.slice(0, NOTE_LENGTH_LIMIT - 4)} ...`;
}

/**
 * The PodScheduled=False condition with `reason` and `message`, or undefined when the pod
 * already carries exactly that (no status write needed). The transition time is kept when
 * the status does not change.
 */
export function podScheduledCondition(
  pod: Pod,
  reason: string,
  message: string,
  now: number,
): PodCondition | undefined {
  const old = pod.status?.conditions?.find((c) => c.type === 'PodScheduled');
  if (old && old.status === 'False' && old.reason === reason && old.message === message) return undefined;
  return {
    type: 'PodScheduled',
    status: 'False',
    reason,
    message,
    lastTransitionTime: old?.status === 'False' && old.lastTransitionTime ? old.lastTransitionTime : formatTime(now),
  };
}
