import { afterEach, describe, expect, it } from 'vitest';
import { waitForCachesWithin } from './cache-sync.js';
import { realClock } from './clock.js';
import type { Syncable } from './informer.js';

/** A cache that syncs when told to, waiting on the signal it is given as an informer does. */
function cache(name: string): Syncable & { sync(): void } {
  let synced = false;
  const waiters: Array<() => void> = [];
  return {
    name,
    hasSynced: () => synced,
    sync() {
      synced = true;
      for (const w of waiters.splice(0)) w();
    },
    waitForSync(signal?: AbortSignal) {
      if (synced) return Promise.resolve(true);
      return new Promise((resolve) => {
        const onAbort = (): void => resolve(false);
        signal?.addEventListener('abort', onAbort, { once: true });
        waiters.push(() => {
          signal?.removeEventListener('abort', onAbort);
          resolve(true);
        });
      });
    },
  };
}

const warnings: Error[] = [];
const onWarning = (w: Error): void => void warnings.push(w);
afterEach(() => {
  process.off('warning', onWarning);
  warnings.length = 0;
});

describe('waitForCachesWithin', () => {
  it('waits for dozens of caches at once without a listener-leak warning', async () => {
    process.on('warning', onWarning);
    const caches = Array.from({ length: 40 }, (_, i) => cache(`c${i}`));
    const done = waitForCachesWithin(caches, {
      clock: realClock,
      timeoutMs: 10_000,
      signal: new AbortController().signal,
    });
    for (const c of caches) c.sync();
    expect(await done).toBe(true);
    await new Promise((r) => setImmediate(r)); // warnings are emitted on the next tick
    expect(warnings.map((w) => w.name)).not.toContain('MaxListenersExceededWarning');
  });

  it('resolves false when the signal aborts first', async () => {
    const ac = new AbortController();
    const done = waitForCachesWithin([cache('a')], { clock: realClock, timeoutMs: 10_000, signal: ac.signal });
    ac.abort();
    expect(await done).toBe(false);
  });
});
