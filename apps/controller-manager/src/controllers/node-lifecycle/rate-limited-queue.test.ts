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

  it('with more than one at once, takes names at its rate without waiting for each to finish, up to the bound', async () => {
    const clock = new FakeClock();
    const queue = new RateLimitedTimedQueue(clock, 1000);
    for (const n of ['a', 'b', 'c', 'd', 'e']) queue.add(n, `uid-${n}`);
    const started: string[] = [];
    const finish = new Map<string, (r: { done: boolean }) => void>();
    const pass = queue.try(
      (v) =>
        new Promise((resolve) => {
          started.push(v.value);
          finish.set(v.value, resolve);
        }),
      3,
    );
    const settle = () => new Promise((r) => setImmediate(r));
    await settle();
    // One token at once (burst 1); the next a millisecond later, though 'a' is still running.
    expect(started).toEqual(['a']);
    for (let i = 0; i < 5; i++) {
      await clock.advance(1);
      await settle();
    }
    expect(started).toEqual(['a', 'b', 'c']);
    // At the bound: 'd' waits for one to finish; 'b' is not done and comes back later.
    finish.get('b')!({ done: false });
    await settle();
    await clock.advance(1);
    await settle();
    expect(started).toEqual(['a', 'b', 'c', 'd']);
    for (const n of ['a', 'c', 'd']) finish.get(n)!({ done: true });
    for (let i = 0; i < 5; i++) {
      await clock.advance(1);
      await settle();
    }
    expect(started).toEqual(['a', 'b', 'c', 'd', 'e', 'b']);
    finish.get('e')!({ done: true });
    finish.get('b')!({ done: true });
    await pass;
    expect(queue.length).toBe(0);
    // Processed names stay known until removed.
    expect(queue.add('a', 'uid-a')).toBe(false);
  });
});
