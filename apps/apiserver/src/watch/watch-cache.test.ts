/** The watch cache against a small in-memory KvStore, to drive compaction and watch failures at will. */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ApiError, StoreError } from '../errors.js';
import type {
  Kv,
  KvEvent,
  KvStore,
  KvWatch,
  KvWatchOptions,
  RangeOptions,
  RangeResult,
  WatchHandlers,
  WriteResult,
} from '../storage/kv.js';
import { coreDef, RESOURCES, type ResourceDef } from '../registry/registry.js';
import { WatchCache, type CacheEvent } from './watch-cache.js';

class MemoryKv implements KvStore {
  rev = 1;
  compacted = 0;
  private readonly data = new Map<string, Kv>();
  private readonly history: Array<{ rev: number; ev: KvEvent }> = [];
  private readonly watchers = new Set<{ from: number; h: WatchHandlers; withPrev: boolean }>();

  async range(o: RangeOptions): Promise<RangeResult> {
    if (o.revision && o.revision < this.compacted) throw new StoreError('Compacted', 'compacted');
    const kvs = [...this.data.values()]
      .filter((kv) => (o.end ? kv.key >= o.key && kv.key < o.end : kv.key === o.key))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    return { kvs, revision: this.rev, more: false, count: kvs.length };
  }

  private emit(ev: KvEvent): void {
    this.history.push({ rev: this.rev, ev });
    for (const w of this.watchers) w.h.onEvents([sent(ev, w.withPrev)], this.rev);
  }

  put(key: string, obj: unknown): void {
    const prev = this.data.get(key);
    this.rev++;
    const kv = {
      key,
      value: Buffer.from(JSON.stringify(obj)),
      modRevision: this.rev,
      createRevision: prev?.createRevision ?? this.rev,
    };
    this.data.set(key, kv);
    this.emit({ type: 'put', kv, prev });
  }

  async create(key: string, value: Buffer): Promise<WriteResult> {
    this.put(key, JSON.parse(value.toString()));
    return { ok: true, revision: this.rev };
  }

  async update(key: string, value: Buffer): Promise<WriteResult> {
    return this.create(key, value);
  }

  async delete(key: string): Promise<WriteResult> {
    const prev = this.data.get(key);
    this.rev++;
    this.data.delete(key);
    if (prev) this.emit({ type: 'delete', kv: { ...prev, modRevision: this.rev }, prev });
    return { ok: true, revision: this.rev };
  }

  /** The watches started so far asked for previous values (etcd's prev_kv). */
  readonly prevAsked: boolean[] = [];

  watch(_prefix: string, from: number, h: WatchHandlers, options: KvWatchOptions = {}): KvWatch {
    const w = { from, h, withPrev: options.prevKv ?? true };
    this.starts.push(from);
    this.prevAsked.push(w.withPrev);
    if (from <= this.compacted) {
      queueMicrotask(() => h.onError(new StoreError('Compacted', `compacted at ${this.compacted}`)));
      return { requestProgress: () => undefined, cancel: () => undefined };
    }
    this.watchers.add(w);
    for (const e of this.history.filter((x) => x.rev >= from)) h.onEvents([sent(e.ev, w.withPrev)], e.rev);
    return { requestProgress: () => h.onProgress(this.rev), cancel: () => void this.watchers.delete(w) };
  }

  /** Compacts and breaks every watch, as etcd does when a watcher falls behind a compaction. */
  compactAndBreak(): void {
    this.compacted = this.rev;
    for (const w of this.watchers) w.h.onError(new StoreError('Compacted', 'compacted'));
    this.watchers.clear();
  }

  /** Fails every watch with a non-compaction error (a lost connection), as the etcd client reports one. */
  breakWatches(): void {
    for (const w of this.watchers) w.h.onError(new StoreError('Unavailable', 'connection lost'));
    this.watchers.clear();
  }

  /** Watches started so far, with the revision each started from. */
  readonly starts: number[] = [];

  async currentRevision(): Promise<number> {
    return this.rev;
  }

  reliable = true;

  async compact(revision: number): Promise<void> {
    this.compacted = revision;
  }

  async progressReliable(): Promise<boolean> {
    return this.reliable;
  }

  close(): void {}
}

/** An event as a watch gets it: without the previous value unless the watch asked for it. */
function sent(ev: KvEvent, withPrev: boolean): KvEvent {
  return withPrev ? ev : { ...ev, prev: undefined };
}

const PODS = coreDef('pods');
const key = (n: string): string => `/registry/pods/default/${n}`;
const podObj = (n: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: n, namespace: 'default' } });

async function started(kv: MemoryKv, windowSize = 100, maxBytes?: number): Promise<WatchCache> {
  const cache = new WatchCache(kv, [PODS, CONFIGMAPS], {
    log: pino({ level: 'silent' }),
    windowSize,
    retryMs: 1,
    maxBytes,
  });
  await cache.start();
  return cache;
}

const CONFIGMAPS = coreDef('configmaps');

