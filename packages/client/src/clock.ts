/** An opaque handle returned by {@link Clock.setTimeout}; pass it back to {@link Clock.clearTimeout}. */
export type TimerHandle = object;

/**
 * The source of time for everything in this package. Components take a Clock in their
 * options so tests can substitute fake time; nothing here reads `Date.now()` directly.
 */
export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds (0 if negative). Never calls it synchronously. */
  setTimeout(fn: () => void, ms: number): TimerHandle;
  /** Cancels a pending timer; a no-op for one that already fired or was cleared. */
  clearTimeout(handle: TimerHandle): void;
}

/** The wall clock and Node's timers. Timers are unref'd so they never keep a process alive on their own. */
export const realClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/**
 * Resolves after `ms` on `clock`, or rejects with the signal's reason as soon as `signal`
 * aborts (at once if it already has). The timer is cleared on abort.
 */
export function sleep(clock: Clock, ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = (): void => {
      clock.clearTimeout(handle);
      reject(signal?.reason);
    };
    const handle = clock.setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
