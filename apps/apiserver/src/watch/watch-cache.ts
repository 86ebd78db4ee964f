/**
 * The watch cache: one store watch on `/registry/` (without prev_kv, from the revision of
 * one initial list) feeds, per resource, an in-memory copy of every object and a window
 * of recent events. Watches and resourceVersion=0 / NotOlderThan lists are served from it.
 * Cached objects are frozen: readers must copy before changing them.
 *
 * The windows are bounded twice: by events per resource (`windowSize`) and by bytes over
 * all resources (`maxBytes`): when the events kept pass the byte budget, the oldest event
 * of any resource goes first, so memory stays bounded however large the objects churned.
 * A watch that asks for events that have left its window gets 410 Expired.
 *
 * A state is kept per stored resource (the key segment after `/registry/`, two segments for
 * custom resources' `<group>/<plural>`), made on first sight of a key or a request, so
 * resources added while the server runs (a CRD's) are cached from the one store watch too,
 * and every version served from one stored form shares its state. Objects are converted
 * to the version a request names on the way out; a watch event once per version, shared by
 * that version's watchers like the stored event is.
 *
 * Some resources are not cached (`uncached`, kube-apiserver's `--watch-cache-sizes` of 0:
 * Events by default): the store watch still moves the cache's revision past their keys,
 * but their objects are neither decoded nor kept; their lists, gets and watches go to
 * the store, and {@link WatchCache.caches} tells callers which path to take.
 */
import type { ApiObject } from '@wheelhouse/api';
import { deepFreeze } from '@wheelhouse/machinery';
import type { Logger } from 'pino';
import { expired, StoreError } from '../errors.js';
import { prefixEnd, type KvEvent, type KvStore, type KvWatch } from '../storage/kv.js';
import { keptConcat, objectBytes } from '../object.js';
import { conversionOf, type ResourceDef } from '../registry/registry.js';
import { decodeObject, REGISTRY_PREFIX, storeFailure } from '../storage/storage.js';

/** A watch event type as sent to clients. */
export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change of one object. `obj` and `prev` are frozen and shared by every watcher. */
export interface CacheEvent {
  type: WatchEventType;
  key: string;
  obj: ApiObject;
  prev: ApiObject | undefined;
  rv: number;
  /** `{"type":...,"object":...}\n`, serialized once on first use and shared. */
  line(): Buffer;
  /** What the event is charged against the cache's byte budget (see eventBytes). */
  bytes: number;
}

/** Receives a resource's events in revision order. */
export type CacheListener = (e: CacheEvent) => void;

interface ResourceState {
  /** `/registry/<resource>/`: its keys' common prefix. */
  prefix: string;
  /** False for a resource whose objects are not cached (see the module comment). */
  cached: boolean;
  items: Map<string, ApiObject>;
  /**
   * The items again by namespace, built on the first namespaced read of a namespaced
   * resource and kept from then on, so such reads (a LIST in one namespace, admission
   * reading a namespace's LimitRanges or quotas) cost that namespace's objects, not all.
   */
  byNamespace?: Map<string, Map<string, ApiObject>>;
  events: CacheEvent[];
  /** History is complete for every revision above this one. */
  since: number;
  listeners: Set<CacheListener>;
}

/** Options of the watch cache. */
export interface WatchCacheOptions {
  log: Logger;
  /** Events kept per resource for watches that start in the past (default 1000). */
  windowSize?: number;
  /** Bytes of events kept over all resources (default DEFAULT_WATCH_CACHE_MAX_BYTES); see eventBytes. */
  maxBytes?: number;
  /** Delay before re-establishing a failed store watch (default 1000 ms). */
  retryMs?: number;
  /** Stored resources (`events`, `<group>/<plural>`) whose objects are not cached (default {@link UNCACHED_RESOURCES}). */
  uncached?: ReadonlySet<string>;
}

