/**
 * WATCH over chunked HTTP: one JSON event per line, headers flushed at once, served from
 * the watch cache. RV 0 or unset starts with synthetic ADDED events for the current
 * state; an RV older than the cache's window gets a 410 Expired ERROR event. Objects
 * entering or leaving the selectors are sent as ADDED / DELETED. A client that cannot
 * keep up is disconnected (it relists) instead of buffering without bound. A resource the
 * cache does not hold (Events) is watched straight from the store (store-watch.ts).
 */
import { apiVersionOf, type ApiObject } from '@wheelhouse/api';
import type { Logger } from 'pino';
import { ApiError, badRequest, expired, internalError, StoreError } from '../errors.js';
import { filterOf, listFromStore, type ObjectFilter } from '../handlers/list.js';
import type { ResourceDef } from '../registry/registry.js';
import { boolParam, intParam, param, type Query } from '../http/request.js';
import { resourcePrefix, type ObjectStorage } from '../storage/storage.js';
import { type MetadataForm, partialObjectMetadata } from '../http/partial-metadata.js';
import { renderTable, type IncludeObject } from '../http/table.js';
import { eventLine, type CacheEvent, type WatchCache, type WatchEventType } from './watch-cache.js';
import { storeEvent, type StoreWatchSource } from './store-watch.js';
import type { WatchSink } from './sinks.js';

/** Settings shared by every watch. */
export interface WatchSettings {
  cache: WatchCache;
  log: Logger;
  now: () => number;
  /** How often BOOKMARK events are sent to watches that allow them (ms). */
  bookmarkIntervalMs: number;
  /** Timeout of a watch that does not set timeoutSeconds (ms). */
  defaultTimeoutMs: number;
  /** Bytes queued for one client beyond which it is disconnected. */
  maxBufferedBytes: number;
  cacheWaitMs: number;
  /** The store's current revision (for consistent starts). */
  currentRevision: () => Promise<number>;
  /** Where watches of resources the cache does not hold read their initial state... */
  storage: ObjectStorage;
  /** ...and their events. */
  store: StoreWatchSource;
}

/** How one watch renders events. */
interface Renderer {
  table: boolean;
  include: IncludeObject;
  /** Each object as a PartialObjectMetadata of this form's version (a metadata informer's watch). */
  metadata?: MetadataForm | undefined;
}

type Outgoing = { type: WatchEventType | 'BOOKMARK' | 'ERROR'; object: unknown };

class WatchStream {
  private closed = false;
  private tableHeaderSent = false;
  private readonly timers: NodeJS.Timeout[] = [];
  cancel: () => void = () => undefined;
  /** The revision a bookmark may name: every event up to it has been sent (a store-served watch sets its own). */
  revision: () => number = () => this.s.cache.revision;
  /** Called at each bookmark tick before the bookmark is sent. */
  beforeBookmark: () => void = () => undefined;

  constructor(
    private readonly sink: WatchSink,
    private readonly s: WatchSettings,
    private readonly r: ResourceDef,
    private readonly render: Renderer,
    private readonly filter: ObjectFilter,
    private readonly prefix: string,
  ) {
    sink.open();
    sink.onClose(() => this.close());
  }

  startTimers(timeoutMs: number, bookmarks: boolean): void {
    this.timers.push(setTimeout(() => this.close(), timeoutMs));
    if (bookmarks)
      this.timers.push(
        setInterval(() => {
          this.beforeBookmark();
          this.bookmark();
        }, this.s.bookmarkIntervalMs),
      );
  }

  /** Sends a BOOKMARK at `rev` (default: {@link revision}); `initialEnd` marks the end of the initial events. */
  bookmark(rev = this.revision(), initialEnd = false): void {
    const metadata: Record<string, unknown> = { resourceVersion: String(rev) };
    if (initialEnd) metadata.annotations = { 'k8s.io/initial-events-end': 'true' };
    const object = this.render.metadata
      ? { kind: 'PartialObjectMetadata', apiVersion: this.render.metadata.apiVersion, metadata }
      : { kind: this.r.kind, apiVersion: apiVersionOf(this.r), metadata };
    this.write(`${JSON.stringify({ type: 'BOOKMARK', object })}\n`);
  }

  /** Sends a cache event if it concerns this watch, translating it for the selectors. */
  onEvent(e: CacheEvent): void {
    if (this.closed || (this.prefix && !e.key.startsWith(this.prefix))) return;
    const type = this.translate(e);
    if (!type) return;
    if (this.render.table || this.render.metadata) this.send({ type, object: e.obj });
    // Translated events (an object entering or leaving the selectors) reuse the object's cached JSON too.
    else this.write(type === e.type ? e.line() : eventLine(type, e.obj));
  }

