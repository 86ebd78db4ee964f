/**
 * The client's source of time: deadlines, backoff, keep-alive pings and lease renewals
 * all go through an EtcdClock so tests can drive them with fake time.
 */

/** An opaque timer handle returned by EtcdClock.setTimeout. */
export type EtcdTimerHandle = object;

/**
 * Time and timers (the same shape as @wheelhouse/client's Clock, so one fake clock can
 * drive both). `setTimeout` never calls `fn` synchronously.
 */
export interface EtcdClock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
  /** Calls `fn` once after `ms` milliseconds (0 if negative). */
  setTimeout(fn: () => void, ms: number): EtcdTimerHandle;
  /** Cancels a pending timer; a no-op for one that fired or was cleared. */
  clearTimeout(handle: EtcdTimerHandle): void;
}

/** The wall clock and Node's timers, unref'd: the client's timers never keep a process alive by themselves. */
export const realClock: EtcdClock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, Math.max(0, ms));
    t.unref();
    return t;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** Resolves after `ms` on `clock`. */
export function sleep(clock: EtcdClock, ms: number): Promise<void> {
  return new Promise((resolve) => clock.setTimeout(resolve, ms));
}

/** Capped exponential backoff with jitter. */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
  /** A uniform random number in [0, 1); Math.random unless a test fixes it. */
  random: () => number;
}

/**
 * The delay before retry number `attempt` (0 = the first retry): base * 2^attempt,
 * capped at max, then jittered into [cap/2, cap) so that many clients that lost the
 * same server do not come back in lockstep.
 */
export function backoffDelay(policy: BackoffPolicy, attempt: number): number {
  const cap = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(attempt, 30));
  return cap / 2 + policy.random() * (cap / 2);
}
