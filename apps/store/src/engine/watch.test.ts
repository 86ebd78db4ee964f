import { describe, expect, it } from 'vitest';
import { b, eventually, FROM_KEY, open, putAll, RecordingSink } from './engine.test-support.js';

describe('live watch', () => {
  it('delivers each committed revision once, right after commit', async () => {
    const e = await open();
    const sink = new RecordingSink();
    e.watch({ key: b('k') }, sink);
    await e.put({ key: b('k'), value: b('1') });
    expect(sink.batches).toHaveLength(1); // delivered before the put was acknowledged
    await e.put({ key: b('other'), value: b('1') });
    await e.deleteRange({ key: b('k') });
    expect(sink.seen).toEqual(['PUT k@2', 'DELETE k@4']);
    expect(sink.batches.map((x) => x.revision)).toEqual([2, 4]);
    const del = sink.batches[1]!.events[0]!;
    expect(del.kv).toEqual({
      key: b('k'),
      createRevision: 0,
      modRevision: 4,
      version: 0,
      value: Buffer.alloc(0),
      lease: 0n,
    });
    expect(del.prevKv).toBeUndefined();
  });

  it('delivers a txn as one call with all its events', async () => {
    const e = await open();
    const sink = new RecordingSink();
    e.watch({ key: b('t/'), rangeEnd: b('t0') }, sink);
    await e.txn({
      compare: [],
      success: [{ put: { key: b('t/a'), value: b('') } }, { put: { key: b('t/b'), value: b('') } }],
      failure: [],
    });
    expect(sink.batches).toHaveLength(1);
    expect(sink.seen).toEqual(['PUT t/a@2', 'PUT t/b@2']);
  });

  it('filters by range, NOPUT and NODELETE, and attaches prev_kv when asked', async () => {
    const e = await open();
    const all = new RecordingSink();
    const noPut = new RecordingSink();
    const noDel = new RecordingSink();
    const prev = new RecordingSink();
    const fromKey = new RecordingSink();
    e.watch({ key: b('p/'), rangeEnd: b('p0') }, all);
    e.watch({ key: b('p/'), rangeEnd: b('p0'), noPut: true }, noPut);
    e.watch({ key: b('p/'), rangeEnd: b('p0'), noDelete: true }, noDel);
    e.watch({ key: b('p/a'), prevKv: true }, prev);
    e.watch({ key: b('p/b'), rangeEnd: FROM_KEY }, fromKey);
    await putAll(e, ['p/a', '1'], ['p/a', '2'], ['p/b', '1'], ['q', '1'], ['o', '1']);
    await e.deleteRange({ key: b('p/'), rangeEnd: b('p0') });
    expect(all.seen).toEqual(['PUT p/a@2', 'PUT p/a@3', 'PUT p/b@4', 'DELETE p/a@7', 'DELETE p/b@7']);
    expect(noPut.seen).toEqual(['DELETE p/a@7', 'DELETE p/b@7']);
    expect(noDel.seen).toEqual(['PUT p/a@2', 'PUT p/a@3', 'PUT p/b@4']);
    expect(fromKey.seen).toEqual(['PUT p/b@4', 'PUT q@5', 'DELETE p/b@7']);
    const prevs = prev.batches.flatMap((x) => x.events.map((ev) => ev.prevKv?.value.toString() ?? null));
    expect(prevs).toEqual([null, '1', '2']);
  });

  it('starts at a future revision when asked', async () => {
    const e = await open();
    const sink = new RecordingSink();
    e.watch({ key: b('k'), startRevision: 4 }, sink);
    await putAll(e, ['k', '1'], ['k', '2'], ['k', '3'], ['k', '4']);
    expect(sink.revisions).toEqual([4, 5]);
  });

  it('stops on cancel and rejects an empty range', async () => {
    const e = await open();
    const sink = new RecordingSink();
    const w = e.watch({ key: b('k') }, sink);
    await putAll(e, ['k', '1']);
    w.cancel();
    w.cancel();
    await putAll(e, ['k', '2']);
    expect(sink.revisions).toEqual([2]);
    expect(() => e.watch({ key: b('b'), rangeEnd: b('a') }, sink)).toThrow('mvcc: watcher range is empty');
  });

  it('reaches 1,000 watchers of one key before the write is acknowledged', async () => {
    const e = await open();
    const sinks = Array.from({ length: 1000 }, () => new RecordingSink());
    for (const s of sinks) e.watch({ key: b('hot'), prevKv: true }, s);
    await putAll(e, ['hot', '1']);
    await putAll(e, ['hot', '2']);
    expect(sinks.every((s) => s.revisions.join() === '2,3')).toBe(true);
    expect(sinks[999]!.batches[1]!.events[0]!.prevKv!.value.toString()).toBe('1');
  });
});

