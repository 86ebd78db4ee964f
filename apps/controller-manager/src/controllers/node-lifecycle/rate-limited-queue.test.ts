// The zone taint queue: due order, the rate, a rate of 0, and names known until removed.
import { FakeClock } from '@wheelhouse/testing';
import { describe, expect, it } from 'vitest';
import { RateLimitedTimedQueue } from './rate-limited-queue.js';

/** Runs `try` once, recording each value taken. */
async function take(queue: RateLimitedTimedQueue, into: string[], done = true) {
  await queue.try(async (v) => {
    into.push(v.value);
    return { done };
  });
}

describe('RateLimitedTimedQueue', () => {
  it('takes one name per token at its rate, in order', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(clock, 0.5);
    for (const n of ['a', 'b', 'c']) queue.add(n, `uid-${n}`);
    const taken: string[] = [];
    await take(queue, taken);
    expect(taken).toEqual(['a']);
    await clock.advance(1_000);
    await take(queue, taken);
    expect(taken).toEqual(['a']);
    await clock.advance(1_000);
    await take(queue, taken);
    expect(taken).toEqual(['a', 'b']);
  });

  it('takes nothing at rate 0, and resumes when the rate is swapped', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(clock, 0);
    queue.add('a', 'u');
    const taken: string[] = [];
    await clock.advance(60_000);
    await take(queue, taken);
    expect(taken).toEqual([]);
    // The old limiter had no token to give: the new one starts empty (kube's SwapLimiter).
    queue.swapLimiter(1);
    await take(queue, taken);
    expect(taken).toEqual([]);
    await clock.advance(1_000);
    await take(queue, taken);
    expect(taken).toEqual(['a']);
  });

  it('keeps a processed name known until it is removed, and retries one not done', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(clock, 100);
    queue.add('a', 'u');
    const taken: string[] = [];
    await take(queue, taken, false);
    expect(queue.length).toBe(1);
    await clock.advance(1_000);
    await take(queue, taken);
    expect(taken).toEqual(['a', 'a']);
    expect(queue.add('a', 'u')).toBe(false);
    expect(queue.remove('a')).toBe(true);
    expect(queue.add('a', 'u')).toBe(true);
  });
});
