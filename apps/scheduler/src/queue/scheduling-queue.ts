/**
 * The scheduling queue (internal/queue.PriorityQueue): activeQ ordered by QueueSort,
 * backoffQ ordered by backoff expiry, and the unschedulable pods waiting for a cluster
 * event (or for podMaxInUnschedulablePodsDuration). Events that arrive while a pod is
 * being scheduled are replayed against it if it fails.
 */
import type { Pod } from '@wheelhouse/api';
import type { Clock } from '@wheelhouse/client';
import { ASSIGNED_POD_ADD, UNSCHEDULABLE_TIMEOUT, eventLabel, type ClusterEvent } from '../framework/events.js';
import { newPodInfo, podKey } from '../framework/pod-info.js';
import { newQueuedPodInfo, type QueuedPodInfo } from '../framework/queued-pod-info.js';
import type { StatusResult } from '../framework/status.js';
import { backoffDuration } from './backoff.js';
import { KeyedHeap } from './heap.js';
import type { NominatingInfo, Nominator } from './nominator.js';
import { podSchedulingPropertiesChange } from './pod-changes.js';
import { requeueStrategy, type PluginEvents, type QueueingStrategy } from './queueing-hints.js';

/** What the queue needs of a profile: PreEnqueue and the events its plugins registered. */
export interface QueueProfile {
  runPreEnqueuePlugins(pod: Pod): StatusResult;
  readonly plugins: { readonly events: PluginEvents };
}

/** The sub-queue a pod is in (the `queue` label of scheduler_pending_pods). */
export type QueueName = 'active' | 'backoff' | 'unschedulable' | 'gated';

/** Construction options; durations in milliseconds. */
export interface PriorityQueueOptions {
  readonly clock: Clock;
  /** QueueSort's order (higher priority, then earlier). */
  readonly less: (a: QueuedPodInfo, b: QueuedPodInfo) => boolean;
  readonly profiles: ReadonlyMap<string, QueueProfile>;
  readonly nominator: Nominator;
  readonly podInitialBackoffMs?: number;
  readonly podMaxBackoffMs?: number;
  readonly podMaxInUnschedulablePodsDurationMs?: number;
  /** Called when a pod enters a sub-queue, with the event that moved it (scheduler_queue_incoming_pods_total). */
  readonly onIncoming?: (queue: QueueName, event: string) => void;
}

interface InFlight {
  events: { event: ClusterEvent; oldObj: unknown; newObj: unknown }[];
}

const keyOf = (p: QueuedPodInfo) => p.podInfo.key;

/** The scheduling queue. Not thread-safe by design: Node's event loop serializes callers. */
export class PriorityQueue {
  private readonly activeQ: KeyedHeap<QueuedPodInfo>;
  private readonly backoffQ: KeyedHeap<QueuedPodInfo>;
  private readonly unschedulable = new Map<string, QueuedPodInfo>();
  private readonly inFlight = new Map<string, InFlight>();
  private readonly waiters: (() => void)[] = [];
  private closed = false;
  /** Incremented on each pop. */
  schedulingCycle = 0;
  readonly initialBackoffMs: number;
  readonly maxBackoffMs: number;
  readonly maxInUnschedulableMs: number;

  constructor(private readonly opts: PriorityQueueOptions) {
    this.initialBackoffMs = opts.podInitialBackoffMs ?? 1000;
    this.maxBackoffMs = opts.podMaxBackoffMs ?? 10_000;
    this.maxInUnschedulableMs = opts.podMaxInUnschedulablePodsDurationMs ?? 5 * 60_000;
    this.activeQ = new KeyedHeap(keyOf, opts.less);
    this.backoffQ = new KeyedHeap(keyOf, (a, b) => this.backoffTime(a) < this.backoffTime(b));
  }

  /** When the pod's backoff ends. */
  backoffTime(p: QueuedPodInfo): number {
    return p.timestamp + backoffDuration(p.attempts, this.initialBackoffMs, this.maxBackoffMs);
  }

