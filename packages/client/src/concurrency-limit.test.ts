import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit } from './concurrency-limit.js';

/** Work that finishes only when the test says so. */
function held(): { promise: Promise<string>; finish(value: string): void; fail(err: Error): void } {
  let finish: (v: string) => void = () => undefined;
  let fail: (e: Error) => void = () => undefined;
  const promise = new Promise<string>((resolve, reject) => ([finish, fail] = [resolve, reject]));
  return { promise, finish, fail };
}

const settle = () => new Promise((r) => setImmediate(r));

describe('ConcurrencyLimit', () => {
  it('runs at most `limit` pieces of work at once and starts the waiting ones in order as slots free', async () => {
    const limit = new ConcurrencyLimit(2);
    const work = ['a', 'b', 'c', 'd'].map(() => held());
    const started: number[] = [];
    // Each run's outcome as a string, its rejection handled at once.
    const runs = work.map((w, i) =>
      limit
        .run(() => {
          started.push(i);
          return w.promise;
        })
        .catch((err: Error) => err.message),
    );
    await settle();
    expect(started).toEqual([0, 1]);
    expect([limit.inFlight, limit.queued]).toEqual([2, 2]);
    work[1]!.finish('b');
    await settle();
    expect(started).toEqual([0, 1, 2]);
    work[0]!.fail(new Error('refused'));
    await settle();
    expect(started).toEqual([0, 1, 2, 3]);
    work[2]!.finish('c');
    work[3]!.finish('d');
    expect(await Promise.all(runs)).toEqual(['refused', 'b', 'c', 'd']);
    expect([limit.inFlight, limit.queued]).toEqual([0, 0]);
  });

  it('after close refuses what waits and what comes, and lets the work under way finish', async () => {
    const limit = new ConcurrencyLimit(1);
    const first = held();
    const running = limit.run(() => first.promise);
    const waiting = limit.run(() => Promise.resolve('never'));
    await settle();
    const stopping = new Error('stopping');
    limit.close(stopping);
    await expect(waiting).rejects.toBe(stopping);
    await expect(limit.run(() => Promise.resolve('later'))).rejects.toBe(stopping);
    first.finish('done');
    await expect(running).resolves.toBe('done');
    expect(limit.inFlight).toBe(0);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow(RangeError);
    expect(() => new ConcurrencyLimit(1.5)).toThrow(RangeError);
  });
});
