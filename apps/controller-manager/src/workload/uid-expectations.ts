import { type Clock, EXPECTATIONS_TIMEOUT_MS, Expectations } from '@wheelhouse/client';

/**
 * kube's UIDTrackingControllerExpectations over the client runtime's {@link Expectations}:
 * deletions are expected by pod key, so a pod seen first with a deletionTimestamp and later
 * as deleted counts once.
 */
export class UidTrackingExpectations {
  private readonly deleting = new Map<string, Set<string>>();

  private readonly expectations: Expectations;

  /** Counts creations and deletions by controller key; expectations expire after kube's 5 minutes on `clock`. */
  constructor(clock: Clock) {
    this.expectations = new Expectations({ clock, timeoutMs: EXPECTATIONS_TIMEOUT_MS });
  }

  /** See {@link Expectations.satisfiedExpectations}. */
  satisfied(controllerKey: string): boolean {
    return this.expectations.satisfiedExpectations(controllerKey);
  }

  /** Expects `count` creations (replacing earlier expectations). */
  expectCreations(controllerKey: string, count: number): void {
    this.expectations.expectCreations(controllerKey, count);
  }

  /** One creation seen (or one that will never be: a failed create). */
  creationObserved(controllerKey: string): void {
    this.expectations.creationObserved(controllerKey);
  }

  /** Expects the deletion of each pod key (replacing earlier expectations). */
  expectDeletions(controllerKey: string, podKeys: readonly string[]): void {
    this.deleting.set(controllerKey, new Set(podKeys));
    this.expectations.expectDeletions(controllerKey, podKeys.length);
  }

  /** Expects `creations` creations and the deletion of each pod key (replacing earlier expectations). */
  setExpectations(controllerKey: string, creations: number, podKeys: readonly string[]): void {
    this.deleting.set(controllerKey, new Set(podKeys));
    this.expectations.setExpectations(controllerKey, creations, podKeys.length);
  }

  /** Lowers the expected creations by `count` (creations never attempted). */
  lowerCreations(controllerKey: string, count: number): void {
    this.expectations.lowerExpectations(controllerKey, count, 0);
  }

  /** The deletion of `podKey` was seen (or failed); counted once per expected key. */
  deletionObserved(controllerKey: string, podKey: string): void {
    const keys = this.deleting.get(controllerKey);
    if (!keys?.delete(podKey)) return;
    this.expectations.deletionObserved(controllerKey);
  }

  /** Forgets the controller (its object was deleted). */
  deleteExpectations(controllerKey: string): void {
    this.deleting.delete(controllerKey);
    this.expectations.deleteExpectations(controllerKey);
  }
}
