import type { ApiObject } from '@wheelhouse/api';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FakeClock, FakeListerWatcher, captureLogger } from '@wheelhouse/testing';
import { apiErrorFromStatus } from './api-errors.js';
import { sleep } from './clock.js';
import { Controller, type Reconciler } from './controller.js';
import { ClientError, TerminalError, isClientError } from './errors.js';
import { enqueueObject } from './handlers.js';
import { Informer } from './informer.js';
import { resourceVersionChanged } from './predicates.js';
import { ItemExponentialRateLimiter } from './rate-limit.js';

function build(reconcile: Reconciler<string>, workers = 1, clock = new FakeClock(0)) {
  const { logger, records } = captureLogger();
  const c = new Controller<string>({
    name: 'test',
    reconcile,
    workers,
    clock,
    logger,
    rateLimiter: new ItemExponentialRateLimiter(100, 10_000),
  });
  const ac = new AbortController();
  const done = c.run(ac.signal);
  return { c, clock, ac, done, records };
}

describe('Controller reconcile contract', () => {
  it('reconciles each enqueued key once and forgets it on success', async () => {
    const seen: string[] = [];
    const { c, clock, ac, done } = build(async (k) => void seen.push(k));
    // The idle worker takes 'b' at once; the two adds of 'a' collapse into one.
    c.enqueue('b');
    c.enqueue('a');
    c.enqueue('a');
    await clock.advance(0);
    expect(seen).toEqual(['b', 'a']);
    expect(c.queue.numRequeues('a')).toBe(0);
    ac.abort();
    await done;
  });

  it('requeues a thrown error with rate-limited backoff, and forgets after success', async () => {
    const times: number[] = [];
    const { c, clock, ac, done } = build(async (k) => {
      times.push(clock.now());
      if (times.length < 4) throw new Error(`boom ${k}`);
    });
    c.enqueue('a');
    await clock.advance(10_000);
    expect(times).toEqual([0, 100, 300, 700]);
    expect(c.queue.numRequeues('a')).toBe(0);
    ac.abort();
    await done;
  });

  it('logs a TerminalError (also as a cause) and does not retry it', async () => {
    let calls = 0;
    const { c, clock, ac, done, records } = build(async () => {
      calls++;
      throw new Error('wrapped', { cause: new TerminalError('bad spec') });
    });
    c.enqueue('a');
    await clock.advance(60_000);
    expect(calls).toBe(1);
    expect(
      records.some((r) => r.msg === 'reconcile failed permanently' && r.key === 'a' && r.controller === 'test'),
    ).toBe(true);
    ac.abort();
    await done;
  });

  it('requeueAfter re-adds after exactly that delay', async () => {
    const times: number[] = [];
    const { c, clock, ac, done } = build(async () => {
      times.push(clock.now());
      return times.length < 3 ? { requeueAfter: 5_000 } : {};
    });
    c.enqueue('a');
    await clock.advance(60_000);
    expect(times).toEqual([0, 5_000, 10_000]);
    ac.abort();
    await done;
  });

  it('requeue: true re-adds rate-limited', async () => {
    const times: number[] = [];
    const { c, clock, ac, done } = build(async () => {
      times.push(clock.now());
      return { requeue: times.length < 3 };
    });
    c.enqueue('a');
    await clock.advance(60_000);
    expect(times).toEqual([0, 100, 300]);
    ac.abort();
    await done;
  });

  it('an add during a reconcile of the same key runs it again after, never concurrently', async () => {
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    const { c, clock, ac, done } = build(async () => {
      active++;
      runs++;
      maxActive = Math.max(maxActive, active);
      await sleep(clock, 1_000);
      active--;
    }, 4);
    c.enqueue('a');
    await clock.advance(10);
    c.enqueue('a');
    c.enqueue('a');
    await clock.advance(5_000);
    expect([runs, maxActive]).toEqual([2, 1]);
    ac.abort();
    await done;
  });

  it('runs different keys in parallel up to the worker count', async () => {
    let active = 0;
    let maxActive = 0;
    const { c, clock, ac, done } = build(async () => {
      maxActive = Math.max(maxActive, ++active);
      await sleep(clock, 1_000);
      active--;
    }, 3);
    for (const k of ['a', 'b', 'c', 'd', 'e']) c.enqueue(k);
    await clock.advance(999);
    expect(maxActive).toBe(3);
    await clock.advance(2_000);
    expect(active).toBe(0);
    ac.abort();
    await done;
  });
});

describe('Controller stop', () => {
  it('stops on abort and waits for in-flight reconciles, which see the signal', async () => {
    let finished = false;
    let sawAbort = false;
    const { c, clock, ac, done } = build(async (_k, signal) => {
      await sleep(clock, 1_000);
      sawAbort = signal.aborted;
      finished = true;
    });
    c.enqueue('a');
    c.enqueue('b');
    await clock.advance(10);
    ac.abort();
    let stopped = false;
    void done.then(() => (stopped = true));
    await clock.settle();
    expect(stopped).toBe(false);
    await clock.advance(1_000);
    expect([finished, sawAbort, stopped]).toEqual([true, true, true]);
  });

  it('returns at once for an already aborted signal and refuses a second run', async () => {
    const c = new Controller<string>({ name: 'x', reconcile: async () => {}, logger: captureLogger().logger });
    await c.run(AbortSignal.abort());
    await expect(c.run(new AbortController().signal)).rejects.toThrow(ClientError);
  });

  it('rejects a bad worker count at construction', () => {
    expect(() => new Controller({ name: 'x', reconcile: async () => {}, workers: 0 })).toThrow('workers');
  });
});