  private isBackingOff(p: QueuedPodInfo): boolean {
    return this.backoffTime(p) > this.opts.clock.now();
  }

  /** A new pending pod (informer add). */
  add(pod: Pod): void {
    const pInfo = newQueuedPodInfo(newPodInfo(pod), this.opts.clock.now());
    if (this.moveToActiveQ(pInfo, 'PodAdd')) this.wake();
  }

  /** PreEnqueue, then activeQ; a gated pod waits in the unschedulable pool. Returns true when it is in activeQ. */
  private moveToActiveQ(pInfo: QueuedPodInfo, event: string): boolean {
    const s = this.opts.profiles
      .get(pInfo.podInfo.pod.spec?.schedulerName ?? '')
      ?.runPreEnqueuePlugins(pInfo.podInfo.pod);
    pInfo.gatingPlugin = s ? s.plugin || 'PreEnqueue' : undefined;
    const key = pInfo.podInfo.key;
    if (pInfo.gatingPlugin !== undefined) {
      pInfo.unschedulablePlugins = new Set([pInfo.gatingPlugin]);
      if (this.activeQ.has(key) || this.backoffQ.has(key)) return false;
      this.setUnschedulable(pInfo, 'gated', event);
      return false;
    }
    this.activeQ.addOrUpdate(pInfo);
    this.unschedulable.delete(key);
    this.backoffQ.delete(key);
    this.opts.onIncoming?.('active', event);
    if (event === 'PodAdd' || event === 'UnscheduledPodUpdate') this.opts.nominator.add(pInfo.podInfo);
    return true;
  }

  private setUnschedulable(pInfo: QueuedPodInfo, queue: QueueName, event: string): void {
    this.unschedulable.set(pInfo.podInfo.key, pInfo);
    this.opts.onIncoming?.(queue, event);
  }

  /** Moves pods to activeQ at once, wherever they wait (framework.Handle.Activate). */
  activate(pods: readonly Pod[]): void {
    let woke = false;
    for (const pod of pods) {
      const key = podKey(pod);
      const pInfo = this.unschedulable.get(key) ?? this.backoffQ.get(key);
      if (pInfo && this.moveToActiveQ(pInfo, 'ForceActivate')) woke = true;
    }
    if (woke) this.wake();
  }

  /**
   * The next pod to schedule, waiting until one is active. Resolves undefined once the
   * queue is closed or `signal` aborts.
   */
  async pop(signal?: AbortSignal): Promise<QueuedPodInfo | undefined> {
    while (this.activeQ.size === 0) {
      if (this.closed || signal?.aborted) return undefined;
      await this.waitForPod(signal);
    }
    const pInfo = this.activeQ.pop() as QueuedPodInfo;
    pInfo.attempts++;
    pInfo.initialAttemptTimestamp ??= this.opts.clock.now();
    this.schedulingCycle++;
    this.inFlight.set(pInfo.podInfo.key, { events: [] });
    return pInfo;
  }

  private waitForPod(signal?: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        signal?.removeEventListener('abort', done);
        resolve();
      };
      this.waiters.push(done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }

  /** The pod left the scheduling cycle (bound, or requeued): forget the events recorded for it. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  private wake(): void {
    for (const w of this.waiters.splice(0)) w();
  }

  /** Stops pop() waiters. */
  close(): void {
    this.closed = true;
    this.wake();
  }

  /**
   * Puts back a pod whose attempt failed: events seen during its attempt may send it to
   * backoff or active at once; otherwise it waits in the unschedulable pool. A pod with no
   * rejecting plugin (an error) goes to backoff. Refuses a pod already queued.
   */
  addUnschedulableIfNotPresent(pInfo: QueuedPodInfo): void {
    const key = pInfo.podInfo.key;
    if (this.unschedulable.has(key) || this.activeQ.has(key) || this.backoffQ.has(key)) {
      throw new Error(`Pod ${key} is already present in the scheduling queue`);
    }
    pInfo.timestamp = this.opts.clock.now();
    const strategy = this.strategyForInFlight(pInfo);
    this.done(key);
    const queue = this.requeue(pInfo, strategy, 'ScheduleAttemptFailure');
    this.opts.nominator.add(pInfo.podInfo);
    if (queue === 'active') this.wake();
  }