  private translate(e: CacheEvent): WatchEventType | undefined {
    if (this.filter.everything) return e.type;
    const now = this.filter.matches(e.obj);
    if (e.type !== 'MODIFIED') return now ? e.type : undefined;
    const before = e.prev !== undefined && this.filter.matches(e.prev);
    if (now) return before ? 'MODIFIED' : 'ADDED';
    return before ? 'DELETED' : undefined;
  }

  /** Sends an initial ADDED event: the object's cached JSON as it is, unless a Table is asked for. */
  sendAdded(obj: ApiObject): void {
    if (this.render.table || this.render.metadata) this.send({ type: 'ADDED', object: obj });
    else this.write(eventLine('ADDED', obj));
  }

  send(ev: Outgoing): void {
    const plain = ev.type === 'ERROR' || ev.type === 'BOOKMARK';
    const object = plain
      ? ev.object
      : this.render.metadata
        ? partialObjectMetadata(ev.object as ApiObject, this.render.metadata.apiVersion)
        : this.render.table
          ? this.table(ev.object as ApiObject)
          : ev.object;
    this.write(`${JSON.stringify({ type: ev.type, object })}\n`);
  }

  private table(o: ApiObject): unknown {
    const columns = !this.tableHeaderSent;
    this.tableHeaderSent = true;
    return renderTable(
      this.r,
      [o],
      { resourceVersion: o.metadata.resourceVersion ?? '' },
      { now: this.s.now(), include: this.render.include, columns },
    );
  }

  private write(line: string | Buffer): void {
    if (this.closed) return;
    this.sink.write(line);
    if (this.sink.buffered() > this.s.maxBufferedBytes) {
      this.s.log.warn({ resource: this.r.plural, buffered: this.sink.buffered() }, 'closing watch that cannot keep up');
      this.close();
    }
  }

  /** True once the stream has ended (client gone, timeout, slow client). */
  get ended(): boolean {
    return this.closed;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.timers) clearTimeout(t);
    this.cancel();
    this.sink.end();
  }
}

function errorEvent(err: ApiError): Outgoing {
  return { type: 'ERROR', object: err.toStatus() };
}

function timeoutMsOf(q: Query, s: WatchSettings): number {
  const t = intParam(q, 'timeoutSeconds');
  // setTimeout caps at 2^31-1 ms; beyond it Node fires at once.
  return Math.min(t === undefined || t === 0 ? s.defaultTimeoutMs : t * 1000, 2 ** 31 - 1);
}

/** The parameters of a watch request, checked before the response starts (errors are plain 4xx). */
export interface WatchRequest {
  r: ResourceDef;
  namespace: string | undefined;
  query: Query;
  render: Renderer;
}

/** Where a watch starts: with the current state as ADDED events, or after a resourceVersion. */
export interface WatchStart {
  /** Send the current state first (RV 0/unset, or sendInitialEvents=true). */
  initial: boolean;
  /** With `initial`: wait for this revision first (NotOlderThan); 'current' = the store's current revision. */
  atLeast: number | 'current' | undefined;
  /** Without `initial`: the resourceVersion to resume after. */
  after: number | undefined;
  /** sendInitialEvents=true: end the initial events with a bookmark annotated `k8s.io/initial-events-end`. */
  endBookmark: boolean;
}

function rvParam(q: Query): number | undefined {
  const rv = param(q, 'resourceVersion') ?? '';
  if (rv !== '' && !/^\d+$/.test(rv)) throw badRequest(`invalid resource version: "${rv}"`);
  return rv === '' ? undefined : Number(rv);
}

/** Validates watch parameters before the response starts (errors are plain 4xx). */
export function checkWatchParams(q: Query): WatchStart {
  intParam(q, 'timeoutSeconds');
  boolParam(q, 'allowWatchBookmarks');
  const rv = rvParam(q);
  const sie = param(q, 'sendInitialEvents');
  // A *bool in kube's ListOptions: present at all (even empty) means a value, read as kube reads booleans.
  if (sie === undefined)
    return rv === undefined || rv === 0
      ? { initial: true, atLeast: undefined, after: undefined, endBookmark: false }
      : { initial: false, atLeast: undefined, after: rv, endBookmark: false };
  const send = boolParam(q, 'sendInitialEvents');
  if (param(q, 'resourceVersionMatch') !== 'NotOlderThan')
    throw badRequest('sendInitialEvents is forbidden for watch unless resourceVersionMatch is set to NotOlderThan');
  if (send && !boolParam(q, 'allowWatchBookmarks'))
    throw badRequest('sendInitialEvents requires setting allowWatchBookmarks=true');
  if (send) return { initial: true, atLeast: rv === undefined ? 'current' : rv, after: undefined, endBookmark: true };
  return { initial: false, atLeast: undefined, after: rv, endBookmark: false };
}

