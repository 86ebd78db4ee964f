import { setMaxListeners } from 'node:events';
import type { Clock } from './clock.js';
import { ClientError } from './errors.js';
import { type Syncable, waitForCacheSync } from './informer.js';

/** How long controllers and the manager wait for caches by default (controller-runtime's CacheSyncTimeout). */
export const DEFAULT_CACHE_SYNC_TIMEOUT_MS = 120_000;

/**
 * Waits until every cache in `caches` has synced: resolves true once they have, false if
 * `signal` aborts first, and rejects with a CacheSyncTimeout ClientError naming the caches
 * still unsynced when `timeoutMs` pass on `clock`.
 */
export async function waitForCachesWithin(
  caches: readonly Syncable[],
  options: { clock: Clock; timeoutMs: number; signal: AbortSignal },
): Promise<boolean> {
  const { clock, timeoutMs, signal } = options;
  if (caches.every((c) => c.hasSynced())) return true;
  const ac = new AbortController();
  // One listener per cache waits on it (Node warns of a leak past 10, and a manager has dozens).
  setMaxListeners(Math.max(10, caches.length + 1), ac.signal);
  const timer = clock.setTimeout(() => ac.abort(), timeoutMs);
  const onAbort = (): void => ac.abort();
  signal.addEventListener('abort', onAbort, { once: true });
  if (signal.aborted) ac.abort();
  try {
    if (await waitForCacheSync(ac.signal, ...caches)) return true;
  } finally {
    clock.clearTimeout(timer);
    signal.removeEventListener('abort', onAbort);
  }
  if (signal.aborted) return false;
  const unsynced = caches.filter((c) => !c.hasSynced()).map((c) => c.name);
  throw new ClientError('CacheSyncTimeout', { caches: unsynced, ms: timeoutMs });
}
