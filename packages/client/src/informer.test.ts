import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { apiErrorFromStatus } from './api-errors.js';
import { type Pod, cacheState, pod, setup, truth } from './informer.test-support.js';
import { waitForCacheSync } from './informer.js';
import { matchLabels } from './object.js';

describe('Informer list and watch', () => {
  it('lists page by page, syncs, then watches from the list resourceVersion', async () => {
    const { clock, lw, seen, informer, ac, start } = setup();
    for (const n of ['a', 'b', 'c', 'd', 'e']) lw.upsert(pod(n));
    expect(informer.hasSynced()).toBe(false);
    const done = start();
    await clock.settle();
    expect(informer.hasSynced()).toBe(true);
    expect(lw.calls).toEqual([
      'list rv= limit=2',
      'list rv= limit=2 continue',
      'list rv= limit=2 continue',
      'watch rv=5',
    ]);
    expect(seen).toEqual(['add a initial', 'add b initial', 'add c initial', 'add d initial', 'add e initial']);
    expect(informer.lastSyncResourceVersion()).toBe('5');
    ac.abort();
    await done;
    expect(lw.openWatches()).toBe(0);
  });

  it('applies watch events in order and tells handlers', async () => {
    const { clock, lw, seen, informer, ac, start } = setup();
    lw.upsert(pod('a'));
    const done = start();
    await clock.settle();
    lw.upsert(pod('b'));
    lw.upsert({ ...pod('a'), spec: { nodeName: 'n1' } });
    lw.delete('default/b');
    await clock.settle();
    expect(seen).toEqual(['add a initial', 'add b', 'update a 1->3', 'delete b']);
    expect(cacheState(informer)).toEqual(truth(lw));
    expect(informer.lastSyncResourceVersion()).toBe('4');
    ac.abort();
    await done;
  });

  it('moves the resourceVersion forward on bookmarks and resumes the watch from there', async () => {
    const { clock, lw, informer, ac, start } = setup();
    lw.upsert(pod('a'));
    const done = start();
    await clock.settle();
    for (let i = 0; i < 3; i++) lw.upsert(pod(`x${i}`, 'elsewhere'));
    lw.bookmark();
    await clock.advance(60_000);
    expect(informer.lastSyncResourceVersion()).toBe('4');
    lw.dropWatches();
    await clock.settle();
    expect(lw.calls.at(-1)).toBe('watch rv=4');
    expect(lw.calls.filter((c) => c.startsWith('list'))).toHaveLength(1);
    ac.abort();
    await done;
  });

  it('relists on 410 and reports deletions it missed as final-state-unknown', async () => {
    const { clock, lw, seen, informer, ac, start } = setup();
    lw.upsert(pod('a'));
    lw.upsert(pod('b'));
    const done = start();
    await clock.advance(60_000);
    lw.dropWatches(new Error('connection reset'));
    lw.failWatches.push(new Error('connection refused'));
    lw.delete('default/a');
    lw.upsert(pod('c'));
    lw.compact();
    await clock.advance(10_000);
    expect(lw.calls.filter((c) => c.startsWith('list'))).toHaveLength(2);
    expect(cacheState(informer)).toEqual(truth(lw));
    expect(seen.slice(2)).toEqual(['delete a unknown', 'add c']);
    ac.abort();
    await done;
  });

  it('relists when the watch stream itself reports Expired', async () => {
    const { clock, lw, informer, ac, start } = setup();
    const done = start();
    await clock.advance(60_000);
    lw.upsert(pod('a'));
    lw.dropWatches(
      apiErrorFromStatus({ kind: 'Status', reason: 'Expired', code: 410, message: 'too old resource version' }),
    );
    await clock.settle();
    expect(lw.calls.filter((c) => c.startsWith('list'))).toHaveLength(2);
    expect(cacheState(informer)).toEqual(truth(lw));
    ac.abort();
    await done;
  });

  it('backs off 1 s, 2 s, 4 s between failed watches and keeps its cache', async () => {
    const { clock, lw, informer, ac, start } = setup();
    lw.upsert(pod('a'));
    for (let i = 0; i < 3; i++) lw.failWatches.push(new Error('connection refused'));
    const done = start();
    const watchTimes: number[] = [];
    const before = lw.calls.length;
    for (let t = 0; t < 8_000; t += 100) {
      await clock.advance(100);
      while (lw.calls.length > watchTimes.length + before) watchTimes.push(clock.now());
    }
    expect(lw.calls.filter((c) => c.startsWith('watch'))).toHaveLength(4);
    expect(watchTimes.slice(-3)).toEqual([1_000, 3_000, 7_000]);
    expect(informer.lister().get('a', 'default')).toBeDefined();
    ac.abort();
    await done;
  });

  it('backs off and retries a failed list', async () => {
    const { clock, lw, informer, ac, start } = setup();
    lw.failLists.push(new Error('connection refused'), new Error('connection refused'));
    lw.upsert(pod('a'));
    const done = start();
    await clock.advance(999);
    expect(informer.hasSynced()).toBe(false);
    await clock.advance(1);
    expect(informer.hasSynced()).toBe(false);
    await clock.advance(2_000);
    expect(informer.hasSynced()).toBe(true);
    ac.abort();
    await done;
  });

  it('falls back to one full list when a continue token expires mid-way', async () => {
    const { clock, lw, informer, ac, start } = setup();
    for (const n of ['a', 'b', 'c']) lw.upsert(pod(n));
    const page = lw.list.bind(lw);
    let pages = 0;
    lw.list = async (o) => {
      const r = await page(o);
      if (++pages === 1) {
        lw.upsert(pod('d'));
        lw.compact();
      }
      return r;
    };
    const done = start();
    await clock.settle();
    expect(lw.calls.slice(0, 3)).toEqual(['list rv= limit=2', 'list rv= limit=2 continue', 'list rv= limit=0']);
    expect(cacheState(informer)).toEqual(truth(lw));
    ac.abort();
    await done;
  });

  it('treats a watch closing at once without events as a failure and backs off', async () => {
    const { clock, lw, ac, start } = setup();
    const done = start();
    await clock.settle();
    lw.dropWatches();
    await clock.advance(999);
    expect(lw.calls.filter((c) => c.startsWith('watch'))).toHaveLength(1);
    await clock.advance(1);
    expect(lw.calls.filter((c) => c.startsWith('watch'))).toHaveLength(2);
    ac.abort();
    await done;
  });

  it('stops at once on abort, even while backing off', async () => {
    const { clock, lw, ac, start } = setup();
    lw.failLists.push(new Error('down'));
    const done = start();
    await clock.settle();
    ac.abort();
    await done;
    expect(clock.pendingTimers()).toBe(0);
  });
});

