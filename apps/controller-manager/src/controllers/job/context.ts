import type { Job, Pod } from '@wheelhouse/api';
import type { Lister, Served } from '@wheelhouse/client';
import type { PodControl } from '../../workload/pod-control.js';
import type { CachedPod } from '../../workload/pod-status.js';
import type { SyncDeps } from '../../workload/sync-deps.js';
import type { UidTrackingExpectations } from '../../workload/uid-expectations.js';
import type { BackoffRecord, BackoffStore } from './backoff.js';
import type { Intervals } from './intervals.js';
import type { CachedJob, JobCondition, JobStatus } from './job-util.js';

/**
 * Pods whose tracking finalizer removal was requested but not yet seen, by Job key (kube's
 * finalizer expectations): they are not counted again meanwhile.
 */
export class FinalizerExpectations {
  private readonly byJob = new Map<string, Set<string>>();

  /** The uids of `key` still expected to lose their finalizer. */
  expected(key: string): ReadonlySet<string> {
    return this.byJob.get(key) ?? new Set();
  }

  /** Expects `uids` of `key` to lose their finalizer. */
  expect(key: string, uids: readonly string[]): void {
    const set = this.byJob.get(key) ?? new Set<string>();
    for (const uid of uids) set.add(uid);
    this.byJob.set(key, set);
  }

  /** The finalizer of `uid` is gone (or its removal failed). */
  observed(key: string, uid: string): void {
    const set = this.byJob.get(key);
    set?.delete(uid);
    if (set?.size === 0) this.byJob.delete(key);
  }

  /** Forgets `key`. */
  delete(key: string): void {
    this.byJob.delete(key);
  }
}

/** What the Job sync reads and writes through. */
export interface JobDeps extends SyncDeps {
  jobs: Lister<Served<Job>>;
  pods: Lister<Served<Pod>>;
  podControl: PodControl;
  expectations: UidTrackingExpectations;
  finalizers: FinalizerExpectations;
  backoff: BackoffStore;
  /** Looks at the Job under `key` again after `ms`. */
  enqueueAfter(key: string, ms: number): void;
}

/** The state one sync threads through (kube's syncJobCtx). */
export interface SyncJobCtx {
  key: string;
  /** The Job as cached. */
  cached: CachedJob;
  /** The status being built. */
  status: JobStatus;
  pods: CachedPod[];
  activePods: CachedPod[];
  succeeded: number;
  failed: number;
  ready: number;
  terminating: number;
  finishedCondition?: JobCondition;
  expectedRmFinalizers: ReadonlySet<string>;
  uncountedSucceeded: Set<string>;
  uncountedFailed: Set<string>;
  newBackoffRecord: BackoffRecord;
  prevSucceededIndexes: Intervals;
  succeededIndexes: Intervals;
}
