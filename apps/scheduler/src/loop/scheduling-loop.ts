/**
 * The scheduling loop (Scheduler.ScheduleOne, repeated): pop a pod, skip pods being deleted
 * or already assumed, run the scheduling cycle, and bind in the background.
 */
import { Snapshot } from '../cache/snapshot.js';
import { CycleState } from '../framework/cycle-state.js';
import { podName } from '../framework/pod-info.js';
import type { QueuedPodInfo } from '../framework/queued-pod-info.js';
import { bindingCycle } from './binding-cycle.js';
import type { LoopDeps } from './deps.js';
import { frameworkFor, handleSchedulingFailure } from './failure.js';
import { isPlacement, schedulingCycle } from './scheduling-cycle.js';

/** Schedules pods one at a time; bindings overlap. */
export class SchedulingLoop {
  private readonly snapshot = new Snapshot();
  private readonly cursor = { next: 0 };
  private readonly bindings = new Set<Promise<void>>();

  constructor(private readonly d: LoopDeps) {}

  /** Bindings started and not yet finished (scheduler_goroutines{operation="binding"}). */
  get bindingsInFlight(): number {
    return this.bindings.size;
  }

  /** Schedules until `signal` aborts, then waits for the bindings under way. */
  async run(signal: AbortSignal): Promise<void> {
    for (;;) {
      const pInfo = await this.d.queue.pop(signal);
      if (!pInfo) break;
      await this.scheduleOne(pInfo);
    }
    await this.idle();
  }

  /** Resolves once no binding is under way. */
  async idle(): Promise<void> {
    while (this.bindings.size > 0) await Promise.all([...this.bindings]);
  }

  /** One attempt for one pod. */
  async scheduleOne(pInfo: QueuedPodInfo): Promise<void> {
    const d = this.d;
    const pod = pInfo.podInfo.pod;
    const fwk = frameworkFor(d, pod);
    if (!fwk || d.cache.isAssumedPod(pod)) return d.queue.done(pInfo.podInfo.key);
    if (pod.metadata?.deletionTimestamp) {
      d.events.event(pod, 'Warning', 'FailedScheduling', 'Scheduling', `skip schedule deleting pod: ${podName(pod)}`);
      return d.queue.done(pInfo.podInfo.key);
    }
    const start = performance.now();
    const state = new CycleState();
    const r = await schedulingCycle(d, fwk, state, pInfo.podInfo, { snapshot: this.snapshot, cursor: this.cursor });
    if (!isPlacement(r)) return handleSchedulingFailure(d, fwk, pInfo, r, start);
    const binding = bindingCycle(d, fwk, state, pInfo, r, start).finally(() => this.bindings.delete(binding));
    this.bindings.add(binding);
  }
}