/** Waits (a few ms at a time, at most ~1 s) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !done(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('watch cache', () => {
  it('lists once, then follows the store; cached objects are frozen', async () => {
    const kv = new MemoryKv();
    kv.put(key('a'), podObj('a'));
    const cache = await started(kv);
    kv.put(key('b'), podObj('b'));
    const snap = cache.snapshot(PODS, 'default');
    expect(snap.items.map((i) => i.obj.metadata.name)).toEqual(['a', 'b']);
    expect(snap.revision).toBe(kv.rev);
    expect(Object.isFrozen(snap.items[0]!.obj.metadata)).toBe(true);
    cache.stop();
  });

  it('reads one namespace from an index that follows creates and deletes, and a relist', async () => {
    const kv = new MemoryKv();
    const inNs = (ns: string, n: string) => ({ ...podObj(n), metadata: { name: n, namespace: ns } });
    kv.put('/registry/pods/a/p1', inNs('a', 'p1'));
    kv.put('/registry/pods/b/p2', inNs('b', 'p2'));
    const cache = await started(kv);
    const names = (ns?: string) => cache.snapshot(PODS, ns).items.map((i) => i.obj.metadata.name);
    expect(names('a')).toEqual(['p1']);
    kv.put('/registry/pods/a/p0', inNs('a', 'p0'));
    kv.put('/registry/pods/c/p3', inNs('c', 'p3'));
    await kv.delete('/registry/pods/b/p2');
    expect([names('a'), names('b'), names('c'), names()]).toEqual([['p0', 'p1'], [], ['p3'], ['p0', 'p1', 'p3']]);
    kv.compactAndBreak();
    await kv.delete('/registry/pods/a/p1');
    await until(() => cache.revision === kv.rev);
    expect([names('a'), names('c')]).toEqual([['p0'], ['p3']]);
    cache.stop();
  });

  it("replays buffered events after a resourceVersion and serializes each event once; each event's previous version is the cache's own (the store watch asks for none)", async () => {
    const kv = new MemoryKv();
    const cache = await started(kv);
    expect(kv.prevAsked).toEqual([false]);
    const from = kv.rev;
    kv.put(key('a'), podObj('a'));
    kv.put(key('a'), { ...podObj('a'), metadata: { ...podObj('a').metadata, labels: { x: 'y' } } });
    await kv.delete(key('a'));
    const sub = cache.subscribe(
      PODS,
      from,
      () => undefined,
      () => undefined,
    );
    const [added, modified, deleted] = sub.backlog;
    expect(sub.backlog.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(modified!.line()).toBe(modified!.line());
    expect(deleted!.obj.metadata.resourceVersion).toBe(String(kv.rev));
    expect(added!.prev).toBeUndefined();
    expect(modified!.prev).toBe(added!.obj);
    expect(deleted!.prev).toBe(modified!.obj);
    expect(deleted!.obj.metadata.labels).toEqual({ x: 'y' });
    cache.stop();
  });

  it('serves a version converted from the stored one, each event converted and serialized once for all its watchers', async () => {
    const hpa = (version: string) =>
      RESOURCES.find((r) => r.plural === 'horizontalpodautoscalers' && r.version === version)!;
    const [v1, v2] = [hpa('v1'), hpa('v2')];
    const kv = new MemoryKv();
    const cache = new WatchCache(kv, [v2, v1], { log: pino({ level: 'silent' }), retryMs: 1 });
    await cache.start();
    const from = kv.rev;
    const seen: CacheEvent[][] = [[], [], []];
    for (const [i, def] of [v1, v1, v2].entries())
      cache.subscribe(
        def,
        from,
        (e) => seen[i]!.push(e),
        () => undefined,
      );
    kv.put('/registry/horizontalpodautoscalers/default/h', {
      apiVersion: 'autoscaling/v2',
      kind: 'HorizontalPodAutoscaler',
      metadata: { name: 'h', namespace: 'default' },
      spec: { scaleTargetRef: { kind: 'Deployment', name: 'd' }, maxReplicas: 3 },
    });
    const [a, b, stored] = seen.map((s) => s[0]!);
    expect(a!.obj.apiVersion).toBe('autoscaling/v1');
    expect(stored!.obj.apiVersion).toBe('autoscaling/v2');
    expect(b).toBe(a);
    expect(b!.line()).toBe(a!.line());
    expect(
      cache.subscribe(
        v1,
        from,
        () => undefined,
        () => undefined,
      ).backlog[0],
    ).toBe(a);
    expect(cache.get(v1, '/registry/horizontalpodautoscalers/default/h')!.apiVersion).toBe('autoscaling/v1');
    cache.stop();
  });

  it('answers 410 for a resourceVersion that has left the window', async () => {
    const kv = new MemoryKv();
    const cache = await started(kv, 2);
    const old = kv.rev;
    for (const n of ['a', 'b', 'c']) kv.put(key(n), podObj(n));
    expect(() =>
      cache.subscribe(
        PODS,
        old,
        () => undefined,
        () => undefined,
      ),
    ).toThrow(ApiError);
    expect(
      cache.subscribe(
        PODS,
        kv.rev - 1,
        () => undefined,
        () => undefined,
      ).backlog,
    ).toHaveLength(1);
    cache.stop();
  });

  it('relists after its store watch is compacted away, closing subscribers so they relist too', async () => {
    const kv = new MemoryKv();
    const cache = await started(kv);
    const seen: CacheEvent[] = [];
    let closed = false;
    cache.subscribe(
      PODS,
      cache.revision,
      (e) => seen.push(e),
      () => (closed = true),
    );
    kv.compactAndBreak();
    kv.put(key('missed'), podObj('missed'));
    for (let i = 0; i < 100 && cache.snapshot(PODS).items.length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(cache.snapshot(PODS).items.map((i) => i.obj.metadata.name)).toEqual(['missed']);
    expect(closed).toBe(true);
    expect(seen).toEqual([]);
    expect(() =>
      cache.subscribe(
        PODS,
        1,
        () => undefined,
        () => undefined,
      ),
    ).toThrow(/too old resource version/);
    cache.stop();
  });

  it('waitFor resolves once a progress report reaches the revision, or false on timeout', async () => {
    const kv = new MemoryKv();
    const cache = await started(kv);
    kv.rev += 5; // writes outside /registry/: no events, only progress moves the cache
    expect(await cache.waitFor(kv.rev, 1000)).toBe(true);
    expect(await cache.waitFor(kv.rev + 10, 20)).toBe(false);
    cache.stop();
  });

  it('ignores progress reports from a store whose reports may run ahead of its events', async () => {
    const kv = new MemoryKv();
    kv.reliable = false;
    const cache = await started(kv);
    kv.rev += 5;
    expect(await cache.waitFor(kv.rev, 30)).toBe(false);
    kv.put(key('a'), podObj('a'));
    expect(await cache.waitFor(kv.rev, 30)).toBe(true);
    cache.stop();
  });

  it('resumes its store watch after a lost connection from the last revision it saw: every event exactly once', async () => {
    const kv = new MemoryKv();
    const cache = await started(kv);
    const seen: string[] = [];
    let closed = false;
    cache.subscribe(
      PODS,
      cache.revision,
      (e) => seen.push(`${e.type} ${e.key.split('/').pop()} ${e.rv}`),
      () => (closed = true),
    );
    kv.put(key('a'), podObj('a'));
    const before = kv.rev;
    kv.breakWatches();
    // Written while the cache has no watch: it must still deliver them, once, in order.
    kv.put(key('b'), podObj('b'));
    kv.put(key('a'), { ...podObj('a'), metadata: { ...podObj('a').metadata, labels: { v: '2' } } });
    await kv.delete(key('b'));
    await until(() => cache.revision === kv.rev);
    kv.put(key('c'), podObj('c'));
    await until(() => seen.length === 5);
    expect(kv.starts.at(-1)).toBe(before + 1);
    expect(seen).toEqual([
      `ADDED a ${before}`,
      `ADDED b ${before + 1}`,
      `MODIFIED a ${before + 2}`,
      `DELETED b ${before + 3}`,
      `ADDED c ${before + 4}`,
    ]);
    expect(closed).toBe(false);
    expect(cache.snapshot(PODS).items.map((i) => i.obj.metadata.name)).toEqual(['a', 'c']);
    cache.stop();
  });

  it('keeps events within a byte budget over all resources, dropping the oldest first (410 for watches before them)', async () => {
    const kv = new MemoryKv();
    // Each event of a ~10 kB object is charged about 20 kB (its object twice) plus its previous version.
    const cache = await started(kv, 1000, 100_000);
    const big = (n: string, v: number) => ({ ...podObj(n), data: { blob: 'x'.repeat(10_000), v } });
    const start = kv.rev;
    kv.put('/registry/configmaps/default/old', big('old', 0));
    for (let v = 0; v < 10; v++) kv.put(key('p'), big('p', v));
    const subscribeFrom = (r: ResourceDef, rv: number) =>
      cache.subscribe(
        r,
        rv,
        () => undefined,
        () => undefined,
      );
    // ~30 kB per update of p: three of them fit, everything older (the configmap's event too) is gone.
    expect(() => subscribeFrom(CONFIGMAPS, start)).toThrow(/too old resource version/);
    expect(() => subscribeFrom(PODS, start + 5)).toThrow(/too old resource version/);
    const recent = subscribeFrom(PODS, kv.rev - 2).backlog;
    expect(recent.map((e) => (e.obj as unknown as { data: { v: number } }).data.v)).toEqual([8, 9]);
    // The objects themselves stay cached: lists and new watches are unaffected.
    expect(cache.snapshot(CONFIGMAPS).items).toHaveLength(1);
    expect(cache.get(PODS, key('p'))).toMatchObject({ data: { v: 9 } });
    cache.stop();
  });

  it('refuses a byte budget that is not positive', () => {
    expect(() => new WatchCache(new MemoryKv(), [PODS], { log: pino({ level: 'silent' }), maxBytes: 0 })).toThrow(
      /byte budget/,
    );
  });
});
