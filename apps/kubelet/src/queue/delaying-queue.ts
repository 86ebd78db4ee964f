import type { Clock, TimerHandle } from '@wheelhouse/client';
import type { Logger } from 'pino';
import { Heap } from './heap.js';

/**
 * The priorities the kubelet uses: lower runs first among jobs that are due. Pod status
 * writes come after the transitions that are due (which are quick: they change the kubelet's
 * own status), so a pod that moves on while its write waits is written once.
 */
export const PRIORITY = { heartbeat: 0, transition: 1, status: 2, retry: 3 } as const;

interface Entry {
  readonly key: string;
  readonly at: number;
  readonly seq: number;
  readonly priority: number;
  readonly run: () => Promise<void>;
  cancelled: boolean;
}

/** Options of a {@link WeightedDelayingQueue}. */
export interface WeightedDelayingQueueOptions {
  clock: Clock;
  /** Jobs other than heartbeats running at once (default 16). */
  concurrency?: number;
  /** Heartbeats (priority {@link PRIORITY}.heartbeat) running at once, beside the other jobs (default: no limit). */
  heartbeatConcurrency?: number;
  /**
   * Delayed jobs fall due at the next multiple of this many milliseconds of the clock (default 0: at
   * their own time). One wake-up then starts every job of a tick together, and the requests they make
   * reach the API server and the store together too.
   */
  tickMs?: number;
  logger: Logger;
}

/**
 * kwok's weighted delaying queue: one queue of keyed jobs, each due after a delay. Due jobs
 * run in priority order (lower first, then in the order they fell due), at most `concurrency`
 * at once, and never two of one key at once (a job due while its key runs waits for it).
 * Heartbeats run beside the other jobs and, by default, as soon as they are due, however many
 * are in flight: each real kubelet renews its lease on its own, apart from its pod work and
 * from every other node's. A fixed number of heartbeat slots would cap the renewals a process
 * makes at slots / round-trip time: with 32 slots and 1,000 nodes renewing every 2 s (500 a
 * second), a round trip over 64 ms (a loaded 2-core machine) put renewals seconds late and
 * healthy nodes went NotReady. The key rule bounds them anyway: a node has at most one of
 * each heartbeat job (register, lease, status) in flight.
 * Scheduling a key replaces its job that has not started. One clock timer serves the
 * whole queue. A job's rejection is logged; retrying is the job's own business.
 */
export class WeightedDelayingQueue {
  private readonly waiting = new Heap<Entry>((a, b) => a.at < b.at || (a.at === b.at && a.seq < b.seq));
  private readonly ready = new Heap<Entry>(
    (a, b) => a.priority < b.priority || (a.priority === b.priority && a.seq < b.seq),
  );
  private readonly readyHeartbeats = new Heap<Entry>((a, b) => a.seq < b.seq);
  private readonly pending = new Map<string, Entry>();
  /** Running jobs by key: true for a heartbeat. */
  private readonly running = new Map<string, boolean>();
  private runningHeartbeats = 0;
  private readonly parked = new Map<string, Entry>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly concurrency: number;
  private readonly heartbeatConcurrency: number;
  private readonly tickMs: number;
  private timer: { handle: TimerHandle; at: number } | undefined;
  private seq = 0;
  private stopped = false;

  /** An empty, running queue. */
  constructor(private readonly options: WeightedDelayingQueueOptions) {
    this.concurrency = options.concurrency ?? 16;
    this.heartbeatConcurrency = options.heartbeatConcurrency ?? Number.POSITIVE_INFINITY;
    this.tickMs = options.tickMs ?? 0;
  }

  /** Runs `run` under `key` after `delayMs` (0 or less: as soon as a slot is free), replacing its pending job. */
  schedule(key: string, delayMs: number, priority: number, run: () => Promise<void>): void {
    if (this.stopped) return;
    this.cancel(key);
    const now = this.options.clock.now();
    const entry: Entry = { key, at: now + Math.max(0, delayMs), seq: this.seq++, priority, run, cancelled: false };
    this.pending.set(key, entry);
    if (delayMs <= 0) {
      this.readyFor(entry).push(entry);
      queueMicrotask(() => this.pump());
      return;
    }
    this.waiting.push(entry);
    this.arm();
  }

