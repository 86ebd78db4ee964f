/**
 * kube's TimedWorkerQueue on an injected clock: at most one piece of timed work per key (a
 * pod's "ns/name"), each firing once at its time through one timer. Fired work stays until the
 * caller finishes it, so the key is not scheduled again while its work is under way.
 */
import type { Clock, TimerHandle } from '@wheelhouse/client';

/** One scheduled piece of work; the queue owns it, callers only read it. */
export interface TimedWork {
  /** When the work was scheduled (ms), kept when later updates leave it in place. */
  readonly createdAt: number;
  /** When it fires (ms). */
  readonly fireAt: number;
  /** Whether its time has come (its work is under way). */
  readonly fired: boolean;
}

interface Entry extends TimedWork {
  fired: boolean;
  timer?: TimerHandle;
}

/** Keys with timed work; `fire(key, fireAt)` is called once for each piece of work that comes due. */
export class TimedWorkerQueue {
  private readonly work = new Map<string, Entry>();

  /** `fire` must not throw; it runs from a timer of `clock` (or at once for work already due). */
  constructor(
    private readonly clock: Clock,
    private readonly fire: (key: string, fireAt: number) => void,
  ) {}

  /**
   * Schedules work for `key` at `fireAt` (at once when not after `createdAt`); does nothing
   * when the key already has work (kube's AddWork).
   */
  add(key: string, createdAt: number, fireAt: number): void {
    if (this.work.has(key)) return;
    const entry: Entry = { createdAt, fireAt, fired: false };
    this.work.set(key, entry);
    const delay = fireAt - createdAt;
    if (delay <= 0) return this.due(key, entry);
    entry.timer = this.clock.setTimeout(() => this.due(key, entry), delay);
  }

  /** The key's work, pending or under way. */
  get(key: string): TimedWork | undefined {
    return this.work.get(key);
  }

  /** Drops the key's work (its timer is stopped); true when there was any. */
  cancel(key: string): boolean {
    const entry = this.work.get(key);
    if (!entry) return false;
    if (entry.timer) this.clock.clearTimeout(entry.timer);
    this.work.delete(key);
    return true;
  }

  /** Ends fired `work` of `key`; work scheduled since in its place is left alone. */
  finish(key: string, work: TimedWork): void {
    if (this.work.get(key) === work) this.work.delete(key);
  }

  /** Drops all work and stops every timer (when the controller stops). */
  cancelAll(): void {
    for (const key of [...this.work.keys()]) this.cancel(key);
  }

  /** Number of keys with work, pending or under way. */
  get size(): number {
    return this.work.size;
  }

  private due(key: string, entry: Entry): void {
    if (this.work.get(key) !== entry) return;
    entry.fired = true;
    delete entry.timer;
    this.fire(key, entry.fireAt);
  }
}
