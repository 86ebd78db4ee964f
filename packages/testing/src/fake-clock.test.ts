import { describe, expect, it, vi } from 'vitest';
import { FakeClock } from './fake-clock.js';

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
        await new Promise<void>((resolve) => clock.setTimeout(resolve, 100));
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
