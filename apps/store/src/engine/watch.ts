/**
 * The watch hub, as etcd's watchableStore: synced watchers get each durable revision's
 * events right after its commit; unsynced ones (a start revision in the past, or a sink
 * that reported back-pressure and then resumed) are caught up from the `key` database in
 * rounds of at most WATCH_BATCH_REVS revisions, off the writers' path, and join the synced
 * set the moment they reach the durable revision, so there is neither a gap nor a
 * duplicate. Everything runs on the one JS thread, so moving a watcher between sets is
 * atomic with respect to commits.
 */
import { StoreError } from '../errors.js';
import { decodeRecord, isTombstone, readU64, recordKey, revKey, EMPTY } from './codec.js';
import { hit } from './key-index.js';
import { type BatchChanges, type Change, changeKv, type MvccStore } from './mvcc.js';
import { bounds } from './range.js';
import type { KeyValue, WatchEvent, Watcher, WatchOptions, WatchSink } from './types.js';

/** Revisions read from history per catch-up round (etcd's watchBatchMaxRevs). */
const WATCH_BATCH_REVS = 1000;

// Captured at load so fake timers in tests do not stall catch-up.
const defer = setImmediate;

type State = 'synced' | 'unsynced' | 'paused' | 'canceled';

class WatcherImpl implements Watcher {
  state: State = 'synced';
  /** Next revision this watcher needs (for synced watchers: the earliest it accepts). */
  nextRev: number;
  /** Events gathered for the revision being dispatched. */
  buf: WatchEvent[] | null = null;

  constructor(
    private readonly hub: WatchHub,
    readonly start: string,
    /** null = single key, '' = unbounded. */
    readonly end: string | null,
    readonly opts: WatchOptions,
    readonly sink: WatchSink,
    nextRev: number,
  ) {
    this.nextRev = nextRev;
  }

  matches(id: string): boolean {
    if (this.end === null) return id === this.start;
    return id >= this.start && (this.end === '' || id < this.end);
  }

  cancel(): void {
    this.hub.remove(this);
    this.state = 'canceled';
  }

  resume(): void {
    if (this.state !== 'paused') return;
    this.hub.unpause(this);
  }
}

/** Delivers committed changes to watchers. */
export class WatchHub {
  private readonly points = new Map<string, Set<WatcherImpl>>();
  private readonly ranges = new Set<WatcherImpl>();
  private readonly unsynced = new Set<WatcherImpl>();
  private readonly paused = new Set<WatcherImpl>();
  private scheduled = false;
  private closed = false;

  /** Told when a sink breaks its contract by throwing; the watcher is cancelled. */
  onSinkError: (err: unknown) => void = () => undefined;

  constructor(private readonly store: MvccStore) {}

  /** Number of watchers not yet closed (for tests and metrics). */
  get size(): number {
    let n = this.ranges.size + this.unsynced.size + this.paused.size;
    for (const s of this.points.values()) n += s.size;
    return n;
  }

  /** Registers a watcher; see Engine.watch. */
  watch(opts: WatchOptions, sink: WatchSink): Watcher {
    if (this.closed) throw new StoreError('Stopped');
    const b = bounds(opts.key, opts.rangeEnd);
    if (b.end !== null && b.end !== '' && b.start >= b.end) throw new StoreError('WatcherRangeEmpty');
    const durable = this.store.durableRev;
    const start = opts.startRevision ?? 0;
    const w = new WatcherImpl(this, b.start, b.end, opts, sink, start > 0 ? start : durable + 1);
    if (start === 0 || start > durable) this.addSynced(w);
    else {
      w.state = 'unsynced';
      this.unsynced.add(w);
      this.schedule();
    }
    return w;
  }

  /** Dispatches a durable batch's changes to synced watchers, one call per revision. */
  dispatch(payload: BatchChanges): void {
    const changes = payload.changes;
    let i = 0;
    while (i < changes.length) {
      const rev = changes[i]!.main;
      const touched: WatcherImpl[] = [];
      for (; i < changes.length && changes[i]!.main === rev; i++) this.collect(changes[i]!, touched);
      for (const w of touched) {
        const events = w.buf!;
        w.buf = null;
        if (w.state !== 'synced') continue;
        if (!this.deliver(w, events, rev)) this.pause(w, rev + 1);
      }
    }
  }

  /** Stops all watchers (the engine is closing). */
  close(): void {
    this.closed = true;
    this.points.clear();
    this.ranges.clear();
    this.unsynced.clear();
    this.paused.clear();
  }

  remove(w: WatcherImpl): void {
    if (w.state === 'synced') this.removeSynced(w);
    else if (w.state === 'unsynced') this.unsynced.delete(w);
    else if (w.state === 'paused') this.paused.delete(w);
  }

  unpause(w: WatcherImpl): void {
    this.paused.delete(w);
    w.state = 'unsynced';
    this.unsynced.add(w);
    this.schedule();
  }

  private collect(c: Change, touched: WatcherImpl[]): void {
    const id = c.ki.id;
    // Events are built once per change and shared by every watcher that gets them.
    let plain: WatchEvent | undefined;
    let withPrev: WatchEvent | undefined;
    const offer = (w: WatcherImpl) => {
      if (c.main < w.nextRev || (c.tombstone ? w.opts.noDelete : w.opts.noPut)) return;
      let ev: WatchEvent;
      if (w.opts.prevKv && c.prevMain > 0) ev = withPrev ??= this.prevEvent(c, (plain ??= changeEvent(c)));
      else ev = plain ??= changeEvent(c);
      if (w.buf === null) {
        w.buf = [];
        touched.push(w);
      }
      w.buf.push(ev);
    };
    const set = this.points.get(id);
    if (set !== undefined) for (const w of set) offer(w);
    for (const w of this.ranges) if (w.matches(id)) offer(w);
  }

