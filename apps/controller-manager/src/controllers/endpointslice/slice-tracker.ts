/**
 * What this controller last wrote, per Service (kube's EndpointSliceTracker): a sync must not
 * act on a cache that has not seen its own writes yet, or it would create slices twice; and
 * slice events that only echo its writes need no sync.
 */
import type { CachedSlice } from './plan.js';

/** A deleted slice's entry. */
const DELETED = -1;

/** See the module comment. One per controller. */
export class SliceTracker {
  private readonly services = new Map<string, Map<string, number>>();

  private of(serviceKey: string): Map<string, number> {
    let slices = this.services.get(serviceKey);
    if (!slices) this.services.set(serviceKey, (slices = new Map()));
    return slices;
  }

  /** Records a created or updated slice at the generation the server answered. */
  wrote(serviceKey: string, name: string, generation: number): void {
    this.of(serviceKey).set(name, generation);
  }

  /** Records a deleted slice. */
  deleted(serviceKey: string, name: string): void {
    this.of(serviceKey).set(name, DELETED);
  }

  /** Whether `cached` (the informer's slices of the Service) lacks any write of ours; drops entries it has caught up with. */
  stale(serviceKey: string, cached: readonly CachedSlice[]): boolean {
    const slices = this.services.get(serviceKey);
    if (!slices) return false;
    const byName = new Map(cached.map((s) => [s.metadata.name, s.metadata.generation ?? 0]));
    let stale = false;
    for (const [name, generation] of slices) {
      const seen = byName.get(name);
      const caughtUp = generation === DELETED ? seen === undefined : seen !== undefined && seen >= generation;
      if (caughtUp) slices.delete(name);
      else stale = true;
    }
    return stale;
  }

  /** Whether an event about `slice` only echoes a write of ours. */
  isOwnWrite(serviceKey: string, slice: CachedSlice): boolean {
    const generation = this.services.get(serviceKey)?.get(slice.metadata.name);
    return generation !== undefined && generation === (slice.metadata.generation ?? 0);
  }

  /** Forgets a deleted Service. */
  forget(serviceKey: string): void {
    this.services.delete(serviceKey);
  }
}