/**
 * The stored resources kube-apiserver does not cache by default (its DefaultWatchCacheSizes:
 * `events#0` and `events.events.k8s.io#0`, both stored under `/registry/events/`): Events are
 * written often and read rarely, so keeping them would cost memory and CPU for nothing.
 */
export const UNCACHED_RESOURCES: ReadonlySet<string> = new Set(['events']);

/** Default byte budget of the watch cache's event windows: 256 MiB over all resources. */
export const DEFAULT_WATCH_CACHE_MAX_BYTES = 256 * 1024 * 1024;

/** The stored (JSON) size of each cached object, for {@link eventBytes}. */
const storedSizes = new WeakMap<ApiObject, number>();

/**
 * What an event holds on to, in stored (JSON) bytes: its object twice (decoded, and
 * serialized for watchers) and the previous version it carries for selector checks (a
 * deletion's last object is the previous version's copy).
 */
function eventBytes(e: KvEvent, prev: ApiObject | undefined): number {
  const prevBytes = prev ? (storedSizes.get(prev) ?? 0) : 0;
  if (e.type === 'delete') return 2 * prevBytes;
  return 2 * e.kv.value.length + prevBytes;
}

const LINE_HEAD: Record<WatchEventType, Buffer> = {
  ADDED: Buffer.from('{"type":"ADDED","object":'),
  MODIFIED: Buffer.from('{"type":"MODIFIED","object":'),
  DELETED: Buffer.from('{"type":"DELETED","object":'),
};
const LINE_END = Buffer.from('}\n');

/** `{"type":...,"object":...}\n` for a watch event, from the object's cached JSON. */
export function eventLine(type: WatchEventType, obj: ApiObject): Buffer {
  return Buffer.concat([LINE_HEAD[type], objectBytes(obj), LINE_END]);
}

/** A CacheEvent of one change (`bytes`: what the cache charges for it; 0 outside the cache). */
export function makeEvent(
  type: WatchEventType,
  key: string,
  obj: ApiObject,
  prev: ApiObject | undefined,
  rv: number,
  bytes: number,
): CacheEvent {
  let line: Buffer | undefined;
  // Kept as long as the event is in its window: in memory of its own (see keptConcat).
  return {
    type,
    key,
    obj,
    prev,
    rv,
    bytes,
    line: () => (line ??= keptConcat([LINE_HEAD[type], objectBytes(obj), LINE_END])),
  };
}

/** Decodes a stored object and freezes it for sharing. */
function frozenObject(kv: Parameters<typeof decodeObject>[0]): ApiObject {
  const obj = decodeObject(kv);
  deepFreeze(obj);
  storedSizes.set(obj, kv.value.length);
  return obj;
}

type Conversion = NonNullable<ReturnType<typeof conversionOf>>;

/** A cached (stored, frozen) object converted to a served version, frozen in turn. */
function converted(conv: Conversion, obj: ApiObject): ApiObject {
  const out = conv.fromStorage(obj) as ApiObject;
  deepFreeze(out);
  return out;
}

/**
 * An event's views in other versions, made on first use and shared like the event: every
 * watcher of one version gets the same converted objects and serialized line.
 */
const eventViews = new WeakMap<CacheEvent, Map<Conversion, CacheEvent>>();

function viewEvent(conv: Conversion, e: CacheEvent): CacheEvent {
  let views = eventViews.get(e);
  if (!views) eventViews.set(e, (views = new Map()));
  let v = views.get(conv);
  if (!v) {
    const prev = e.prev && converted(conv, e.prev);
    views.set(conv, (v = makeEvent(e.type, e.key, converted(conv, e.obj), prev, e.rv, e.bytes)));
  }
  return v;
}

const NO_ITEMS: ReadonlyMap<string, ApiObject> = new Map();

/** The namespace of a key of a namespaced resource: `<prefix><namespace>/<name>`. */
function namespaceOfKey(s: ResourceState, key: string): string {
  return key.slice(s.prefix.length, key.indexOf('/', s.prefix.length));
}

