import type { Expectations } from '@wheelhouse/client';

/**
 * kube's UIDTrackingControllerExpectations over the client runtime's {@link Expectations}:
 * deletions are expected by pod key, so a pod seen first with a deletionTimestamp and later
 * as deleted counts once.
 */
export class UidTrackingExpectations {
  private readonly deleting = new Map<string, Set<string>>();

  /** Wraps `expectations` (which counts creations and deletions by controller key). */
  constructor(readonly expectations: Expectations) {}

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
