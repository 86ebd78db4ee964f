/**
 * The Watch service: one bidirectional stream carries many watches, as etcd's
 * serverWatchStream. Replies follow etcd 3.4 field for field (created/canceled replies,
 * watch id -1 for refusals and progress replies, compacted cancels, fragments), and the
 * engine's back-pressure contract is honoured: a sink reports false while the stream's
 * send buffer is full and parked watchers are resumed on 'drain'.
 */
import type { ServerDuplexStream, UntypedServiceImplementation } from '@grpc/grpc-js';
import type * as wire from '@wheelhouse/etcd';
import type { MessageInit } from '@wheelhouse/etcd';
import { isStoreError } from '../errors.js';
import type { WatchEvent, Watcher, WatchOptions, WatchSink } from '../engine/index.js';
import type { ServerContext } from './context.js';
import { INTERNAL_DETAILS } from './handler.js';
import { big, bytes, num } from './wire.js';
import { encodeEvent, encodeEventsReply, encodeHeader } from './watch-codec.js';

/** A reply object, or an already-encoded WatchResponse (event replies; see watch-codec.ts). */
type Reply = MessageInit<wire.WatchResponse> | Buffer;
type Call = ServerDuplexStream<wire.WatchRequest, Reply>;

/** etcd's cancel_reason when a create names a watch id already in use on the stream. */
const DUPLICATE_WATCH_ID = 'mvcc: duplicate watch ID provided on the WatchStream';
/** Encoded bytes of a reply without its events, and per event beyond its own encoding (an upper estimate). */
const REPLY_OVERHEAD = 64;
const EVENT_OVERHEAD = 6;

/** Implements etcdserverpb.Watch over the engine. */
export function watchService(ctx: ServerContext): UntypedServiceImplementation {
  return {
    Watch: (call: Call) => {
      new WatchStream(ctx, call).start();
    },
  };
}

/** One watch on a stream. */
interface StreamWatch {
  id: string;
  fragment: boolean;
  progressNotify: boolean;
  /** Replies produced before the created reply went out (held back to keep etcd's order). */
  pending: Reply[] | null;
  watcher: Watcher | null;
  parked: boolean;
  /** Whether anything was sent since the last progress tick (etcd notifies idle watchers only). */
  active: boolean;
}

class WatchStream {
  private readonly watches = new Map<string, StreamWatch>();
  private nextId = 0;
  private backedUp = false;
  private closed = false;
  private progressTimer: ReturnType<typeof setInterval> | undefined;
  /** The encoded header of the last revision delivered (every watcher of the stream shares it). */
  private encodedHeader: { revision: number; bytes: Buffer } | undefined;

  constructor(
    private readonly ctx: ServerContext,
    private readonly call: Call,
  ) {}

  start(): void {
    const { call } = this;
    call.on('data', (req: wire.WatchRequest) => this.guard(() => this.onRequest(req)));
    // A half-close ends nothing: etcd keeps sending events until the client cancels.
    call.on('end', () => undefined);
    call.on('drain', () => this.guard(() => this.onDrain()));
    call.on('cancelled', () => this.close());
    call.on('close', () => this.close());
    call.on('error', (err: unknown) => {
      this.ctx.log.debug({ err }, 'watch stream error');
      this.close();
    });
  }

  private onRequest(req: wire.WatchRequest): void {
    if (this.closed || typeof req !== 'object' || req === null) return;
    if (req.create_request) this.create(req.create_request);
    else if (req.cancel_request) this.cancel(req.cancel_request);
    else if (req.progress_request) this.send({ header: this.header(), watch_id: '-1' });
  }

  private create(req: wire.WatchCreateRequest): void {
    const requested = big(req.watch_id);
    const id = requested !== 0n ? requested.toString() : this.autoId();
    if (this.watches.has(id)) return this.refuse(DUPLICATE_WATCH_ID);
    const entry: StreamWatch = {
      id,
      fragment: req.fragment === true,
      progressNotify: req.progress_notify === true,
      pending: [],
      watcher: null,
      parked: false,
      active: false,
    };
    this.watches.set(id, entry);
    try {
      entry.watcher = this.ctx.engine.watch(watchOptions(req), this.sinkFor(entry));
    } catch (err) {
      this.watches.delete(id);
      if (requested === 0n) this.nextId = Number(id); // etcd hands out no id for a refused create
      if (!isStoreError(err)) this.ctx.log.error({ err }, 'watch create failed');
      return this.refuse(isStoreError(err) ? err.message : INTERNAL_DETAILS);
    }
    const held = entry.pending ?? [];
    entry.pending = null;
    this.send({ header: this.header(), watch_id: id, created: true });
    for (const reply of held) this.send(reply);
    if (entry.progressNotify) this.startProgressTimer();
  }

  /** etcd's answer to a create it refuses: created and canceled at once, watch id -1. */
  private refuse(reason: string): void {
    this.send({ header: this.header(), watch_id: '-1', created: true, canceled: true, cancel_reason: reason });
  }

  private autoId(): string {
    while (this.watches.has(String(this.nextId))) this.nextId++;
    return String(this.nextId++);
  }

  private cancel(req: wire.WatchCancelRequest): void {
    const id = big(req.watch_id).toString();
    const entry = this.watches.get(id);
    if (!entry) return; // etcd says nothing about ids it does not know
    this.watches.delete(id);
    entry.watcher?.cancel();
    this.send({ header: this.header(), watch_id: id, canceled: true });
  }