describe('Controller properties', () => {
  it('never reconciles a key concurrently and always reconciles after the last add', async () => {
    const add = fc.record({ at: fc.integer({ min: 0, max: 2_000 }), key: fc.constantFrom('a', 'b', 'c') });
    await fc.assert(
      fc.asyncProperty(
        fc.array(add, { minLength: 1, maxLength: 30 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { minLength: 1, maxLength: 10 }),
        fc.integer({ min: 1, max: 4 }),
        async (adds, durations, workers) => {
          const active = new Set<string>();
          let overlaps = 0; // counted, not asserted inside: the runner would catch an assertion
          const starts = new Map<string, number[]>();
          let n = 0;
          const clock = new FakeClock(0);
          const { c, ac, done } = build(
            async (k) => {
              if (active.has(k)) overlaps++;
              active.add(k);
              starts.set(k, [...(starts.get(k) ?? []), clock.now()]);
              const d = durations[n++ % durations.length]!;
              if (d > 0) await sleep(clock, d);
              active.delete(k);
              if (d % 7 === 0) throw new Error('transient');
            },
            workers,
            clock,
          );
          for (const a of adds) clock.setTimeout(() => c.enqueue(a.key), a.at);
          await clock.advance(60_000);
          expect(overlaps).toBe(0);
          for (const a of adds) expect(Math.max(...(starts.get(a.key) ?? [-1]))).toBeGreaterThanOrEqual(a.at);
          ac.abort();
          // A retry may be mid-reconcile, asleep on the fake clock, when time stops: run() waits
          // for it, so time moves on past the longest reconcile (300 ms) before waiting on run().
          await clock.advance(1_000);
          await done;
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('Controller and its caches', () => {
  const thing = (name: string): ApiObject => ({ metadata: { name, namespace: 'ns' } });

  function watched(clock: FakeClock) {
    const { logger } = captureLogger();
    const lw = new FakeListerWatcher<ApiObject>({ statusError: apiErrorFromStatus });
    const informer = new Informer<ApiObject>({
      name: 'things',
      listerWatcher: lw,
      clock,
      logger,
      useWatchList: false,
    });
    return { lw, informer, logger };
  }

  it('waits for watched informers to sync before the first reconcile, which then sees the cache', async () => {
    const clock = new FakeClock(0);
    const { lw, informer, logger } = watched(clock);
    lw.upsert(thing('a'));
    const seen: string[] = [];
    const c = new Controller<string>({
      name: 'things',
      clock,
      logger,
      reconcile: async (key) => {
        const [ns, name] = key.split('/');
        seen.push(`${key} cached=${informer.lister().get(name!, ns) !== undefined}`);
      },
    });
    c.watch(informer, enqueueObject(c));
    c.enqueue('ns/early');
    const ac = new AbortController();
    const done = c.run(ac.signal);
    await clock.advance(10_000);
    expect(seen).toEqual([]); // the informer is not even running: no reconcile yet
    const informerDone = informer.run(ac.signal);
    await clock.settle();
    expect(seen).toEqual(['ns/early cached=false', 'ns/a cached=true']);
    ac.abort();
    await Promise.all([done, informerDone]);
  });

  it('routes watched events through predicates and stops listening when the run ends', async () => {
    const clock = new FakeClock(0);
    const { lw, informer, logger } = watched(clock);
    const seen: string[] = [];
    const c = new Controller<string>({ name: 'things', clock, logger, reconcile: async (k) => void seen.push(k) });
    c.watch(informer, enqueueObject(c), resourceVersionChanged());
    const ac = new AbortController();
    const informerDone = informer.run(ac.signal);
    const stop = new AbortController();
    const done = c.run(stop.signal);
    await clock.settle();
    lw.upsert(thing('a'));
    await clock.settle();
    expect(seen).toEqual(['ns/a']);
    stop.abort();
    await done;
    lw.upsert(thing('b'));
    await clock.settle();
    expect(c.queue.len()).toBe(0);
    expect(seen).toEqual(['ns/a']);
    ac.abort();
    await informerDone;
  });

  it('fails naming the informer that did not sync in time, and reconciles nothing', async () => {
    const clock = new FakeClock(0);
    const { informer, logger } = watched(clock);
    let reconciles = 0;
    const c = new Controller<string>({
      name: 'things',
      clock,
      logger,
      cacheSyncTimeoutMs: 5_000,
      reconcile: async () => void reconciles++,
    });
    c.watch(informer, enqueueObject(c));
    c.enqueue('ns/x');
    const done = c.run(new AbortController().signal);
    const failed = done.catch((err: unknown) => err);
    await clock.advance(5_000);
    const err = await failed;
    expect(isClientError(err, 'CacheSyncTimeout')).toBe(true);
    expect((err as Error).message).toBe('timed out waiting for caches to sync: things not synced within 5000 ms');
    expect(reconciles).toBe(0);
  });
});