  /** Calls the sink; a throwing sink is cancelled (reported as accepted so nothing else moves it). */
  private deliver(w: WatcherImpl, events: WatchEvent[], rev: number): boolean {
    try {
      return w.sink.events(events, rev);
    } catch (err) {
      w.cancel();
      this.onSinkError(err);
      return true;
    }
  }

  private prevEvent(c: Change, plain: WatchEvent): WatchEvent {
    const prev = this.store.readKv(c.ki, c.prevMain, c.prevSub, false);
    return prev === undefined ? plain : { type: plain.type, kv: plain.kv, prevKv: prev };
  }

  private pause(w: WatcherImpl, nextRev: number): void {
    this.removeSynced(w);
    w.state = 'paused';
    w.nextRev = nextRev;
    this.paused.add(w);
  }

  private addSynced(w: WatcherImpl): void {
    w.state = 'synced';
    if (w.end === null) {
      let set = this.points.get(w.start);
      if (set === undefined) this.points.set(w.start, (set = new Set()));
      set.add(w);
    } else this.ranges.add(w);
  }

  private removeSynced(w: WatcherImpl): void {
    if (w.end !== null) {
      this.ranges.delete(w);
      return;
    }
    const set = this.points.get(w.start);
    if (set === undefined) return;
    set.delete(w);
    if (set.size === 0) this.points.delete(w.start);
  }

  private schedule(): void {
    if (this.scheduled || this.closed) return;
    this.scheduled = true;
    defer(() => this.syncRound());
  }

  /** One catch-up round for all unsynced watchers (etcd's syncWatchers). */
  private syncRound(): void {
    this.scheduled = false;
    if (this.closed || this.unsynced.size === 0) return;
    const store = this.store;
    let minRev = Infinity;
    for (const w of this.unsynced) {
      if (w.nextRev < store.compactRev) {
        this.unsynced.delete(w);
        w.state = 'canceled';
        try {
          w.sink.compacted(store.compactRev);
        } catch (err) {
          this.onSinkError(err);
        }
        continue;
      }
      minRev = Math.min(minRev, w.nextRev);
    }
    const durable = store.durableRev;
    if (minRev <= durable) {
      const maxRev = Math.min(durable, minRev + WATCH_BATCH_REVS - 1);
      this.replay(minRev, maxRev);
    }
    for (const w of this.unsynced) {
      if (w.nextRev > store.durableRev) {
        this.unsynced.delete(w);
        this.addSynced(w);
      }
    }
    if (this.unsynced.size > 0) this.schedule();
  }

  /**
   * Delivers revisions [minRev, maxRev] to unsynced watchers: from the `key` database up
   * to what LMDB holds, from the store's pending records above that.
   */
  private replay(minRev: number, maxRev: number): void {
    const watchers = [...this.unsynced];
    const bufs = new Map<WatcherImpl, WatchEvent[]>();
    const store = this.store;
    const offer = (main: number, id: string, tomb: boolean, kvOf: () => KeyValue) => {
      let kv: KeyValue | undefined;
      for (const w of watchers) {
        if (main < w.nextRev || !w.matches(id) || (tomb ? w.opts.noDelete : w.opts.noPut)) continue;
        kv ??= kvOf();
        const ev: WatchEvent = { type: tomb ? 'DELETE' : 'PUT', kv };
        if (w.opts.prevKv) this.attachPrev(ev, id, main);
        let buf = bufs.get(w);
        if (buf === undefined) bufs.set(w, (buf = []));
        buf.push(ev);
      }
    };
    const lmdbMax = Math.min(maxRev, store.lmdbRev);
    if (minRev <= lmdbMax) {
      const range = store.backend.dbs.key.getRange({ start: revKey(minRev, 0), end: revKey(lmdbMax + 1, 0) });
      for (const { key: rk, value } of range) {
        const main = readU64(rk, 0);
        const tomb = isTombstone(value);
        offer(main, recordKey(value).toString('latin1'), tomb, () =>
          tomb ? deleteKv(value, main) : decodeRecord(value, main, false),
        );
      }
    }
    store.forEachPending(minRev, maxRev, (c) => {
      // A record a compaction has dropped (still pending in LMDB) is gone for readers too.
      if (c.main <= store.compactRev && !c.ki.has(c.main, c.sub)) return;
      offer(c.main, c.ki.id, c.tombstone, () => changeKv(c, false));
    });
    for (const w of watchers) {
      if (w.state !== 'unsynced' || w.nextRev > maxRev) continue;
      const buf = bufs.get(w);
      w.nextRev = maxRev + 1;
      if (buf === undefined) continue;
      if (!this.deliver(w, buf, buf[buf.length - 1]!.kv.modRevision) && w.state === 'unsynced') {
        this.unsynced.delete(w);
        w.state = 'paused';
        this.paused.add(w);
      }
    }
  }

  private attachPrev(ev: WatchEvent, id: string, main: number): void {
    const ki = this.store.index.get(id);
    if (ki === undefined || !ki.get(main - 1)) return;
    const prev = this.store.readKv(ki, hit.main, hit.sub, false);
    if (prev !== undefined) ev.prevKv = prev;
  }
}

function changeEvent(c: Change): WatchEvent {
  return { type: c.tombstone ? 'DELETE' : 'PUT', kv: changeKv(c, false) };
}

function deleteKv(record: Buffer, main: number): KeyValue {
  return {
    key: Buffer.from(recordKey(record)),
    createRevision: 0,
    modRevision: main,
    version: 0,
    value: EMPTY,
    lease: 0n,
  };
}
