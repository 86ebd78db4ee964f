/**
 * Pods held at Permit (framework.WaitingPod): each waits until every plugin that returned
 * Wait allows it, one rejects it, or a plugin's timeout passes.
 */
import type { Clock, TimerHandle } from '@wheelhouse/client';
import type { PodInfo } from './pod-info.js';
import { Code, Status, type StatusResult } from './status.js';

/** Permit never holds a pod longer than this (kube-scheduler's maxTimeout, 15 minutes). */
export const MAX_PERMIT_TIMEOUT_MS = 15 * 60 * 1000;

/** A pod waiting at Permit. */
export class WaitingPod {
  private readonly pending = new Map<string, TimerHandle>();
  private settle!: (s: StatusResult) => void;
  /** Resolves with undefined once allowed, or with an Unschedulable status once rejected. */
  readonly done: Promise<StatusResult>;

  constructor(
    readonly pod: PodInfo,
    timeouts: ReadonlyMap<string, number>,
    private readonly clock: Clock,
  ) {
    this.done = new Promise((resolve) => (this.settle = resolve));
    for (const [plugin, ms] of timeouts) {
      const wait = Math.min(ms, MAX_PERMIT_TIMEOUT_MS);
      const msg = `rejected due to timeout after waiting ${wait / 1000}s at plugin ${plugin}`;
      this.pending.set(
        plugin,
        clock.setTimeout(() => this.reject(plugin, msg), wait),
      );
    }
  }

  /** Plugins that still have to allow the pod. */
  pendingPlugins(): string[] {
    return [...this.pending.keys()];
  }

  /** `plugin` allows the pod; once all have, the wait ends with Success. */
  allow(plugin: string): void {
    const timer = this.pending.get(plugin);
    if (timer === undefined) return;
    this.clock.clearTimeout(timer);
    this.pending.delete(plugin);
    if (this.pending.size === 0) this.settle(undefined);
  }

  /** Ends the wait with an Unschedulable status from `plugin`. */
  reject(plugin: string, message: string): void {
    for (const t of this.pending.values()) this.clock.clearTimeout(t);
    this.pending.clear();
    this.settle(new Status(Code.Unschedulable, [message]).withPlugin(plugin));
  }
}

/** The pods waiting at Permit, by pod key. */
export class WaitingPods {
  private readonly byKey = new Map<string, WaitingPod>();

  get(key: string): WaitingPod | undefined {
    return this.byKey.get(key);
  }

  add(wp: WaitingPod): void {
    this.byKey.set(wp.pod.key, wp);
  }

  remove(key: string): void {
    this.byKey.delete(key);
  }

  /** Every waiting pod. */
  list(): WaitingPod[] {
    return [...this.byKey.values()];
  }
}
