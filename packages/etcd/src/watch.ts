import type { Connection } from './connection.js';
import { sleep } from './clock.js';
import { EtcdError, toEtcdError } from './errors.js';
import type { GrpcStream } from './grpc-stream.js';
import { resolveRange } from './keys.js';
import { int64, num, watchEvent } from './convert.js';
import type * as W from './messages.js';
import type { MessageInit } from './messages.js';
import type { WatchBatch, WatchOptions } from './types.js';

type Waiter = { resolve: (r: IteratorResult<WatchBatch>) => void; reject: (e: unknown) => void };

/**
 * One watch: an async iterable of event batches, in revision order, without gaps
 * or duplicates across reconnects. Single consumer. Iteration ends when `cancel()`
 * is called (or the loop breaks) or the client closes; it throws an EtcdError when
 * the watch cannot continue: `Compacted` (with `compactRevision`; relist and watch
 * again) or `WatchCanceled` (server-side cancel, `details` has the reason).
 * Batches are queued without bound while the consumer is slow.
 */
export class Watcher implements AsyncIterableIterator<WatchBatch> {
  /**
   * Next revision to ask for on (re)create: the one after the last event delivered
   * (never a response header's revision, which may run ahead of the events sent so
   * far); 0 = "now" (not yet established).
   */
  nextRevision: number;
  /** Server watch ID on the current stream, when created. */
  watchId: string | undefined;
  private readonly queue: WatchBatch[] = [];
  private waiter: Waiter | undefined;
  private failure: EtcdError | undefined;
  private finished = false;
  private createdOnce = false;
  private readonly createdListeners: Array<(err?: EtcdError) => void> = [];
  private fragments: W.Event[] = [];

  constructor(
    readonly request: MessageInit<W.WatchCreateRequest>,
    startRevision: number,
    private readonly hub: WatchHub,
  ) {
    this.nextRevision = startRevision;
  }

  /** True once the watch has ended (canceled, failed, or client closed). */
  get done(): boolean {
    return this.finished;
  }

  /** Resolves once the server confirmed the watch (events after this are delivered); rejects if it failed first. */
  created(): Promise<void> {
    if (this.createdOnce) return Promise.resolve();
    if (this.failure) return Promise.reject(this.failure);
    if (this.finished) return Promise.reject(new EtcdError('Canceled', 'watch ended before it was created'));
    return new Promise((resolve, reject) => this.createdListeners.push((err) => (err ? reject(err) : resolve())));
  }

