/**
 * The store connection as /readyz reports it. `StoreReady` is the one seam: today it is
 * fed by a live round trip to the store (probeStore); a client that tracks its
 * connection's state can feed it directly instead.
 */
import type { ObjectStorage } from './storage.js';

/** Whether the store connection can serve requests now, and if not, why. */
export interface StoreReadiness {
  ok: boolean;
  reason?: string;
}

/** Reports the store connection's readiness; may answer at once or after a round trip. */
export type StoreReady = () => StoreReadiness | Promise<StoreReadiness>;

/** A StoreReady that asks the store for its current revision: ready when it answers. */
export function probeStore(storage: Pick<ObjectStorage, 'currentRevision'>): StoreReady {
  return async () => {
    try {
      await storage.currentRevision();
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  };
}
