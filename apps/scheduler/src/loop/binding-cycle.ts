/**
 * The binding cycle (bindingCycle), run without blocking the next scheduling cycle: wait at
 * Permit, PreBind, Bind through the API server, then the Scheduled event. A failure forgets
 * the assumption, tells waiting pods that room was freed, and requeues the pod.
 */
import type { CycleState } from '../framework/cycle-state.js';
import { ASSIGNED_POD_DELETE } from '../framework/events.js';
import { podName } from '../framework/pod-info.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';
import type { Framework } from '../framework/runtime.js';
import { asStatus, isSuccess, type Status, type StatusResult } from '../framework/status.js';
import type { LoopDeps } from './deps.js';
import { handleSchedulingFailure } from './failure.js';
import type { Placement } from './scheduling-cycle.js';

async function bindSteps(
  d: LoopDeps,
  fwk: Framework,
  state: CycleState,
  pInfo: QueuedPodInfo,
  p: Placement,
): Promise<StatusResult> {
  const permit = await fwk.waitOnPermit(p.assumed);
  if (!isSuccess(permit)) return permit;
  d.queue.done(pInfo.podInfo.key);
  const pre = await fwk.runPreBindPlugins(state, p.assumed, p.host);
  if (!isSuccess(pre)) return pre;
  const bound = await fwk.runBindPlugins(state, p.assumed, p.host);
  d.cache.finishBinding(p.assumed.pod);
  return bound;
}

function onBound(
  d: LoopDeps,
  fwk: Framework,
  state: CycleState,
  pInfo: QueuedPodInfo,
  p: Placement,
  startMs: number,
): void {
  const pod = p.assumed.pod;
  d.log.debug({ pod: podName(pod), node: p.host }, 'bound pod');
  d.events.event(pod, 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${podName(pod)} to ${p.host}`);
  d.metrics.attempt('scheduled', fwk.profileName, (performance.now() - startMs) / 1000);
  const first = pInfo.initialAttemptTimestamp ?? d.clock.now();
  d.metrics.podScheduled(pInfo.attempts, (d.clock.now() - first) / 1000);
  fwk.runPostBindPlugins(state, p.assumed, p.host);
}

function onBindFailure(
  d: LoopDeps,
  fwk: Framework,
  state: CycleState,
  pInfo: QueuedPodInfo,
  p: Placement,
  s: Status,
  startMs: number,
): void {
  fwk.runReservePluginsUnreserve(state, p.assumed, p.host);
  try {
    d.cache.forgetPod(p.assumed.pod);
  } catch (err) {
    d.log.error({ err, pod: podName(p.assumed.pod) }, 'scheduler cache forgetPod failed');
  }
  const uid = p.assumed.pod.metadata?.uid;
  d.queue.moveAllToActiveOrBackoffQueue(
    ASSIGNED_POD_DELETE,
    p.assumed.pod,
    undefined,
    (pod) => pod.metadata?.uid !== uid,
  );
  handleSchedulingFailure(d, fwk, pInfo, { status: s, nominating: { nominatedNodeName: '' } }, startMs);
}

/** Binds a placement; never rejects. */
export async function bindingCycle(
  d: LoopDeps,
  fwk: Framework,
  state: CycleState,
  pInfo: QueuedPodInfo,
  p: Placement,
  startMs: number,
): Promise<void> {
  const s = await bindSteps(d, fwk, state, pInfo, p).catch(asStatus);
  if (isSuccess(s)) onBound(d, fwk, state, pInfo, p, startMs);
  else onBindFailure(d, fwk, state, pInfo, p, s as Status, startMs);
}