/**
 * Serves a watch on `sink` (the caller has hijacked the reply). Resolves once the stream
 * has started; the stream ends on timeoutSeconds, client disconnect, a slow client or a
 * cache relist.
 */
export async function serveWatch(s: WatchSettings, w: WatchRequest, sink: WatchSink): Promise<void> {
  const filter = filterOf(w.r, w.query);
  const start = checkWatchParams(w.query);
  const timeoutMs = timeoutMsOf(w.query, s);
  const wait = start.atLeast === 'current' ? await s.currentRevision() : (start.atLeast ?? start.after);
  if (wait !== undefined && wait > s.cache.revision) await s.cache.waitFor(wait, s.cacheWaitMs);
  const stream = new WatchStream(sink, s, w.r, w.render, filter, w.namespace ? resourcePrefix(w.r, w.namespace) : '');
  try {
    if (s.cache.caches(w.r)) startEvents(s, w, stream, filter, start);
    else await startStoreEvents(s, w, stream, filter, start);
  } catch (err) {
    if (!(err instanceof ApiError)) throw err;
    stream.send(errorEvent(err));
    stream.close();
    return;
  }
  stream.startTimers(timeoutMs, boolParam(w.query, 'allowWatchBookmarks'));
}

function startEvents(
  s: WatchSettings,
  w: WatchRequest,
  stream: WatchStream,
  filter: ObjectFilter,
  start: WatchStart,
): void {
  const onEvent = (e: CacheEvent): void => stream.onEvent(e);
  if (start.initial) {
    // Snapshot and subscription happen in one tick, so no event falls between them.
    const snap = s.cache.snapshot(w.r, w.namespace);
    const sub = s.cache.subscribe(w.r, snap.revision, onEvent, () => stream.close());
    stream.cancel = sub.cancel;
    for (const it of snap.items) if (filter.matches(it.obj)) stream.sendAdded(it.obj);
    if (start.endBookmark) stream.bookmark(snap.revision, true);
    return;
  }
  const sub = s.cache.subscribe(w.r, start.after ?? s.cache.revision, onEvent, () => stream.close());
  stream.cancel = sub.cancel;
  for (const e of sub.backlog) stream.onEvent(e);
}

/** kube's etcd3 watcher's text for a watch whose start revision is compacted. */
const WATCH_TOO_OLD = 'The resourceVersion for the provided watch is too old.';

/**
 * Starts a watch of a resource the cache does not hold, from the store: the initial state
 * (listed at one revision) as ADDED events, then one store watch from the next revision.
 * Bookmarks name the last revision this watch has seen (its events, or the store's
 * progress reports where they are trusted).
 */
async function startStoreEvents(
  s: WatchSettings,
  w: WatchRequest,
  stream: WatchStream,
  filter: ObjectFilter,
  start: WatchStart,
): Promise<void> {
  let seen: number;
  if (start.initial) {
    const list = await listFromStore(s.storage, w.r, w.namespace, filter);
    for (const obj of list.items) stream.sendAdded(obj);
    if (start.endBookmark) stream.bookmark(list.revision, true);
    seen = list.revision;
  } else seen = start.after ?? (await s.currentRevision());
  if (stream.ended) return;
  const watch = s.store.watch(resourcePrefix(w.r, w.namespace), seen + 1, {
    onEvents: (events, rev) => {
      for (const e of events) {
        const ev = storeEvent(w.r, e);
        if (ev) stream.onEvent(ev);
      }
      seen = Math.max(seen, rev);
    },
    onProgress: (rev) => {
      if (s.cache.progressReliable) seen = Math.max(seen, rev);
    },
    onError: (err) => {
      const compacted = err instanceof StoreError && err.code === 'Compacted';
      stream.send(errorEvent(compacted ? expired(WATCH_TOO_OLD) : internalError(err)));
      stream.close();
    },
  });
  stream.revision = () => seen;
  stream.beforeBookmark = () => watch.requestProgress();
  stream.cancel = () => watch.cancel();
}
