import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@wheelhouse/testing';
import { ClientError } from './errors.js';
import {
  BucketRateLimiter,
  ItemExponentialRateLimiter,
  MaxOfRateLimiter,
  RequestRateLimiter,
  TokenBucket,
  defaultControllerRateLimiter,
} from './rate-limit.js';

describe('ItemExponentialRateLimiter', () => {
  it('doubles from 5 ms per item and caps at 1000 s', () => {
    const l = new ItemExponentialRateLimiter<string>();
    expect([l.when('a'), l.when('a'), l.when('a'), l.when('b')]).toEqual([5, 10, 20, 5]);
    expect(l.numRequeues('a')).toBe(3);
    for (let i = 0; i < 40; i++) l.when('a');
    expect(l.when('a')).toBe(1_000_000);
    for (let i = 0; i < 2000; i++) l.when('a');
    expect(l.when('a')).toBe(1_000_000);
  });

  it('starts over after forget', () => {
    const l = new ItemExponentialRateLimiter<string>(1, 100);
    l.when('a');
    l.when('a');
    l.forget('a');
    expect(l.numRequeues('a')).toBe(0);
    expect(l.when('a')).toBe(1);
  });

  it('rejects bad options', () => {
    expect(() => new ItemExponentialRateLimiter(0, 10)).toThrow(ClientError);
    expect(() => new ItemExponentialRateLimiter(10, 5)).toThrow('must be >= baseMs');
  });

  it('is monotone and bounded for any failure count', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 100 }), fc.integer({ min: 1, max: 200 }), (base, n) => {
        const l = new ItemExponentialRateLimiter<number>(base, base * 1000);
        let prev = 0;
        for (let i = 0; i < n; i++) {
          const d = l.when(1);
          expect(d).toBeGreaterThanOrEqual(prev);
          expect(d).toBeLessThanOrEqual(base * 1000);
          prev = d;
        }
      }),
    );
  });
});

describe('BucketRateLimiter', () => {
  it('lets a burst of 100 through at once, then spaces items 100 ms apart (10 qps)', () => {
    const clock = new FakeClock(0);
    const l = new BucketRateLimiter<number>(10, 100, clock);
    for (let i = 0; i < 100; i++) expect(l.when(i)).toBe(0);
    expect([l.when(100), l.when(101), l.when(102)]).toEqual([100, 200, 300]);
    expect(l.numRequeues(100)).toBe(0);
  });

  it('refills with time up to the burst', async () => {
    const clock = new FakeClock(0);
    const l = new BucketRateLimiter<number>(10, 5, clock);
    for (let i = 0; i < 5; i++) l.when(i);
    await clock.advance(250);
    expect([l.when(0), l.when(0), l.when(0)]).toEqual([0, 0, 50]);
    await clock.advance(60_000);
    for (let i = 0; i < 5; i++) expect(l.when(i)).toBe(0);
    expect(l.when(9)).toBe(100);
  });

  it('never admits more than burst + qps * t tokens in t seconds', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 50 }),
        fc.integer({ min: 1, max: 20 }),
        fc.array(fc.integer({ min: 0, max: 500 }), { maxLength: 100 }),
        async (qps, burst, gaps) => {
          const clock = new FakeClock(0);
          const bucket = new TokenBucket(qps, burst, clock);
          let admitted = 0;
          for (const gap of gaps) {
            await clock.advance(gap);
            if (bucket.tryTake()) admitted++;
          }
          expect(admitted).toBeLessThanOrEqual(burst + (qps * clock.now()) / 1000 + 1e-9);
        },
      ),
    );
  });
});

describe('MaxOfRateLimiter and the default controller limiter', () => {
  it('takes the largest delay and forgets in every limiter', () => {
    const a = new ItemExponentialRateLimiter<string>(1, 1000);
    const b = new ItemExponentialRateLimiter<string>(3, 1000);
    const m = new MaxOfRateLimiter(a, b);
    expect([m.when('k'), m.when('k')]).toEqual([3, 6]);
    expect(m.numRequeues('k')).toBe(2);
    m.forget('k');
    expect(a.numRequeues('k') + b.numRequeues('k')).toBe(0);
    expect(() => new MaxOfRateLimiter()).toThrow(ClientError);
  });

  it('combines 5 ms exponential backoff with the 10 qps bucket', () => {
    const clock = new FakeClock(0);
    const l = defaultControllerRateLimiter<string>(clock);
    expect(l.when('x')).toBe(5);
    expect(l.when('x')).toBe(10);
    for (let i = 0; i < 98; i++) l.when(`k${i}`);
    // The bucket is now empty: a fresh key waits for the bucket, not its 5 ms.
    expect(l.when('fresh')).toBe(100);
  });
});

describe('RequestRateLimiter', () => {
  it('admits the burst at once, then waits for tokens in call order', async () => {
    const clock = new FakeClock(0);
    const l = new RequestRateLimiter(2, 2, clock);
    const done: number[] = [];
    for (let i = 0; i < 5; i++) void l.accept().then(() => done.push(i));
    await clock.settle();
    expect(done).toEqual([0, 1]);
    await clock.advance(500);
    expect(done).toEqual([0, 1, 2]);
    await clock.advance(1000);
    expect(done).toEqual([0, 1, 2, 3, 4]);
  });

  it('tryAccept never waits', () => {
    const clock = new FakeClock(0);
    const l = new RequestRateLimiter(1, 1, clock);
    expect(l.tryAccept()).toBe(true);
    expect(l.tryAccept()).toBe(false);
  });

  it('gives the token back when the wait is aborted', async () => {
    const clock = new FakeClock(0);
    const l = new RequestRateLimiter(1, 1, clock);
    await l.accept();
    const ac = new AbortController();
    const waiting = l.accept(ac.signal);
    ac.abort(new Error('cancelled'));
    await expect(waiting).rejects.toThrow('cancelled');
    await clock.advance(1000);
    expect(l.tryAccept()).toBe(true);
    await expect(l.accept(AbortSignal.abort(new Error('no')))).rejects.toThrow('no');
  });

  it('rejects bad options', () => {
    expect(() => new RequestRateLimiter(0, 1)).toThrow(ClientError);
    expect(() => new RequestRateLimiter(1, 0.5)).toThrow('burst');
  });
});