function indexItem(index: Map<string, Map<string, ApiObject>>, s: ResourceState, key: string, obj: ApiObject): void {
  const ns = namespaceOfKey(s, key);
  let m = index.get(ns);
  if (!m) index.set(ns, (m = new Map()));
  m.set(key, obj);
}

function setItem(s: ResourceState, key: string, obj: ApiObject): void {
  s.items.set(key, obj);
  if (s.byNamespace) indexItem(s.byNamespace, s, key, obj);
}

function deleteItem(s: ResourceState, key: string): void {
  s.items.delete(key);
  if (!s.byNamespace) return;
  const ns = namespaceOfKey(s, key);
  const m = s.byNamespace.get(ns);
  if (m?.delete(key) && m.size === 0) s.byNamespace.delete(ns);
}

/** The state's namespace index, built from its items on first use. */
function namespaceIndex(s: ResourceState): Map<string, Map<string, ApiObject>> {
  if (!s.byNamespace) {
    s.byNamespace = new Map();
    for (const [key, obj] of s.items) indexItem(s.byNamespace, s, key, obj);
  }
  return s.byNamespace;
}

/** See the module comment. Call `start()` before use and `stop()` at the end. */
export class WatchCache {
  private readonly states = new Map<string, ResourceState>();
  private readonly log: Logger;
  private readonly windowSize: number;
  private readonly maxBytes: number;
  private readonly retryMs: number;
  private readonly uncached: ReadonlySet<string>;
  /** Bytes charged for the events of every window (see eventBytes). */
  private bytes = 0;
  private rev = 0;
  private watch: KvWatch | undefined;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | undefined;
  private waiters: Array<{ rev: number; resolve: (ok: boolean) => void }> = [];

  /** History of a state made later is complete since the last full list (no key of it existed then). */
  private listedAt = 0;

  constructor(
    private readonly kv: KvStore,
    resources: readonly ResourceDef[],
    opts: WatchCacheOptions,
  ) {
    this.log = opts.log.child({ module: 'watch-cache' });
    this.windowSize = opts.windowSize ?? 1000;
    this.maxBytes = opts.maxBytes ?? DEFAULT_WATCH_CACHE_MAX_BYTES;
    if (!(this.maxBytes > 0)) throw new Error(`invalid watch cache byte budget: ${this.maxBytes}`);
    this.retryMs = opts.retryMs ?? 1000;
    this.uncached = opts.uncached ?? UNCACHED_RESOURCES;
    for (const def of resources) this.stateFor(def.storageResource);
  }

  /** The revision the cache has caught up with. */
  get revision(): number {
    return this.rev;
  }

  /** True when the store's progress reports are trusted (see KvStore.progressReliable). */
  progressReliable = false;

  /** Lists everything once and starts the store watch. Rejects if the store cannot be read. */
  async start(): Promise<void> {
    this.progressReliable = await this.kv.progressReliable();
    await this.relist();
  }

