/** The watch cache against a small in-memory KvStore, to drive compaction and watch failures at will. */
import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { ApiError, StoreError } from '../errors.js';
import type {
  Kv,
  KvEvent,
  KvStore,
  KvWatch,
  RangeOptions,
  RangeResult,
  WatchHandlers,
  WriteResult,
} from '../storage/kv.js';
import { coreDef } from '../registry/registry.js';
import { WatchCache, type CacheEvent } from './watch-cache.js';

class MemoryKv implements KvStore {
  rev = 1;
  compacted = 0;
  private readonly data = new Map<string, Kv>();
  private readonly history: Array<{ rev: number; ev: KvEvent }> = [];
  private readonly watchers = new Set<{ from: number; h: WatchHandlers }>();

  async range(o: RangeOptions): Promise<RangeResult> {
    if (o.revision && o.revision < this.compacted) throw new StoreError('Compacted', 'compacted');
    const kvs = [...this.data.values()]
      .filter((kv) => (o.end ? kv.key >= o.key && kv.key < o.end : kv.key === o.key))
      .sort((a, b) => (a.key < b.key ? -1 : 1));
    return { kvs, revision: this.rev, more: false, count: kvs.length };
  }

  private emit(ev: KvEvent): void {
    this.history.push({ rev: this.rev, ev });
    for (const w of this.watchers) w.h.onEvents([ev], this.rev);
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

  watch(_prefix: string, from: number, h: WatchHandlers): KvWatch {
    const w = { from, h };
    if (from <= this.compacted) {
      queueMicrotask(() => h.onError(new StoreError('Compacted', `compacted at ${this.compacted}`)));
      return { requestProgress: () => undefined, cancel: () => undefined };
    }
    this.watchers.add(w);
    for (const e of this.history.filter((x) => x.rev >= from)) h.onEvents([e.ev], e.rev);
    return { requestProgress: () => h.onProgress(this.rev), cancel: () => void this.watchers.delete(w) };
  }

  /** Compacts and breaks every watch, as etcd does when a watcher falls behind a compaction. */
  compactAndBreak(): void {
    this.compacted = this.rev;
    for (const w of this.watchers) w.h.onError(new StoreError('Compacted', 'compacted'));
    this.watchers.clear();
  }

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

const PODS = coreDef('pods');
const key = (n: string): string => `/registry/pods/default/${n}`;
const podObj = (n: string) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name: n, namespace: 'default' } });

async function started(kv: MemoryKv, windowSize = 100): Promise<WatchCache> {
  const cache = new WatchCache(kv, [PODS], { log: pino({ level: 'silent' }), windowSize, retryMs: 1 });
  await cache.start();
  return cache;
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

  it('replays buffered events after a resourceVersion and serializes each event once', async () => {
    const kv = new MemoryKv();
    const cache = await started(kv);
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
    expect(sub.backlog.map((e) => e.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(sub.backlog[1]!.line()).toBe(sub.backlog[1]!.line());
    expect(sub.backlog[2]!.obj.metadata.resourceVersion).toBe(String(kv.rev));
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
});
