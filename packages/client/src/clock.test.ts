import { afterEach, describe, expect, it, vi } from 'vitest';
import { formatMicroTime, formatTime, realClock, sleep } from './clock.js';
import { FakeClock } from './fake-clock.js';

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

describe('FakeClock', () => {
  it('fires due timers in time order, then creation order, and sets now to each timer time', async () => {
    const clock = new FakeClock(0);
    const seen: string[] = [];
    clock.setTimeout(() => seen.push(`b@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push(`a@${clock.now()}`), 10);
    clock.setTimeout(() => seen.push(`c@${clock.now()}`), 20);
    clock.setTimeout(() => seen.push('late'), 31);
    await clock.advance(30);
    expect(seen).toEqual(['a@10', 'b@20', 'c@20']);
    expect(clock.now()).toBe(30);
    expect(clock.pendingTimers()).toBe(1);
  });

  it('fires timers scheduled by timers when they fall due within the same advance', async () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    const tick = (): void => {
      seen.push(clock.now());
      clock.setTimeout(tick, 10);
    };
    clock.setTimeout(tick, 10);
    await clock.advance(35);
    expect(seen).toEqual([10, 20, 30]);
  });

  it('lets async chains run between timers', async () => {
    const clock = new FakeClock(0);
    const seen: number[] = [];
    void (async () => {
      for (let i = 0; i < 3; i++) {
        await sleep(clock, 100);
        await Promise.resolve();
        seen.push(clock.now());
      }
    })();
    await clock.advance(1_000);
    expect(seen).toEqual([100, 200, 300]);
  });

  it('treats negative delays as zero', async () => {
    const clock = new FakeClock(5);
    const fn = vi.fn();
    clock.setTimeout(fn, -10);
    await clock.advance(0);
    expect(fn).toHaveBeenCalledOnce();
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
