import { describe, expect, it } from 'vitest';
import type { FakeListerWatcher } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { type Pod, cacheState, pod, setup, truth } from './informer.test-support.js';

describe('Informer streaming list (sendInitialEvents)', () => {
  it('syncs from the initial events and keeps watching on the same stream', async () => {
    const { clock, lw, seen, informer, ac, start } = setup({ useWatchList: true });
    lw.upsert(pod('a'));
    lw.upsert(pod('b'));
    const done = start();
    await clock.settle();
    expect(informer.hasSynced()).toBe(true);
    expect(informer.lastSyncResourceVersion()).toBe('2');
    lw.upsert(pod('c'));
    await clock.settle();
    expect(lw.calls).toEqual(['watch rv= initial-events']);
    expect(seen).toEqual(['add a initial', 'add b initial', 'add c']);
    expect(informer.lastSyncResourceVersion()).toBe('3');
    ac.abort();
    await done;
  });

  it('falls back to paginated lists when the server refuses or the watch fails', async () => {
    for (const breakIt of [
      (lw: FakeListerWatcher<Pod>) => (lw.supportsWatchList = false),
      (lw: FakeListerWatcher<Pod>) => lw.failWatches.push(new Error('reset')),
    ]) {
      const { clock, lw, informer, ac, start } = setup({ useWatchList: true });
      lw.upsert(pod('a'));
      breakIt(lw);
      const done = start();
      await clock.settle();
      expect(lw.calls).toEqual(['watch rv= initial-events', 'list rv= limit=2', 'watch rv=1']);
      expect(cacheState(informer)).toEqual(truth(lw));
      ac.abort();
      await done;
    }
  });
});

describe('Informer streaming list by default', () => {
  const expired = (): Error =>
    apiErrorFromStatus({ kind: 'Status', status: 'Failure', reason: 'Expired', code: 410, message: 'too old' });

  it('streams when not told otherwise', async () => {
    const { clock, lw, informer, ac, start } = setup({ useWatchList: undefined });
    lw.upsert(pod('a'));
    const done = start();
    await clock.settle();
    expect(informer.hasSynced()).toBe(true);
    expect(lw.calls).toEqual(['watch rv= initial-events']);
    ac.abort();
    await done;
  });

  it('remembers a server that refuses streaming lists, but streams again after a transient failure', async () => {
    const cases = [
      { breakIt: (lw: FakeListerWatcher<Pod>) => (lw.supportsWatchList = false), relist: 'list rv= limit=2' },
      {
        breakIt: (lw: FakeListerWatcher<Pod>) => lw.failWatches.push(new Error('reset')),
        relist: 'watch rv= initial-events',
      },
    ];
    for (const { breakIt, relist } of cases) {
      const { clock, lw, informer, ac, start } = setup({ useWatchList: undefined });
      lw.upsert(pod('a'));
      breakIt(lw);
      const done = start();
      await clock.settle();
      expect(lw.calls).toEqual(['watch rv= initial-events', 'list rv= limit=2', 'watch rv=1']);
      lw.dropWatches(expired());
      await clock.settle();
      expect(lw.calls[3]).toBe(relist);
      expect(cacheState(informer)).toEqual(truth(lw));
      ac.abort();
      await done;
    }
  });
});
