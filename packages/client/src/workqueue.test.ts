import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock } from '@wheelhouse/testing';
import { ItemExponentialRateLimiter } from './rate-limit.js';
import { WorkQueue } from './workqueue.js';

function queue(clock = new FakeClock(0)): { q: WorkQueue<string>; clock: FakeClock } {
  return { q: new WorkQueue<string>({ clock, rateLimiter: new ItemExponentialRateLimiter(10, 1000) }), clock };
}

describe('WorkQueue basics', () => {
  it('hands items out in FIFO order and collapses duplicates', async () => {
    const { q } = queue();
    for (const k of ['a', 'b', 'a', 'c', 'b']) q.add(k);
    expect(q.len()).toBe(3);
    expect([await q.get(), await q.get(), await q.get()]).toEqual(['a', 'b', 'c']);
    expect(q.len()).toBe(0);
  });

  it('holds back an item re-added while processing until it is done, then hands it out once', async () => {
    const { q } = queue();
    q.add('a');
    const a = await q.get();
    q.add('a');
    q.add('a');
    expect(q.len()).toBe(0);
    let second: string | undefined;
    void q.get().then((k) => (second = k));
    await Promise.resolve();
    expect(second).toBeUndefined();
    q.done(a!);
    await Promise.resolve();
    expect(second).toBe('a');
    expect(q.len()).toBe(0);
  });

  it('does not requeue an item done without being re-added', async () => {
    const { q } = queue();
    q.add('a');
    q.done((await q.get())!);
    expect(q.len()).toBe(0);
    q.done('never-handed-out');
    expect(q.len()).toBe(0);
  });

  it('wakes waiting getters in order as items arrive', async () => {
    const { q } = queue();
    const got = [q.get(), q.get()];
    q.add('x');
    q.add('y');
    expect(await Promise.all(got)).toEqual(['x', 'y']);
  });
});

describe('WorkQueue delays and rate limits', () => {
  it('adds after the delay; a shorter later delay wins, a longer one does not', async () => {
    const { q, clock } = queue();
    q.addAfter('a', 100);
    q.addAfter('a', 500);
    q.addAfter('b', 300);
    q.addAfter('b', 50);
    await clock.advance(49);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(await q.get()).toBe('b');
    await clock.advance(50);
    expect(await q.get()).toBe('a');
    await clock.advance(1000);
    expect(q.len()).toBe(0);
  });

  it('adds at once for a zero or negative delay', async () => {
    const { q } = queue();
    q.addAfter('now', 0);
    expect(q.len()).toBe(1);
  });

  it('backs off rate-limited adds exponentially until forgotten', async () => {
    const { q, clock } = queue();
    q.addRateLimited('k');
    q.addRateLimited('k');
    expect(q.numRequeues('k')).toBe(2);
    await clock.advance(9);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    q.done((await q.get())!);
    q.addRateLimited('k');
    await clock.advance(39);
    expect(q.len()).toBe(0);
    await clock.advance(1);
    expect(q.len()).toBe(1);
    q.forget('k');
    expect(q.numRequeues('k')).toBe(0);
  });
});

