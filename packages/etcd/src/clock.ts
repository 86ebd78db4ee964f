/**
 * The etcd client's timing helpers: deadlines, backoff, keep-alive pings and lease renewals
 * all go through a Clock (@wheelhouse/machinery's) so tests can drive them with fake time.
 */

import type { Clock } from '@wheelhouse/machinery';

export { type Clock, type TimerHandle, realClock } from '@wheelhouse/machinery';

/** Resolves after `ms` on `clock`. */
export function sleep(clock: Clock, ms: number): Promise<void> {
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