  private sinkFor(entry: StreamWatch): WatchSink {
    return {
      events: (events, revision) => this.guard(() => this.deliver(entry, events, revision)) ?? true,
      compacted: (compactRevision) => {
        this.guard(() => this.compacted(entry, compactRevision));
      },
    };
  }

  private deliver(entry: StreamWatch, events: WatchEvent[], revision: number): boolean {
    if (this.closed || this.watches.get(entry.id) !== entry) return true;
    const replies = this.eventReplies(entry, events, revision);
    if (entry.pending) {
      entry.pending.push(...replies);
      return true;
    }
    entry.active = true;
    let ok = true;
    for (const r of replies) ok = this.send(r) && ok;
    if (ok) return true;
    entry.parked = true;
    return false;
  }

  /** etcd's compacted answer: no created flag, header revision 0, and the watch is over. */
  private compacted(entry: StreamWatch, compactRevision: number): void {
    if (this.closed || this.watches.get(entry.id) !== entry) return;
    const reply: Reply = {
      header: this.ctx.identity.header(0),
      watch_id: entry.id,
      canceled: true,
      compact_revision: String(compactRevision),
    };
    this.watches.delete(entry.id);
    if (entry.pending) entry.pending.push(reply);
    else this.send(reply);
  }

  /** The replies carrying `events`: one, or with `fragment` several when it would pass the size limit. */
  private eventReplies(entry: StreamWatch, events: WatchEvent[], revision: number): Reply[] {
    const header = this.headerBytes(revision);
    const encoded = events.map(encodeEvent);
    const max = this.ctx.limits.maxRequestBytes;
    if (!entry.fragment || events.length < 2 || REPLY_OVERHEAD + sumSizes(encoded) < max) {
      return [encodeEventsReply(header, entry.id, encoded, false)];
    }
    const replies: Reply[] = [];
    let cur: Buffer[] = [];
    let size = REPLY_OVERHEAD;
    for (const ev of encoded) {
      const s = ev.length + EVENT_OVERHEAD;
      if (cur.length > 0 && size + s >= max) {
        replies.push(encodeEventsReply(header, entry.id, cur, true));
        cur = [];
        size = REPLY_OVERHEAD;
      }
      cur.push(ev);
      size += s;
    }
    replies.push(encodeEventsReply(header, entry.id, cur, false));
    return replies;
  }

  private headerBytes(revision: number): Buffer {
    if (this.encodedHeader?.revision !== revision) {
      this.encodedHeader = { revision, bytes: encodeHeader(this.ctx.identity.header(revision)) };
    }
    return this.encodedHeader.bytes;
  }

  private onDrain(): void {
    this.backedUp = false;
    for (const entry of this.watches.values()) {
      if (!entry.parked) continue;
      entry.parked = false;
      entry.watcher?.resume();
      if (this.backedUp) return; // the resumed watchers filled the buffer again
    }
  }

  private startProgressTimer(): void {
    if (this.progressTimer || this.closed) return;
    this.progressTimer = setInterval(
      () => this.guard(() => this.progressTick()),
      this.ctx.limits.progressNotifyIntervalMs,
    );
    this.progressTimer.unref?.();
  }

  /** etcd's progress ticker: every watcher that asked and got nothing since the last tick gets an empty reply. */
  private progressTick(): void {
    for (const entry of this.watches.values()) {
      if (!entry.progressNotify || entry.pending || entry.parked) continue;
      if (!entry.active) this.send({ header: this.header(), watch_id: entry.id });
      entry.active = false;
    }
  }

  /** Writes a reply; false once the stream's buffer is full (until 'drain'). */
  private send(reply: Reply): boolean {
    if (this.closed) return true;
    if (!this.call.write(reply)) this.backedUp = true;
    return !this.backedUp;
  }

  private header(): MessageInit<wire.ResponseHeader> {
    return this.ctx.identity.header(this.ctx.engine.revision);
  }

  /** Runs `fn`; an unexpected throw is logged and ends this stream with INTERNAL, never the process. */
  private guard<T>(fn: () => T): T | undefined {
    try {
      return fn();
    } catch (err) {
      this.ctx.log.error({ err }, 'watch stream failed');
      this.fail();
      return undefined;
    }
  }

  private fail(): void {
    if (this.closed) return;
    this.close();
    try {
      this.call.emit('error', { code: 13, details: INTERNAL_DETAILS });
    } catch {
      // the stream is already gone
    }
  }

  /** Cancels every watch of the stream; idempotent. */
  private close(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.progressTimer);
    for (const entry of this.watches.values()) entry.watcher?.cancel();
    this.watches.clear();
  }
}

function watchOptions(req: wire.WatchCreateRequest): WatchOptions {
  const filters = Array.isArray(req.filters) ? req.filters : [];
  const start = num(req.start_revision);
  return {
    key: bytes(req.key),
    rangeEnd: bytes(req.range_end).length > 0 ? bytes(req.range_end) : undefined,
    // A negative start revision reaches back to the first revision, as it does in etcd.
    startRevision: start < 0 ? 1 : start,
    prevKv: req.prev_kv === true,
    noPut: filters.includes('NOPUT'),
    noDelete: filters.includes('NODELETE'),
  };
}

function sumSizes(encoded: readonly Buffer[]): number {
  let n = 0;
  for (const ev of encoded) n += ev.length + EVENT_OVERHEAD;
  return n;
}