describe('WorkQueue shutdown', () => {
  it('shutDown drops queued and delayed items and releases waiting getters', async () => {
    const { q, clock } = queue();
    const waiting = q.get();
    q.shutDown();
    expect(await waiting).toBeUndefined();
    q.add('late');
    q.addAfter('later', 10);
    q.addRateLimited('limited');
    expect(q.len()).toBe(0);
    expect(clock.pendingTimers()).toBe(0);
    expect(await q.get()).toBeUndefined();
    expect(q.isShuttingDown()).toBe(true);
  });

  it('shutDown clears pending delayed adds', async () => {
    const { q, clock } = queue();
    q.add('a');
    q.addAfter('b', 10);
    q.shutDown();
    await clock.advance(100);
    expect(await q.get()).toBeUndefined();
  });

  it('shutDownWithDrain hands out what is queued and resolves once everything is done', async () => {
    const { q } = queue();
    q.add('a');
    q.add('b');
    const first = (await q.get())!;
    let drained = false;
    const drain = q.shutDownWithDrain().then(() => (drained = true));
    q.add('c');
    const second = (await q.get())!;
    expect([first, second]).toEqual(['a', 'b']);
    q.done(first);
    await Promise.resolve();
    expect(drained).toBe(false);
    q.done(second);
    await drain;
    expect(drained).toBe(true);
    expect(await q.get()).toBeUndefined();
  });

  it('shutDownWithDrain resolves at once on an idle queue', async () => {
    const { q, clock } = queue();
    let drained = false;
    void q.shutDownWithDrain().then(() => (drained = true));
    // No time passes and nothing is marked done: an idle queue has nothing to wait for.
    await clock.settle();
    expect(drained).toBe(true);
    expect(q.isShuttingDown()).toBe(true);
    expect(await q.get()).toBeUndefined();
  });

  it('a drained item re-added before shutdown is processed again before the drain ends', async () => {
    const { q } = queue();
    q.add('a');
    const a = (await q.get())!;
    q.add('a');
    const drain = q.shutDownWithDrain();
    const next = q.get();
    q.done(a);
    expect(await next).toBe('a');
    q.done('a');
    await drain;
  });
});

/** One step of a random interleaving in the property test. */
type Step =
  | { op: 'add'; key: string }
  | { op: 'get' }
  | { op: 'done'; pick: number }
  | { op: 'addAfter'; key: string; ms: number }
  | { op: 'tick'; ms: number };

const keyArb = fc.constantFrom('a', 'b', 'c', 'd');
const stepArb: fc.Arbitrary<Step> = fc.oneof(
  fc.record({ op: fc.constant('add' as const), key: keyArb }),
  fc.record({ op: fc.constant('get' as const) }),
  fc.record({ op: fc.constant('done' as const), pick: fc.nat(10) }),
  fc.record({ op: fc.constant('addAfter' as const), key: keyArb, ms: fc.integer({ min: 1, max: 50 }) }),
  fc.record({ op: fc.constant('tick' as const), ms: fc.integer({ min: 1, max: 30 }) }),
);

describe('WorkQueue properties', () => {
  it('never hands out a key twice at once, never invents one and never loses an add', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(stepArb, { maxLength: 60 }), async (steps) => {
        const { q, clock } = queue();
        const inFlight = new Set<string>();
        const owed = new Set<string>(); // the model: keys added since they were last handed out
        const delayed = new Map<string, number>(); // the model: key -> earliest due time
        const take = async (): Promise<void> => {
          const k = (await q.get())!;
          expect(inFlight.has(k)).toBe(false);
          expect(owed.has(k)).toBe(true);
          inFlight.add(k);
          owed.delete(k);
        };
        const finish = (k: string): void => {
          inFlight.delete(k);
          q.done(k);
        };
        const tick = async (ms: number): Promise<void> => {
          await clock.advance(ms);
          for (const [k, at] of delayed) {
            if (at > clock.now()) continue;
            owed.add(k);
            delayed.delete(k);
          }
        };
        for (const s of steps) {
          if (s.op === 'add') {
            q.add(s.key);
            owed.add(s.key);
          } else if (s.op === 'addAfter') {
            q.addAfter(s.key, s.ms);
            delayed.set(s.key, Math.min(delayed.get(s.key) ?? Infinity, clock.now() + s.ms));
          } else if (s.op === 'get') {
            if (q.len() > 0) await take();
          } else if (s.op === 'tick') await tick(s.ms);
          else {
            const k = [...inFlight][s.pick % Math.max(1, inFlight.size)];
            if (k !== undefined) finish(k);
          }
          const ready = [...owed].filter((k) => !inFlight.has(k)).length;
          expect(q.len()).toBe(ready);
        }
        await tick(100);
        for (const k of [...inFlight]) finish(k);
        while (q.len() > 0) {
          await take();
          for (const k of [...inFlight]) finish(k);
        }
        expect(owed.size).toBe(0);
      }),
      { numRuns: 300 },
    );
  });
});