  /** Stops the watch; iteration ends after batches already queued. Idempotent. */
  async cancel(): Promise<void> {
    if (this.finished) return;
    this.hub.cancel(this);
    this.end();
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<WatchBatch>> {
    const batch = this.queue.shift();
    if (batch) return Promise.resolve({ value: batch, done: false });
    if (this.failure) {
      const err = this.failure;
      this.failure = undefined;
      return Promise.reject(err);
    }
    if (this.finished) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  async return(): Promise<IteratorResult<WatchBatch>> {
    await this.cancel();
    this.queue.length = 0;
    return { value: undefined, done: true };
  }

  /** @internal Called by the hub when the server confirmed this watch. */
  onCreated(watchId: string, headerRevision: number): void {
    this.watchId = watchId;
    if (this.nextRevision === 0) this.nextRevision = headerRevision + 1;
    if (!this.createdOnce) {
      this.createdOnce = true;
      for (const l of this.createdListeners.splice(0)) l();
    }
  }

  /** @internal Called by the hub with one watch response addressed to this watch. */
  onResponse(resp: W.WatchResponse): void {
    if (resp.fragment) {
      // One by one, not push(...events): a fragment may carry more events than a call takes arguments.
      for (const e of resp.events) this.fragments.push(e);
      return;
    }
    let events = resp.events;
    if (this.fragments.length) {
      for (const e of events) this.fragments.push(e);
      events = this.fragments;
      this.fragments = [];
    }
    const revision = num(resp.header?.revision);
    const last = events[events.length - 1];
    if (last) this.nextRevision = num(last.kv?.mod_revision) + 1;
    this.push({ revision, events: events.map(watchEvent), progressNotify: events.length === 0 });
  }

  /** @internal The stream broke: fragments of an unfinished reply are dropped (the re-created watch sends them again). */
  onStreamLost(): void {
    this.watchId = undefined;
    this.fragments = [];
  }

  /** @internal Delivers a batch (used for progress broadcasts too). */
  push(batch: WatchBatch): void {
    if (this.finished) return;
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: batch, done: false });
    } else this.queue.push(batch);
  }

  /** @internal Ends the watch with an error (delivered after queued batches). */
  fail(err: EtcdError): void {
    if (this.finished) return;
    this.failure = err;
    this.finished = true;
    for (const l of this.createdListeners.splice(0)) l(err);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      this.failure = undefined;
      w.reject(err);
    }
  }

  /** @internal Ends the watch normally. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    const ended = new EtcdError('Canceled', 'watch ended before it was created');
    for (const l of this.createdListeners.splice(0)) l(ended);
    if (this.waiter) {
      const w = this.waiter;
      this.waiter = undefined;
      w.resolve({ value: undefined, done: true });
    }
  }
}

/** Maps public WatchOptions to the wire create request (start_revision is filled per (re)create). */
export function watchCreateRequest(o: WatchOptions): MessageInit<W.WatchCreateRequest> {
  const filters: W.FilterType[] = (o.filters ?? []).map((f) => (f === 'noPut' ? 'NOPUT' : 'NODELETE'));
  int64(o.startRevision, 'startRevision');
  return {
    ...resolveRange(o.key, o),
    prev_kv: !!o.prevKv,
    progress_notify: !!o.progressNotify,
    filters,
    fragment: !!o.fragment,
  };
}

/**
 * All watches of one client over one shared bidirectional Watch stream. Creates are
 * sent one at a time and paired with `created` replies in order (as etcd's clientv3
 * does). When the stream breaks, every live watch is re-created from its next
 * revision (the revision after its last delivered event) once a connection is back,
 * with backoff; replies still arriving on a broken stream are ignored, so every event
 * is delivered exactly once.
 */
export class WatchHub {
  private stream: GrpcStream | undefined;
  private connecting = false;
  private createInFlight = false;
  private readonly pending: Watcher[] = [];
  private readonly active = new Map<string, Watcher>();
  private readonly all = new Set<Watcher>();
  private attempt = 0;

  constructor(private readonly conn: Connection) {}

  /** Starts a watch. Throws InvalidRequest on bad options (before anything is sent). */
  watch(o: WatchOptions): Watcher {
    if (this.conn.closed) throw new EtcdError('ClientClosed');
    const w = new Watcher(watchCreateRequest(o), o.startRevision ?? 0, this);
    this.all.add(w);
    this.pending.push(w);
    this.kick();
    return w;
  }

  /** Asks the server for a progress notification; every watch gets a batch with `progressNotify` (best effort: no-op while disconnected). */
  requestProgress(): void {
    this.stream?.write({ progress_request: {} });
  }

  /** @internal Removes a watch; tells the server if it was created. */
  cancel(w: Watcher): void {
    this.all.delete(w);
    const i = this.pending.indexOf(w);
    if (i > 0 || (i === 0 && !this.createInFlight)) this.pending.splice(i, 1);
    if (w.watchId !== undefined && this.active.get(w.watchId) === w) {
      this.active.delete(w.watchId);
      this.stream?.write({ cancel_request: { watch_id: w.watchId } });
    }
  }

  /** Ends every watch and drops the stream (the connection cancels the call). */
  close(): void {
    for (const w of this.all) w.end();
    this.all.clear();
    this.pending.length = 0;
    this.active.clear();
    this.stream = undefined;
  }

