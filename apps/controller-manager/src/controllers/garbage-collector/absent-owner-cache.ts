/**
 * kube's ReferenceCache of owners known to be absent: a bounded least-recently-used set, so
 * a burst of dependents of one deleted owner costs one GET instead of one each.
 */
import { type ObjectIdentity, identityKey } from './identity.js';

/** kube-controller-manager's size of the absent-owner cache. */
export const ABSENT_OWNER_CACHE_SIZE = 500;

/** A bounded set of identities; the least recently used one is dropped past the size. */
export class AbsentOwnerCache {
  private readonly keys = new Map<string, true>();

  /** Builds an empty cache holding at most `size` identities. */
  constructor(private readonly size = ABSENT_OWNER_CACHE_SIZE) {}

  /** Records `id` as absent. */
  add(id: ObjectIdentity): void {
    const key = identityKey(id);
    this.keys.delete(key);
    this.keys.set(key, true);
    if (this.keys.size > this.size) this.keys.delete(this.keys.keys().next().value!);
  }

  /** Whether `id` was recorded absent (and marks it recently used). */
  has(id: ObjectIdentity): boolean {
    const key = identityKey(id);
    if (!this.keys.has(key)) return false;
    this.keys.delete(key);
    this.keys.set(key, true);
    return true;
  }
}