  /** Stops the store watch; pending waits resolve false. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    this.watch?.cancel();
    for (const w of this.waiters) w.resolve(false);
    this.waiters = [];
  }

  private async relist(): Promise<void> {
    const res = await this.kv.range({ key: REGISTRY_PREFIX, end: prefixEnd(REGISTRY_PREFIX) }).catch((err: unknown) => {
      throw storeFailure(err);
    });
    for (const s of this.states.values()) {
      s.items.clear();
      s.byNamespace = undefined;
      s.events = [];
      s.since = res.revision;
      for (const l of s.listeners) this.closeListener(s, l);
    }
    this.bytes = 0;
    this.listedAt = res.revision;
    for (const kv of res.kvs) {
      const s = this.stateOf(kv.key);
      if (s?.cached) setItem(s, kv.key, frozenObject(kv));
    }
    this.advance(res.revision);
    this.startWatch(res.revision + 1);
    this.log.info({ revision: res.revision, keys: res.kvs.length }, 'watch cache listed');
  }

  private startWatch(from: number): void {
    if (this.stopped) return;
    // Without previous values: the cache has every previous version itself. kube's etcd3 watcher
    // asks for them (it decodes one only for a deletion's last object when nothing is filtered)
    // and its watch cache takes the previous object from its own store all the same.
    this.watch = this.kv.watch(
      REGISTRY_PREFIX,
      from,
      {
        onEvents: (events, rev) => this.apply(events, rev),
        // An untrusted progress report may run ahead of events not yet delivered: ignore it.
        onProgress: (rev) => this.progressReliable && this.advance(rev),
        onError: (err) => this.onWatchError(err),
      },
      { prevKv: false },
    );
  }

  private onWatchError(err: Error): void {
    if (this.stopped) return;
    const compacted = err instanceof StoreError && err.code === 'Compacted';
    this.log.warn({ err: err.message, compacted }, 'store watch failed; restarting');
    this.retryTimer = setTimeout(() => {
      if (compacted) this.relist().catch((e: unknown) => this.onWatchError(e as Error));
      else this.startWatch(this.rev + 1);
    }, this.retryMs);
  }

  /** The state of a stored key: `/registry/<plural>/...`, or `/registry/<group>/<plural>/...` (groups hold dots, plurals never). */
  private stateOf(key: string): ResourceState | undefined {
    const parts = key.slice(REGISTRY_PREFIX.length).split('/');
    if (parts.length < 2) return undefined;
    const resource = parts[0]!.includes('.') ? `${parts[0]}/${parts[1]}` : parts[0]!;
    return this.stateFor(resource);
  }

  private stateFor(resource: string): ResourceState {
    let s = this.states.get(resource);
    if (!s)
      this.states.set(
        resource,
        (s = {
          prefix: `${REGISTRY_PREFIX}${resource}/`,
          cached: !this.uncached.has(resource),
          items: new Map(),
          events: [],
          since: this.listedAt,
          listeners: new Set(),
        }),
      );
    return s;
  }

  private apply(events: KvEvent[], rev: number): void {
    for (const e of events) {
      const s = this.stateOf(e.kv.key);
      if (s?.cached) this.applyOne(s, e);
    }
    this.advance(rev);
  }

  private applyOne(s: ResourceState, e: KvEvent): void {
    const prev = s.items.get(e.kv.key);
    let ev: CacheEvent;
    if (e.type === 'delete') {
      if (!prev) return;
      // Only the two new shallow copies need freezing: everything else is prev's, already frozen.
      const last = {
        ...prev,
        metadata: Object.freeze({ ...prev.metadata, resourceVersion: String(e.kv.modRevision) }),
      };
      deleteItem(s, e.kv.key);
      ev = makeEvent('DELETED', e.kv.key, Object.freeze(last), prev, e.kv.modRevision, eventBytes(e, prev));
    } else {
      const obj = frozenObject(e.kv);
      setItem(s, e.kv.key, obj);
      ev = makeEvent(prev ? 'MODIFIED' : 'ADDED', e.kv.key, obj, prev, e.kv.modRevision, eventBytes(e, prev));
    }
    s.events.push(ev);
    this.bytes += ev.bytes;
    if (s.events.length > this.windowSize) this.dropOldest(s);
    while (this.bytes > this.maxBytes) this.dropOldest(this.oldestWindow());
    for (const l of s.listeners) l(ev);
  }

  /** Drops a window's oldest event: its history now starts after that event. */
  private dropOldest(s: ResourceState): void {
    const ev = s.events.shift()!;
    s.since = ev.rv;
    this.bytes -= ev.bytes;
  }

  /** The window whose oldest event is the oldest of all (there is one: bytes are charged only for kept events). */
  private oldestWindow(): ResourceState {
    let oldest: ResourceState | undefined;
    for (const s of this.states.values())
      if (s.events.length && (!oldest || s.events[0]!.rv < oldest.events[0]!.rv)) oldest = s;
    return oldest!;
  }

