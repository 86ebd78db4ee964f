/**
 * The pod-failure backoff of Jobs (kube's backoffRecord): after N failures since the last
 * success, new pods wait 10 s * 2^(N-1) (at most 6 minutes) from the last failure.
 */
import type { CachedPod } from '../../workload/pod-status.js';
import { podFinishedTime } from './job-util.js';

/** kube's DefaultJobPodFailureBackOff: the first delay after a failure. */
export const DEFAULT_POD_FAILURE_BACKOFF_MS = 10_000;
/** kube's MaxJobPodFailureBackOff: the longest delay. */
export const MAX_POD_FAILURE_BACKOFF_MS = 6 * 60_000;

/** Failures since the last success, and when the last one happened. */
export interface BackoffRecord {
  failuresAfterLastSuccess: number;
  lastFailureTime?: number;
}

/** Backoff records by Job key. */
export class BackoffStore {
  private readonly records = new Map<string, BackoffRecord>();

  /** The record after the newly finished pods of a sync (kube's newBackoffRecord); not stored until {@link update}. */
  next(key: string, succeeded: readonly CachedPod[], failed: readonly CachedPod[], now: number): BackoffRecord {
    const prev = this.records.get(key) ?? { failuresAfterLastSuccess: 0 };
    const times = (pods: readonly CachedPod[]): number[] =>
      pods.map((p) => podFinishedTime(p, now)).sort((a, b) => a - b);
    const [ok, bad] = [times(succeeded), times(failed)];
    if (ok.length === 0) {
      if (bad.length === 0) return { ...prev };
      return { failuresAfterLastSuccess: prev.failuresAfterLastSuccess + bad.length, lastFailureTime: bad.at(-1)! };
    }
    const lastSuccess = ok.at(-1)!;
    const after = bad.filter((t) => t > lastSuccess);
    return after.length === 0
      ? { failuresAfterLastSuccess: 0 }
      : { failuresAfterLastSuccess: after.length, lastFailureTime: after.at(-1)! };
  }

  /** Stores `record` for `key`. */
  update(key: string, record: BackoffRecord): void {
    this.records.set(key, record);
  }

  /** Forgets `key` (the Job finished or is gone). */
  remove(key: string): void {
    this.records.delete(key);
  }
}

/** How long new pods must still wait (kube's getRemainingTime); 0 when they need not. */
export function remainingBackoff(record: BackoffRecord, now: number): number {
  if (record.failuresAfterLastSuccess === 0 || record.lastFailureTime === undefined) return 0;
  let delay = DEFAULT_POD_FAILURE_BACKOFF_MS;
  for (let i = 1; i < record.failuresAfterLastSuccess; i++) {
    delay *= 2;
    if (delay >= MAX_POD_FAILURE_BACKOFF_MS) {
      delay = MAX_POD_FAILURE_BACKOFF_MS;
      break;
    }
  }
  const elapsed = now - record.lastFailureTime;
  return delay < elapsed ? 0 : delay - elapsed;
}