  private kick(): void {
    if (this.stream) this.sendNextCreate();
    else if (!this.connecting) void this.connect();
  }

  private async connect(): Promise<void> {
    this.connecting = true;
    try {
      while (!this.conn.closed && this.all.size > 0) {
        try {
          if (this.attempt > 0) await sleep(this.conn.clock, this.conn.retryDelay(this.attempt - 1));
          this.attempt++;
          const stream = await this.conn.openStream('Watch', 'Watch', { hasleader: 'true' });
          if (this.conn.closed || this.all.size === 0) {
            stream.cancel();
            return;
          }
          this.open(stream);
          return;
        } catch (e) {
          this.conn.settings.logger.debug({ err: toEtcdError(e).message }, 'watch stream connect failed');
        }
      }
    } finally {
      this.connecting = false;
    }
  }

  private open(stream: GrpcStream): void {
    this.stream = stream;
    this.createInFlight = false;
    stream.on('data', (resp: W.WatchResponse) => {
      if (stream === this.stream) this.onResponse(resp);
    });
    stream.on('error', (err: Error) => this.onBroken(stream, err));
    stream.on('end', () => this.onBroken(stream, undefined));
    this.sendNextCreate();
  }

  private sendNextCreate(): void {
    const w = this.pending[0];
    if (!this.stream || this.createInFlight || !w) return;
    this.createInFlight = true;
    this.stream.write({ create_request: { ...w.request, start_revision: String(w.nextRevision) } });
  }

  private onResponse(resp: W.WatchResponse): void {
    this.attempt = 0;
    if (resp.created) return this.onCreated(resp);
    if (resp.watch_id === '-1') return this.broadcastProgress(resp);
    const w = this.active.get(resp.watch_id);
    if (!w) return;
    if (resp.compact_revision !== '0' || resp.canceled) return this.onCanceled(w, resp);
    w.onResponse(resp);
  }

  private onCreated(resp: W.WatchResponse): void {
    const w = this.pending.shift();
    this.createInFlight = false;
    if (w && this.all.has(w)) {
      if (resp.canceled || resp.compact_revision !== '0') this.onCanceled(w, resp);
      else {
        this.active.set(resp.watch_id, w);
        w.onCreated(resp.watch_id, num(resp.header?.revision));
      }
    } else if (!resp.canceled) {
      this.stream?.write({ cancel_request: { watch_id: resp.watch_id } });
    }
    this.sendNextCreate();
  }

  private onCanceled(w: Watcher, resp: W.WatchResponse): void {
    this.active.delete(resp.watch_id);
    this.all.delete(w);
    if (resp.compact_revision !== '0') {
      const compactRevision = num(resp.compact_revision);
      w.fail(
        new EtcdError(
          'Compacted',
          `watch start revision ${w.nextRevision} is compacted (compact revision ${compactRevision})`,
          { compactRevision },
        ),
      );
    } else {
      w.fail(
        new EtcdError('WatchCanceled', `watch canceled by server: ${resp.cancel_reason}`, {
          details: resp.cancel_reason,
        }),
      );
    }
  }

  private broadcastProgress(resp: W.WatchResponse): void {
    const revision = num(resp.header?.revision);
    for (const w of this.active.values()) w.push({ revision, events: [], progressNotify: true });
  }

  private onBroken(stream: GrpcStream, err: Error | undefined): void {
    if (stream !== this.stream) return;
    this.stream = undefined;
    this.createInFlight = false;
    if (this.conn.closed) return this.close();
    const ordered = [...this.all].filter((w) => !w.done);
    this.pending.length = 0;
    this.pending.push(...ordered);
    for (const w of ordered) w.onStreamLost();
    this.active.clear();
    this.conn.settings.logger.warn(
      { err: err ? toEtcdError(err).message : 'stream ended', watches: ordered.length },
      'watch stream broken; resuming',
    );
    stream.cancel();
    if (ordered.length > 0 && !this.connecting) void this.connect();
  }
}
