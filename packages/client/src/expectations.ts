import { type Clock, realClock } from './clock.js';

/** How long expectations wait for the creations and deletions they count (kube-controller-manager's ExpectationsTimeout). */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Record {
  add: number;
  del: number;
  /** When the expectations were set, on the clock. */
  at: number;
}

/**
 * kube-controller-manager's ControllerExpectations: what a controller (by key) still expects to
 * see in its informers after creating or deleting dependents, so it does not act again on a
 * cache that has not caught up with its own writes. A reconcile that creates N pods calls
 * `expectCreations(key, N)`; the pod handler calls `creationObserved(ownerKey)` per pod seen;
 * the reconcile acts only when `satisfiedExpectations(key)`. Expectations that are not met
 * within {@link EXPECTATIONS_TIMEOUT_MS} count as satisfied, so a lost watch event cannot stall
 * a controller for good.
 */
export class Expectations {
  private readonly records = new Map<string, Record>();
  private readonly clock: Clock;
  private readonly timeoutMs: number;

  /** `timeoutMs` defaults to 5 minutes; `clock` to the real one. */
  constructor(options: { clock?: Clock; timeoutMs?: number } = {}) {
    this.clock = options.clock ?? realClock;
    this.timeoutMs = options.timeoutMs ?? EXPECTATIONS_TIMEOUT_MS;
  }

  /**
   * True when `key` may act: it has no expectations, every expected creation and deletion was
   * observed, or they were set more than the timeout ago.
   */
  satisfiedExpectations(key: string): boolean {
    const r = this.records.get(key);
    if (!r) return true;
    return (r.add <= 0 && r.del <= 0) || this.clock.now() - r.at > this.timeoutMs;
  }

  /** Replaces `key`'s expectations with `add` creations and `del` deletions, timed from now. */
  setExpectations(key: string, add: number, del: number): void {
    this.records.set(key, { add, del, at: this.clock.now() });
  }

  /** Expects `adds` creations (and no deletions), replacing earlier expectations. */
  expectCreations(key: string, adds: number): void {
    this.setExpectations(key, adds, 0);
  }

  /** Expects `dels` deletions (and no creations), replacing earlier expectations. */
  expectDeletions(key: string, dels: number): void {
    this.setExpectations(key, 0, dels);
  }

  /** One expected creation was seen; a no-op for a key without expectations. */
  creationObserved(key: string): void {
    this.lowerExpectations(key, 1, 0);
  }

  /** One expected deletion was seen; a no-op for a key without expectations. */
  deletionObserved(key: string): void {
    this.lowerExpectations(key, 0, 1);
  }

  /** Lowers the counts (e.g. for creations that failed and will never be seen); keeps the timestamp. */
  lowerExpectations(key: string, add: number, del: number): void {
    const r = this.records.get(key);
    if (!r) return;
    r.add -= add;
    r.del -= del;
  }

  /** Raises the counts; keeps the timestamp. A no-op for a key without expectations. */
  raiseExpectations(key: string, add: number, del: number): void {
    this.lowerExpectations(key, -add, -del);
  }

  /** Forgets `key` (its controller object was deleted). */
  deleteExpectations(key: string): void {
    this.records.delete(key);
  }

  /** The outstanding creations and deletions of `key`, if it has expectations (for logs). */
  getExpectations(key: string): { add: number; del: number } | undefined {
    const r = this.records.get(key);
    return r && { add: r.add, del: r.del };
  }
}