describe('watch from the past', () => {
  it('replays history in batches, then goes live with no gap or duplicate', async () => {
    const e = await open();
    for (let i = 0; i < 2500; i += 100) {
      await Promise.all(
        Array.from({ length: 100 }, (_, j) => e.put({ key: b(`h/${(i + j) % 10}`), value: b(`${i + j}`) })),
      );
    }
    const sink = new RecordingSink();
    e.watch({ key: b('h/'), rangeEnd: b('h0'), startRevision: 100, prevKv: true }, sink);
    // Keep writing while the watcher catches up.
    const writes = Array.from({ length: 300 }, (_, i) => e.put({ key: b(`h/${i % 10}`), value: b(`late${i}`) }));
    await Promise.all(writes);
    await eventually(() => sink.revisions.at(-1) === e.revision);
    const revs = sink.revisions;
    expect(revs).toEqual(Array.from({ length: e.revision - 99 }, (_, i) => i + 100));
    expect(sink.batches.length).toBeLessThan(revs.length);
    const first = sink.batches[0]!.events[0]!;
    expect([first.kv.value.toString(), first.prevKv?.value.toString()]).toEqual(['98', '88']);
  });

  it('never splits a revision across two calls', async () => {
    const e = await open();
    const pair = (i: number) => ({
      compare: [],
      success: [{ put: { key: b('s/a'), value: b(`${i}`) } }, { put: { key: b('s/b'), value: b(`${i}`) } }],
      failure: [],
    });
    for (let i = 0; i < 1200; i += 100) await Promise.all(Array.from({ length: 100 }, (_, j) => e.txn(pair(i + j))));
    const sink = new RecordingSink();
    e.watch({ key: b('s/'), rangeEnd: b('s0'), startRevision: 2 }, sink);
    await eventually(() => sink.revisions.length === 2400);
    for (const batch of sink.batches) {
      const revs = batch.events.map((ev) => ev.kv.modRevision);
      expect(revs.length % 2).toBe(0);
      expect(batch.revision).toBe(revs.at(-1));
    }
  });

  it('reports a compacted start revision through compacted()', async () => {
    const e = await open();
    await putAll(e, ['k', '1'], ['k', '2'], ['k', '3']);
    await e.compact(3);
    const sink = new RecordingSink();
    e.watch({ key: b('k'), startRevision: 2 }, sink);
    expect(sink.compactedAt).toBeUndefined(); // reported asynchronously, after watch() returns
    await eventually(() => sink.compactedAt !== undefined);
    expect(sink.compactedAt).toBe(3);
    await putAll(e, ['k', '4']);
    expect(sink.batches).toEqual([]);
    const atCompact = new RecordingSink();
    e.watch({ key: b('k'), startRevision: 3 }, atCompact);
    await eventually(() => atCompact.revisions.length === 3);
    expect(atCompact.revisions).toEqual([3, 4, 5]);
  });
});

describe('slow watchers', () => {
  it('stops pushing to a backed-up sink and catches it up from history on resume', async () => {
    const e = await open();
    const sink = new RecordingSink();
    sink.accept = false;
    const w = e.watch({ key: b('k') }, sink);
    await putAll(e, ['k', '1']);
    expect(sink.revisions).toEqual([2]);
    await putAll(e, ['k', '2'], ['k', '3']);
    expect(sink.revisions).toEqual([2]); // not pushed while backed up
    sink.accept = true;
    w.resume();
    await eventually(() => sink.revisions.length === 3);
    await putAll(e, ['k', '4']);
    expect(sink.revisions).toEqual([2, 3, 4, 5]);
  });

  it('does not block writers and keeps other watchers live', async () => {
    const e = await open();
    const slow = new RecordingSink();
    slow.accept = false;
    const fast = new RecordingSink();
    const w = e.watch({ key: b('k') }, slow);
    e.watch({ key: b('k') }, fast);
    for (let i = 0; i < 50; i++) await e.put({ key: b('k'), value: b(`${i}`) });
    expect(fast.revisions).toHaveLength(50);
    expect(slow.revisions).toEqual([2]);
    slow.accept = true;
    w.resume();
    await eventually(() => slow.revisions.length === 50);
    expect(slow.revisions).toEqual(fast.revisions);
  });

  it('reports compacted() when its resume point was compacted away', async () => {
    const e = await open();
    const sink = new RecordingSink();
    sink.accept = false;
    const w = e.watch({ key: b('k') }, sink);
    await putAll(e, ['k', '1'], ['k', '2'], ['k', '3'], ['k', '4']);
    await e.compact(5);
    w.resume();
    await eventually(() => sink.compactedAt !== undefined);
    expect(sink.compactedAt).toBe(5);
  });
});
