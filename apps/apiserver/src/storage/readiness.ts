/**
 * The store connection as /readyz reports it. `StoreReady` is the one seam: today it is
 * fed by a live round trip to the store (probeStore); a client that tracks its
 * connection's state can feed it directly instead.
 */
import type { KvStore, StoreReadiness } from './kv.js';
import type { ObjectStorage } from './storage.js';

export type { StoreReadiness } from './kv.js';

/** Reports the store connection's readiness; may answer at once or after a round trip. */
export type StoreReady = () => StoreReadiness | Promise<StoreReadiness>;

/**
 * A StoreReady that first asks the client where its connection stands (not ready at once,
 * with the client's last error, while it reconnects), then asks the store for its current
 * revision: ready when it answers.
 */
export function probeStore(
  storage: Pick<ObjectStorage, 'currentRevision'>,
  kv?: Pick<KvStore, 'connection'>,
): StoreReady {
  return async () => {
    const conn = kv?.connection?.();
    if (conn && !conn.ok) return conn;
    try {
      await storage.currentRevision();
      return { ok: true };
    } catch (err) {
      return { ok: false, reason: (err as Error).message };
    }
  };
}
