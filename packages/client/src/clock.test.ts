import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatMicroTime, formatTime } from '@wheelhouse/machinery';
import { FakeClock } from '@wheelhouse/testing';
import { realClock, sleep } from './clock.js';

describe('realClock', () => {
  afterEach(() => vi.useRealTimers());

  it('reads Date.now and fires timers through Node timers', () => {
    vi.useFakeTimers({ now: 1_000 });
    const fn = vi.fn();
    expect(realClock.now()).toBe(1_000);
    realClock.setTimeout(fn, 50);
    vi.advanceTimersByTime(49);
    expect(fn).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(fn).toHaveBeenCalledOnce();
  });

  it('clears timers', () => {
    vi.useFakeTimers();
    const fn = vi.fn();
    realClock.clearTimeout(realClock.setTimeout(fn, 10));
    vi.advanceTimersByTime(100);
    expect(fn).not.toHaveBeenCalled();
  });
});

describe('sleep', () => {
  it('rejects with the abort reason and clears its timer', async () => {
    const clock = new FakeClock(0);
    const ac = new AbortController();
    const p = sleep(clock, 1_000, ac.signal);
    ac.abort(new Error('stop'));
    await expect(p).rejects.toThrow('stop');
    expect(clock.pendingTimers()).toBe(0);
  });

  it('rejects at once for an already aborted signal', async () => {
    const clock = new FakeClock(0);
    await expect(sleep(clock, 1, AbortSignal.abort(new Error('gone')))).rejects.toThrow('gone');
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('time formatting', () => {
  it('formats Time with whole seconds and MicroTime with six digits', () => {
    const ms = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
    expect(formatTime(ms)).toBe('2026-01-02T03:04:05Z');
    expect(formatMicroTime(ms)).toBe('2026-01-02T03:04:05.678000Z');
  });
});
