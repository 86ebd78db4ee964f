/**
 * What happens when an attempt fails (handleSchedulingFailure): metrics, the pod back in
 * the queue (with the plugins that rejected it) unless it is gone or bound meanwhile, its
 * nomination recorded, a FailedScheduling event, and the PodScheduled=False condition.
 */
import type { Pod } from '@wheelhouse/api';
import type { FitError } from '../framework/diagnosis.js';
import { newPodInfo, podName } from '../framework/pod-info.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';
import type { Framework } from '../framework/runtime.js';
import type { Status } from '../framework/status.js';
import type { NominatingInfo } from '../queue/nominator.js';
import { podScheduledCondition, truncateMessage } from '../pod-condition.js';
import type { LoopDeps } from './deps.js';

/** A failed attempt: its status, the fit diagnosis when no node fit, and the nomination to apply. */
export interface Failure {
  readonly status: Status;
  readonly fitError?: FitError;
  /** Present: override the nomination ('' clears it); absent: keep what the pod says. */
  readonly nominating?: NominatingInfo;
}

/** The FailedScheduling text of a failure. */
export function failureMessage(f: Failure): string {
  return f.fitError ? f.fitError.message() : f.status.message();
}

function requeue(d: LoopDeps, pInfo: QueuedPodInfo): Pod | undefined {
  const pod = pInfo.podInfo.pod;
  const cached = d.listers.pod(pod.metadata?.namespace ?? '', pod.metadata?.name ?? '');
  if (!cached || cached.spec?.nodeName) {
    d.queue.done(pInfo.podInfo.key);
    return undefined;
  }
  pInfo.podInfo = newPodInfo(cached);
  d.queue.addUnschedulableIfNotPresent(pInfo);
  return cached;
}

function writeStatus(d: LoopDeps, pod: Pod, reason: string, message: string, nominating?: NominatingInfo): void {
  const condition = podScheduledCondition(pod, reason, message, d.clock.now());
  const nnn =
    nominating && (pod.status?.nominatedNodeName ?? '') !== nominating.nominatedNodeName ? nominating : undefined;
  if (!condition && !nnn) return;
  const patch = {
    ...(condition ? { conditions: [condition] } : {}),
    ...(nnn ? { nominatedNodeName: nnn.nominatedNodeName } : {}),
  };
  d.writer
    .patchPodStatus(pod, patch)
    .catch((err) => d.log.warn({ err, pod: podName(pod) }, 'pod status update failed'));
}

/** Handles a failed attempt of `pInfo` that started at `startMs` (performance.now()). */
export function handleSchedulingFailure(
  d: LoopDeps,
  fwk: Framework,
  pInfo: QueuedPodInfo,
  f: Failure,
  startMs: number,
): void {
  const reason = f.status.isRejected() ? 'Unschedulable' : 'SchedulerError';
  d.metrics.attempt(
    reason === 'Unschedulable' ? 'unschedulable' : 'error',
    fwk.profileName,
    (performance.now() - startMs) / 1000,
  );
  pInfo.unschedulablePlugins = new Set(f.fitError?.diagnosis.unschedulablePlugins ?? []);
  pInfo.pendingPlugins = new Set(f.fitError?.diagnosis.pendingPlugins ?? []);
  const message = failureMessage(f);
  const pod = pInfo.podInfo.pod;
  if (f.fitError) d.log.debug({ pod: podName(pod), err: message }, 'unable to schedule pod; no fit; waiting');
  else d.log.info({ pod: podName(pod), err: message }, 'error scheduling pod; retrying');
  const latest = requeue(d, pInfo);
  d.queue.addNominatedPod(latest ?? pod, f.nominating);
  d.events.event(pod, 'Warning', 'FailedScheduling', 'Scheduling', truncateMessage(message));
  writeStatus(d, latest ?? pod, reason, message, f.nominating);
}

/** The Framework of a pod's profile (queued pods always have one). */
export function frameworkFor(d: LoopDeps, pod: Pod): Framework | undefined {
  return d.profiles.get(pod.spec?.schedulerName ?? '');
}