  private advance(rev: number): void {
    if (rev <= this.rev) return;
    this.rev = rev;
    const ready = this.waiters.filter((w) => w.rev <= rev);
    this.waiters = this.waiters.filter((w) => w.rev > rev);
    for (const w of ready) w.resolve(true);
  }

  /** Resolves true once the cache has caught up with `rev`, false after `timeoutMs`. Asks the store for progress. */
  waitFor(rev: number, timeoutMs: number): Promise<boolean> {
    if (this.rev >= rev) return Promise.resolve(true);
    const done = new Promise<boolean>((resolve) => {
      const waiter = { rev, resolve: (ok: boolean) => (clearTimeout(timer), resolve(ok)) };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(false);
      }, timeoutMs);
      this.waiters.push(waiter);
    });
    // Registered before asking: a store may report progress synchronously.
    if (this.progressReliable) this.watch?.requestProgress();
    return done;
  }

  /** Whether objects of `r` are cached; when not, lists and watches of it go to the store. */
  caches(r: ResourceDef): boolean {
    return this.stateFor(r.storageResource).cached;
  }

  /** One cached object (frozen, in `r`'s version), or undefined if the cache does not hold it (or `r` is not cached). */
  get(r: ResourceDef, key: string): ApiObject | undefined {
    const obj = this.stateFor(r.storageResource).items.get(key);
    const conv = conversionOf(r);
    return obj && conv ? converted(conv, obj) : obj;
  }

  /** Every cached object of a resource (optionally in one namespace), sorted by key, and the cache revision. Objects are frozen. */
  snapshot(r: ResourceDef, namespace?: string): { items: Array<{ key: string; obj: ApiObject }>; revision: number } {
    const s = this.mustState(r);
    const source = namespace && r.namespaced ? (namespaceIndex(s).get(namespace) ?? NO_ITEMS) : s.items;
    const items = [...source].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const conv = conversionOf(r);
    return {
      items: items.map(([key, obj]) => ({ key, obj: conv ? converted(conv, obj) : obj })),
      revision: this.rev,
    };
  }

  /**
   * Subscribes to a resource's events after `fromRv`: returns the buffered events newer
   * than it (to send first) and calls `listener` for every later one. Throws 410 Expired
   * if events after `fromRv` have left the window. `onClose` is called if the cache drops
   * the subscription (relist after compaction): the client must relist.
   */
  subscribe(
    r: ResourceDef,
    fromRv: number,
    listener: CacheListener,
    onClose: () => void,
  ): { backlog: CacheEvent[]; cancel: () => void } {
    const s = this.mustState(r);
    if (fromRv < s.since) throw expired(`too old resource version: ${fromRv} (${s.since})`);
    const conv = conversionOf(r);
    const deliver = conv ? (e: CacheEvent) => listener(viewEvent(conv, e)) : (e: CacheEvent) => listener(e);
    const wrapped = Object.assign(deliver, { onClose });
    s.listeners.add(wrapped);
    const backlog = s.events.filter((e) => e.rv > fromRv);
    return {
      backlog: conv ? backlog.map((e) => viewEvent(conv, e)) : backlog,
      cancel: () => void s.listeners.delete(wrapped),
    };
  }

  private closeListener(s: ResourceState, l: CacheListener): void {
    s.listeners.delete(l);
    (l as CacheListener & { onClose?: () => void }).onClose?.();
  }

  /** Number of cached objects per cached stored resource (for metrics and tests). */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.states].filter(([, s]) => s.cached).map(([k, s]) => [k, s.items.size]));
  }

  /** The state of a cached resource; reading an uncached one from the cache is a bug upstream. */
  private mustState(r: ResourceDef): ResourceState {
    const s = this.stateFor(r.storageResource);
    if (!s.cached) throw new Error(`${r.storageResource} is not in the watch cache: read it from the store`);
    return s;
  }
}