describe('Informer cache and handlers', () => {
  it('indexes by namespace and by custom indexers; listers filter by namespace and labels', async () => {
    const { clock, lw, informer, ac, start } = setup();
    lw.upsert(pod('a', 'ns1', 'n1', { app: 'web' }));
    lw.upsert(pod('b', 'ns1', 'n2', { app: 'db' }));
    lw.upsert(pod('c', 'ns2', 'n1', { app: 'web' }));
    const done = start();
    await clock.settle();
    const l = informer.lister();
    const names = (ps: readonly Pod[] | readonly { metadata: { name: string } }[]) =>
      ps.map((p) => p.metadata.name).sort();
    expect(names(l.list())).toEqual(['a', 'b', 'c']);
    expect(names(l.list({ namespace: 'ns1' }))).toEqual(['a', 'b']);
    expect(names(l.list({ selector: matchLabels({ app: 'web' }) }))).toEqual(['a', 'c']);
    expect(names(l.list({ labelSelector: 'app in (web, db),app!=db' }))).toEqual(['a', 'c']);
    expect(names(l.list({ namespace: 'ns1', labelSelector: '!app' }))).toEqual([]);
    expect(names(l.list({ labelSelector: 'app=web', selector: (p) => p.metadata.namespace === 'ns2' }))).toEqual(['c']);
    expect(() => l.list({ labelSelector: 'app in (' })).toThrow();
    expect(names(l.byIndex('nodeName', 'n1'))).toEqual(['a', 'c']);
    expect(l.get('b', 'ns1')?.spec.nodeName).toBe('n2');
    expect(l.get('b')).toBeUndefined();
    lw.upsert(pod('a', 'ns1', 'n2'));
    await clock.settle();
    expect(names(l.byIndex('nodeName', 'n1'))).toEqual(['c']);
    expect(() => l.byIndex('nope', 'x')).toThrow('index "nope" does not exist');
    ac.abort();
    await done;
  });

  it('hands out deep-frozen objects', async () => {
    const { clock, lw, informer, ac, start } = setup();
    lw.upsert(pod('a', 'default', 'n1', { app: 'web' }));
    const done = start();
    await clock.settle();
    const cached = informer.lister().get('a', 'default')! as unknown as Pod;
    expect(() => (cached.spec.nodeName = 'n2')).toThrow(TypeError);
    expect(() => (cached.metadata.labels!.app = 'x')).toThrow(TypeError);
    const copy = structuredClone(cached);
    copy.spec.nodeName = 'n2';
    expect(copy.spec.nodeName).toBe('n2');
    ac.abort();
    await done;
  });

  it('waitForCacheSync resolves true after sync, false when aborted first', async () => {
    const { clock, lw, informer, ac, start } = setup();
    lw.failLists.push(new Error('down'));
    const waiting = waitForCacheSync(undefined, informer);
    const giveUp = new AbortController();
    const abandoned = waitForCacheSync(giveUp.signal, informer);
    const done = start();
    giveUp.abort();
    expect(await abandoned).toBe(false);
    await clock.advance(1_000);
    expect(await waiting).toBe(true);
    expect(await informer.waitForSync()).toBe(true);
    ac.abort();
    await done;
  });

  it('resyncs every period with onUpdate(obj, obj)', async () => {
    const { clock, lw, seen, ac, start } = setup({ resyncPeriodMs: 30_000 });
    lw.upsert(pod('a'));
    const done = start();
    await clock.advance(60_000);
    expect(seen.filter((s) => s === 'update a 1->1')).toHaveLength(2);
    ac.abort();
    await done;
  });

  it('replays the cache to a handler added late; removed handlers hear nothing; a throwing handler is contained', async () => {
    const { clock, lw, informer, ac, start } = setup();
    lw.upsert(pod('a'));
    const done = start();
    await clock.settle();
    const late: string[] = [];
    const reg = informer.addEventHandler({ onAdd: (o, initial) => late.push(`${o.metadata.name} ${initial}`) });
    informer.addEventHandler({
      onAdd: () => {
        throw new Error('handler bug');
      },
    });
    lw.upsert(pod('b'));
    await clock.settle();
    reg.remove();
    lw.upsert(pod('c'));
    await clock.settle();
    expect(late).toEqual(['a false', 'b false']);
    expect(informer.lister().list()).toHaveLength(3);
    ac.abort();
    await done;
  });

  it('runs once', async () => {
    const { informer } = setup();
    await informer.run(AbortSignal.abort());
    await expect(informer.run(AbortSignal.abort())).rejects.toThrow('already started');
  });
});

