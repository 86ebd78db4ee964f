import type { Clock, TimerHandle } from '@wheelhouse/client';

/** A pending timer of a FakeClock. */
interface FakeTimer {
  readonly id: number;
  readonly at: number;
  readonly fn: () => void;
}

// Captured at load so a test that also installs vi.useFakeTimers cannot stall advance().
const realSetImmediate = globalThis.setImmediate;

/** Lets queued promise callbacks run; uses a macrotask so chains of awaits all settle. */
function flushMicrotasks(): Promise<void> {
  return new Promise((resolve) => realSetImmediate(resolve));
}

/**
 * A manually driven {@link Clock} for tests. Time moves only
 * through {@link FakeClock.advance}, which fires due timers in time order (ties in creation
 * order) and lets promise chains settle between timers, so async loops driven by the clock
 * behave as they would in real time.
 */
export class FakeClock implements Clock {
  private current: number;
  private nextId = 1;
  private readonly timers = new Map<number, FakeTimer>();

  /** Starts at `start` epoch milliseconds (default 2026-01-01T00:00:00Z). */
  constructor(start = Date.UTC(2026, 0, 1)) {
    this.current = start;
  }

  /** The fake current time in epoch milliseconds. */
  now(): number {
    return this.current;
  }

  /** Schedules `fn` at now + max(0, ms); it fires only during {@link advance}. */
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = this.nextId++;
    this.timers.set(id, { id, at: this.current + Math.max(0, ms), fn });
    return { id };
  }

  /** Cancels the timer; unknown handles are ignored. */
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete((handle as { id: number }).id);
  }

  /** Number of timers not yet fired or cleared. */
  pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Moves time forward by `ms`, firing every timer that falls due (including ones scheduled
   * by fired timers) at its own time, and settling promises before and after each one.
   */
  async advance(ms: number): Promise<void> {
    const end = this.current + ms;
    await flushMicrotasks();
    for (let t = this.nextDue(end); t; t = this.nextDue(end)) {
      this.timers.delete(t.id);
      this.current = Math.max(this.current, t.at);
      t.fn();
      await flushMicrotasks();
    }
    this.current = end;
    await flushMicrotasks();
  }

  /** Settles pending promise callbacks without moving time. */
  async settle(): Promise<void> {
    await flushMicrotasks();
  }

  private nextDue(end: number): FakeTimer | undefined {
    let best: FakeTimer | undefined;
    for (const t of this.timers.values()) {
      if (t.at <= end && (!best || t.at < best.at)) best = t;
    }
    return best;
  }
}