  /** Drops the job of `key` that has not started (a running one finishes). */
  cancel(key: string): void {
    const entry = this.pending.get(key);
    if (!entry) return;
    entry.cancelled = true;
    this.pending.delete(key);
    if (this.parked.get(key) === entry) this.parked.delete(key);
  }

  /** Whether `key` has a job that has not started. */
  has(key: string): boolean {
    return this.pending.has(key);
  }

  /** Jobs not yet started. */
  get size(): number {
    return this.pending.size;
  }

  /** Resolves once no job is running or due (delayed jobs may still wait). */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops every pending job and the timer; resolves once running jobs are done. */
  async stop(): Promise<void> {
    this.stopped = true;
    for (const key of [...this.pending.keys()]) this.cancel(key);
    this.waiting.clear();
    this.ready.clear();
    this.readyHeartbeats.clear();
    if (this.timer) this.options.clock.clearTimeout(this.timer.handle);
    this.timer = undefined;
    await this.idle();
  }

  private arm(): void {
    while (this.waiting.peek()?.cancelled) this.waiting.pop();
    const top = this.waiting.peek();
    const at = top && (this.tickMs > 0 ? Math.ceil(top.at / this.tickMs) * this.tickMs : top.at);
    if (this.timer && this.timer.at !== at) {
      this.options.clock.clearTimeout(this.timer.handle);
      this.timer = undefined;
    }
    if (at === undefined || this.timer) return;
    const delay = at - this.options.clock.now();
    this.timer = { at, handle: this.options.clock.setTimeout(() => this.fire(at), delay) };
  }

  /** Moves the jobs due by `at` (the tick the timer was set for) to the ready heaps. */
  private fire(at: number): void {
    this.timer = undefined;
    const now = Math.max(at, this.options.clock.now());
    for (let top = this.waiting.peek(); top && top.at <= now; top = this.waiting.peek()) {
      this.waiting.pop();
      if (!top.cancelled) this.readyFor(top).push(top);
    }
    this.pump();
    this.arm();
  }

  private readyFor(entry: Entry): Heap<Entry> {
    return entry.priority === PRIORITY.heartbeat ? this.readyHeartbeats : this.ready;
  }

  private pump(): void {
    while (this.runningHeartbeats < this.heartbeatConcurrency && this.readyHeartbeats.size > 0)
      this.take(this.readyHeartbeats.pop()!);
    while (this.running.size - this.runningHeartbeats < this.concurrency && this.ready.size > 0)
      this.take(this.ready.pop()!);
    this.checkIdle();
  }

  private take(entry: Entry): void {
    if (entry.cancelled) return;
    if (this.running.has(entry.key)) this.parked.set(entry.key, entry);
    else this.start(entry);
  }

  private start(entry: Entry): void {
    if (this.pending.get(entry.key) === entry) this.pending.delete(entry.key);
    const heartbeat = entry.priority === PRIORITY.heartbeat;
    this.running.set(entry.key, heartbeat);
    if (heartbeat) this.runningHeartbeats++;
    entry
      .run()
      .catch((err: unknown) => this.options.logger.error({ err, key: entry.key }, 'queued job failed'))
      .finally(() => this.finish(entry.key));
  }

  private finish(key: string): void {
    if (this.running.get(key)) this.runningHeartbeats--;
    this.running.delete(key);
    const parked = this.parked.get(key);
    if (parked) {
      this.parked.delete(key);
      if (!parked.cancelled) this.readyFor(parked).push(parked);
    }
    this.pump();
  }

  private isIdle(): boolean {
    return this.running.size === 0 && this.ready.size === 0 && this.readyHeartbeats.size === 0;
  }

  private checkIdle(): void {
    if (!this.isIdle()) return;
    for (const w of this.idleWaiters.splice(0)) w();
  }
}