  private strategyForInFlight(pInfo: QueuedPodInfo): QueueingStrategy {
    if (pInfo.unschedulablePlugins.size + pInfo.pendingPlugins.size === 0) return 'afterBackoff';
    const events = this.eventsOf(pInfo);
    let strategy: QueueingStrategy = 'skip';
    for (const e of this.inFlight.get(pInfo.podInfo.key)?.events ?? []) {
      const s = requeueStrategy(pInfo, e.event, e.oldObj, e.newObj, events);
      if (s === 'immediately') return s;
      if (s === 'afterBackoff') strategy = s;
    }
    return strategy;
  }

  private eventsOf(pInfo: QueuedPodInfo): PluginEvents | undefined {
    return this.opts.profiles.get(pInfo.podInfo.pod.spec?.schedulerName ?? '')?.plugins.events;
  }

  private requeue(pInfo: QueuedPodInfo, strategy: QueueingStrategy, event: string): QueueName {
    if (strategy === 'skip') {
      this.setUnschedulable(pInfo, pInfo.gatingPlugin !== undefined ? 'gated' : 'unschedulable', event);
      return 'unschedulable';
    }
    if (strategy === 'afterBackoff' && this.isBackingOff(pInfo)) {
      this.unschedulable.delete(pInfo.podInfo.key);
      this.backoffQ.addOrUpdate(pInfo);
      this.opts.onIncoming?.('backoff', event);
      return 'backoff';
    }
    return this.moveToActiveQ(pInfo, event) ? 'active' : 'unschedulable';
  }

  /**
   * A cluster event: unschedulable pods whose rejecting plugins hint it may help move to
   * backoff or active; pods in flight record it for their possible failure.
   */
  moveAllToActiveOrBackoffQueue(
    event: ClusterEvent,
    oldObj: unknown,
    newObj: unknown,
    preCheck?: (pod: Pod) => boolean,
  ): void {
    for (const f of this.inFlight.values()) f.events.push({ event, oldObj, newObj });
    const pods = [...this.unschedulable.values()].filter((p) => !preCheck || preCheck(p.podInfo.pod));
    this.movePods(pods, event, oldObj, newObj);
  }

  private movePods(pods: QueuedPodInfo[], event: ClusterEvent, oldObj: unknown, newObj: unknown): void {
    let woke = false;
    for (const pInfo of pods) {
      const strategy = requeueStrategy(pInfo, event, oldObj, newObj, this.eventsOf(pInfo));
      if (strategy === 'skip') continue;
      this.unschedulable.delete(pInfo.podInfo.key);
      if (this.requeue(pInfo, strategy, eventLabel(event)) === 'active') woke = true;
    }
    if (woke) this.wake();
  }

  /** A pod was bound (informer): it may satisfy other pods' affinity. */
  assignedPodAdded(pod: Pod): void {
    this.moveAllToActiveOrBackoffQueue(ASSIGNED_POD_ADD, undefined, pod);
  }

  /** Moves backoffQ pods whose backoff ended to activeQ (runs every second). */
  flushBackoffQCompleted(): void {
    let woke = false;
    const now = this.opts.clock.now();
    for (let p = this.backoffQ.peek(); p && this.backoffTime(p) <= now; p = this.backoffQ.peek()) {
      this.backoffQ.pop();
      if (this.moveToActiveQ(p, 'BackoffComplete')) woke = true;
    }
    if (woke) this.wake();
  }

  /** Moves pods that waited longer than podMaxInUnschedulablePodsDuration (runs every 30 seconds). */
  flushUnschedulablePodsLeftover(): void {
    const now = this.opts.clock.now();
    const stale = [...this.unschedulable.values()].filter(
      (p) => p.gatingPlugin === undefined && now - p.timestamp > this.maxInUnschedulableMs,
    );
    this.movePods(stale, UNSCHEDULABLE_TIMEOUT, undefined, undefined);
  }

