import { afterEach, describe, expect, it, vi } from 'vitest';
import { pino } from 'pino';
import { startCompactor } from './compactor.js';
import type { KvStore } from './kv.js';

describe('startCompactor', () => {
  afterEach(() => vi.useRealTimers());

  it('compacts each interval to the revision seen one interval earlier', async () => {
    vi.useFakeTimers();
    let rev = 10;
    const compacted: number[] = [];
    const kv = {
      currentRevision: async () => rev,
      compact: async (r: number) => void compacted.push(r),
    } as unknown as KvStore;
    const c = startCompactor(kv, 1000, pino({ level: 'silent' }));
    await vi.advanceTimersByTimeAsync(1000);
    expect(compacted).toEqual([]);
    rev = 25;
    await vi.advanceTimersByTimeAsync(1000);
    expect(compacted).toEqual([10]);
    rev = 30;
    await vi.advanceTimersByTimeAsync(1000);
    expect(compacted).toEqual([10, 25]);
    c.stop();
    await vi.advanceTimersByTimeAsync(5000);
    expect(compacted).toEqual([10, 25]);
  });

  it('keeps going after a failure, and an interval of 0 disables it', async () => {
    vi.useFakeTimers();
    let fail = true;
    const calls: number[] = [];
    const kv = {
      currentRevision: async () => {
        if (fail) throw new Error('store down');
        return 7;
      },
      compact: async (r: number) => void calls.push(r),
    } as unknown as KvStore;
    const c = startCompactor(kv, 100, pino({ level: 'silent' }));
    await vi.advanceTimersByTimeAsync(100);
    fail = false;
    await vi.advanceTimersByTimeAsync(100);
    expect(calls).toEqual([]);
    c.stop();
    expect(() => startCompactor(kv, 0, pino({ level: 'silent' })).stop()).not.toThrow();
  });
});