type Op =
  | { op: 'upsert'; name: string; node: string }
  | { op: 'delete'; name: string }
  | { op: 'compact' }
  | { op: 'drop'; error: boolean }
  | { op: 'bookmark' }
  | { op: 'failWatch' }
  | { op: 'failList' }
  | { op: 'wait'; ms: number };

const nameArb = fc.constantFrom('a', 'b', 'c');
const opArb: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({ op: fc.constant('upsert' as const), name: nameArb, node: fc.constantFrom('n1', 'n2') }),
  },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('delete' as const), name: nameArb }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('compact' as const) }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('drop' as const), error: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('bookmark' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('failWatch' as const) }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('failList' as const) }) },
  {
    weight: 4,
    arbitrary: fc.record({
      op: fc.constant('wait' as const),
      ms: fc.oneof(fc.integer({ min: 0, max: 50 }), fc.integer({ min: 0, max: 5_000 })),
    }),
  },
);

describe('Informer convergence', () => {
  it('converges to the exact final state through bursts, drops, compactions and failures', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArb, { maxLength: 40 }),
        fc.boolean(),
        fc.boolean(),
        async (ops, useWatchList, supported) => {
          const { clock, lw, informer, ac, start } = setup({ useWatchList });
          lw.supportsWatchList = supported;
          const model = new Map<string, string | undefined>(); // what handlers were told
          informer.addEventHandler({
            onAdd: (o) => model.set(o.metadata.name, o.metadata.resourceVersion),
            onUpdate: (_, o) => model.set(o.metadata.name, o.metadata.resourceVersion),
            onDelete: (o) => model.delete(o.metadata.name),
          });
          const done = start();
          for (const o of ops) {
            if (o.op === 'upsert') lw.upsert(pod(o.name, 'default', o.node));
            else if (o.op === 'delete') lw.delete(`default/${o.name}`);
            else if (o.op === 'compact') lw.compact();
            else if (o.op === 'drop') lw.dropWatches(o.error ? new Error('reset') : undefined);
            else if (o.op === 'bookmark') lw.bookmark();
            else if (o.op === 'failWatch') lw.failWatches.push(new Error('refused'));
            else if (o.op === 'failList') lw.failLists.push(new Error('refused'));
            else await clock.advance(o.ms);
          }
          await clock.advance(120_000);
          const want = truth(lw);
          expect(cacheState(informer)).toEqual(want);
          expect(new Map([...model].map(([k, v]) => [`default/${k}`, v]))).toEqual(want);
          expect(
            informer
              .lister()
              .byIndex('nodeName', 'n1')
              .every((p) => p.spec.nodeName === 'n1'),
          ).toBe(true);
          ac.abort();
          await done;
        },
      ),
      {
        numRuns: 300,
        // A deletion hidden by a dropped watch and a compaction, seen only by the relist.
        examples: [
          [
            [
              { op: 'upsert', name: 'a', node: 'n1' },
              { op: 'wait', ms: 10 },
              { op: 'drop', error: true },
              { op: 'delete', name: 'a' },
              { op: 'compact' },
            ],
            false,
            false,
          ],
        ],
      },
    );
  });
});