  /** An unscheduled pod changed (informer update). */
  update(oldPod: Pod, newPod: Pod): void {
    const key = podKey(newPod);
    const inFlight = this.inFlight.get(key);
    if (inFlight) {
      for (const e of podSchedulingPropertiesChange(newPod, oldPod))
        inFlight.events.push({ event: e, oldObj: oldPod, newObj: newPod });
      return;
    }
    const queued = this.activeQ.get(key) ?? this.backoffQ.get(key);
    if (queued) return this.updateQueued(queued, oldPod, newPod);
    const waiting = this.unschedulable.get(key);
    if (waiting) return this.updateUnschedulable(waiting, oldPod, newPod);
    if (this.moveToActiveQ(newQueuedPodInfo(newPodInfo(newPod), this.opts.clock.now()), 'UnscheduledPodUpdate'))
      this.wake();
  }

  private updateQueued(pInfo: QueuedPodInfo, oldPod: Pod, newPod: Pod): void {
    pInfo.podInfo = newPodInfo(newPod);
    this.opts.nominator.update(oldPod, pInfo.podInfo);
    if (this.activeQ.has(pInfo.podInfo.key)) this.activeQ.addOrUpdate(pInfo);
    else this.backoffQ.addOrUpdate(pInfo);
  }

  private updateUnschedulable(pInfo: QueuedPodInfo, oldPod: Pod, newPod: Pod): void {
    pInfo.podInfo = newPodInfo(newPod);
    this.opts.nominator.update(oldPod, pInfo.podInfo);
    for (const event of podSchedulingPropertiesChange(newPod, oldPod)) {
      const strategy = requeueStrategy(pInfo, event, oldPod, newPod, this.eventsOf(pInfo));
      if (strategy === 'skip') continue;
      this.unschedulable.delete(pInfo.podInfo.key);
      if (this.requeue(pInfo, strategy, eventLabel(event)) === 'active') this.wake();
      return;
    }
  }

  /** A pod was deleted or scheduled by someone else: drop it from every sub-queue. */
  delete(pod: Pod): void {
    const key = podKey(pod);
    this.opts.nominator.delete(pod);
    this.activeQ.delete(key);
    this.backoffQ.delete(key);
    this.unschedulable.delete(key);
  }

  /** Records where a pod is nominated (after preemption); `info` overrides what the pod says. */
  addNominatedPod(pod: Pod, info?: NominatingInfo): void {
    this.opts.nominator.add(newPodInfo(pod), info);
  }

  /** Pods per sub-queue, for scheduler_pending_pods. */
  pendingCounts(): Record<QueueName, number> {
    let gated = 0;
    for (const p of this.unschedulable.values()) if (p.gatingPlugin !== undefined) gated++;
    return {
      active: this.activeQ.size,
      backoff: this.backoffQ.size,
      unschedulable: this.unschedulable.size - gated,
      gated,
    };
  }

  /** Where a pod waits, if anywhere (for tests and debugging). */
  whereIs(pod: Pod): QueueName | undefined {
    const key = podKey(pod);
    if (this.activeQ.has(key)) return 'active';
    if (this.backoffQ.has(key)) return 'backoff';
    const u = this.unschedulable.get(key);
    if (!u) return undefined;
    return u.gatingPlugin !== undefined ? 'gated' : 'unschedulable';
  }

  /** Runs the periodic flushes (backoff every second, leftovers every 30 seconds) until `signal` aborts. */
  run(signal: AbortSignal): void {
    const every = (ms: number, fn: () => void) => {
      const tick = () => {
        if (signal.aborted) return;
        fn();
        this.opts.clock.setTimeout(tick, ms);
      };
      this.opts.clock.setTimeout(tick, ms);
    };
    every(1000, () => this.flushBackoffQCompleted());
    every(30_000, () => this.flushUnschedulablePodsLeftover());
    signal.addEventListener('abort', () => this.close(), { once: true });
  }
}
