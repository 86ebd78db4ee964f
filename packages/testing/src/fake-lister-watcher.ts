import type { ObjectWithMetadata } from '@wheelhouse/api';
import type { ListOptions, ListPage, ListerWatcher, WatchEvent, WatchOptions } from '@wheelhouse/client';
import { type StatusErrorFactory, type StatusErrorOptions, failure } from './status-error.js';

/** A watch stream's queue: events, or an instruction to end (cleanly or with an error). */
type Item<T> = { event: WatchEvent<T> } | { end: true; error?: unknown };

/** "namespace/name", or "name" for cluster-scoped objects (the client's objectKey). */
function objectKey(obj: ObjectWithMetadata): string {
  const { namespace, name } = obj.metadata;
  return namespace ? `${namespace}/${name ?? ''}` : (name ?? '');
}

/** One open watch: a queue the server pushes into and the generator drains. */
class Stream<T> {
  private readonly items: Item<T>[] = [];
  private wake: (() => void) | undefined;

  push(item: Item<T>): void {
    this.items.push(item);
    this.wake?.();
  }

  async *events(signal: AbortSignal): AsyncGenerator<WatchEvent<T>> {
    const onAbort = (): void => this.push({ end: true });
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      for (;;) {
        const item = this.items.shift() ?? (await this.next());
        if ('end' in item) {
          if (item.error) throw item.error;
          return;
        }
        yield item.event;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  private next(): Promise<Item<T>> {
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = undefined;
        resolve(this.items.shift()!);
      };
    });
  }
}

/**
 * An in-memory resource with the API server's list/watch semantics (a test helper): a global resourceVersion, paginated consistent lists with continue tokens,
 * watches that replay history after a version, compaction (older versions and tokens answer
 * 410), bookmarks, dropped connections and injected failures. Records every call.
 */
export class FakeListerWatcher<T extends ObjectWithMetadata> implements ListerWatcher<T> {
  private readonly objects = new Map<string, T>();
  private readonly history: { rv: number; event: WatchEvent<T> }[] = [];
  private readonly snapshots = new Map<string, { rv: number; items: T[] }>();
  private readonly streams = new Set<Stream<T>>();
  private rv = 0;
  private compactedRv = 0;
  private tokens = 0;
  /** Every list and watch call, e.g. "list rv= limit=2", "watch rv=5". */
  readonly calls: string[] = [];
  /** Errors the next list calls reject with, in order. */
  readonly failLists: unknown[] = [];
  /** Errors the next watch calls reject with, in order. */
  readonly failWatches: unknown[] = [];
  /** Whether watches accept sendInitialEvents (streaming lists); if not they answer 400. */
  supportsWatchList = true;
  private readonly statusError: StatusErrorFactory;

  /** Errors are built by `statusError` (the client's `apiErrorFromStatus`). */
  constructor(options: StatusErrorOptions) {
    this.statusError = options.statusError;
  }

  /** Creates or replaces an object; returns the stored copy with its new resourceVersion. */
  upsert(obj: T): T {
    const key = objectKey(obj);
    const stored = structuredClone({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.rv) } });
    const type = this.objects.has(key) ? 'MODIFIED' : 'ADDED';
    this.objects.set(key, stored);
    this.record({ type, object: stored });
    return stored;
  }

  /** Deletes the object under `key`, if any. */
  delete(key: string): void {
    const old = this.objects.get(key);
    if (!old) return;
    this.objects.delete(key);
    const tomb = structuredClone({ ...old, metadata: { ...old.metadata, resourceVersion: String(++this.rv) } });
    this.record({ type: 'DELETED', object: tomb });
  }

  /** The current objects (copies), keyed. */
  state(): Map<string, T> {
    return new Map([...this.objects].map(([k, v]) => [k, structuredClone(v)]));
  }

  /** Forgets history up to now: watches from older versions and older continue tokens get 410. */
  compact(): void {
    this.compactedRv = this.rv;
    this.history.length = 0;
  }

  /** Sends a BOOKMARK at the current version to every open watch. */
  bookmark(): void {
    const event = { type: 'BOOKMARK', object: { metadata: { resourceVersion: String(this.rv) } } as T } as const;
    for (const s of this.streams) s.push({ event });
  }

  /** Ends every open watch, cleanly or with `error` (e.g. a reset connection or a 410). */
  dropWatches(error?: unknown): void {
    for (const s of this.streams) s.push({ end: true, error });
    this.streams.clear();
  }

  /** Number of watches currently open. */
  openWatches(): number {
    return this.streams.size;
  }

  /** One page of a consistent list; continue tokens older than the last compaction answer 410. */
  async list(options: ListOptions): Promise<ListPage<T>> {
    this.calls.push(
      `list rv=${options.resourceVersion ?? ''} limit=${options.limit ?? 0}${options.continue ? ' continue' : ''}`,
    );
    if (this.failLists.length > 0) throw this.failLists.shift();
    const snap = options.continue
      ? this.snapshots.get(options.continue)
      : { rv: this.rv, items: [...this.objects.values()] };
    if (!snap || snap.rv < this.compactedRv) throw this.expired(options.continue ?? '');
    const limit = options.limit || snap.items.length;
    const items = structuredClone(snap.items.slice(0, limit));
    const rest = snap.items.slice(limit);
    if (rest.length === 0) return { items, resourceVersion: String(snap.rv) };
    const token = `t${++this.tokens}`;
    this.snapshots.set(token, { rv: snap.rv, items: rest });
    return { items, resourceVersion: String(snap.rv), continue: token };
  }

  /** A watch from `resourceVersion`: replays later history, then streams live events. */
  async watch(options: WatchOptions): Promise<AsyncIterable<WatchEvent<T>>> {
    this.calls.push(`watch rv=${options.resourceVersion}${options.sendInitialEvents ? ' initial-events' : ''}`);
    if (this.failWatches.length > 0) throw this.failWatches.shift();
    const stream = new Stream<T>();
    if (options.sendInitialEvents) this.sendInitialEvents(stream);
    else this.replay(stream, options.resourceVersion);
    this.streams.add(stream);
    options.signal.addEventListener('abort', () => this.streams.delete(stream), { once: true });
    return stream.events(options.signal);
  }

  private replay(stream: Stream<T>, resourceVersion: string): void {
    const from = Number(resourceVersion);
    if (from < this.compactedRv) stream.push({ end: true, error: this.expired(resourceVersion) });
    else for (const h of this.history) if (h.rv > from) stream.push({ event: structuredClone(h.event) });
  }

  private sendInitialEvents(stream: Stream<T>): void {
    if (!this.supportsWatchList) {
      const message = 'sendInitialEvents is not supported';
      throw this.statusError(failure('BadRequest', 400, message));
    }
    for (const obj of this.objects.values()) stream.push({ event: { type: 'ADDED', object: structuredClone(obj) } });
    const annotations = { 'k8s.io/initial-events-end': 'true' };
    stream.push({
      event: {
        type: 'BOOKMARK',
        object: { metadata: { resourceVersion: String(this.rv), annotations } } as unknown as T,
      },
    });
  }

  private expired(rv: string): Error {
    return this.statusError(failure('Expired', 410, `too old resource version: ${rv}`));
  }

  private record(event: WatchEvent<T>): void {
    this.history.push({ rv: this.rv, event });
    for (const s of this.streams) s.push({ event: structuredClone(event) });
  }
}
