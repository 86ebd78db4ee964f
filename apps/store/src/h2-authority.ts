/**
 * etcdctl 3.4 dials some per-endpoint calls (defrag, endpoint status, endpoint hashkv)
 * with `:authority: http://127.0.0.1:2379`, scheme included. That is not a valid HTTP/2
 * authority, and Node's HTTP/2 (nghttp2) resets such streams with PROTOCOL_ERROR, where
 * the real etcd (Go) accepts them. So each client connection is looked at before it
 * reaches the gRPC server ({@link acceptHttp2}):
 *
 * - The store sends an empty SETTINGS frame at once (the server preface: Go's gRPC client
 *   sends no request before it has one) and reads the client's bytes, handing none on yet,
 *   until it has the first request's header block and the client's acknowledgement of
 *   those SETTINGS (which it drops: the HTTP/2 server never sent them).
 * - If that first `:authority` is valid (every client but those etcdctl calls), the
 *   connection's own socket goes to the gRPC server, the bytes read put back: Node's HTTP/2
 *   then reads it natively. Passing every byte through a JavaScript stream instead cost
 *   about a fifth of the store's CPU under 1,000 nodes' heartbeats.
 * - Otherwise the connection goes through the {@link AuthorityFilter}, which rewrites every
 *   header block: the scheme is stripped from `:authority` and the block is re-encoded as
 *   literals without indexing, so the server's HPACK table stays empty and can never
 *   disagree with the client's.
 * - A connection that sends anything else first (a PING, say) or no request within
 *   ACCEPT_TIMEOUT_MS also goes through the filter, which decides on its first request.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import hpack from 'hpack.js';

const PREFACE_LENGTH = 24;
const FRAME_HEADER = 9;
const TYPE_DATA = 0x0;
const TYPE_HEADERS = 0x1;
const TYPE_PRIORITY = 0x2;
const TYPE_RST_STREAM = 0x3;
const TYPE_SETTINGS = 0x4;
const TYPE_WINDOW_UPDATE = 0x8;
const TYPE_CONTINUATION = 0x9;
const FLAG_ACK = 0x1;
const FLAG_END_STREAM = 0x1;
const FLAG_END_HEADERS = 0x4;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;
/** Node's default SETTINGS_HEADER_TABLE_SIZE: the most the client's encoder may use. */
const HEADER_TABLE_SIZE = 4096;
/** The server preface the store sends itself: a SETTINGS frame that changes nothing. */
const EMPTY_SETTINGS = Buffer.from([0, 0, 0, TYPE_SETTINGS, 0, 0, 0, 0, 0]);
/** Frames a client may send before its first request is complete and still get the native path. */
const EARLY_FRAMES = new Set([
  TYPE_DATA,
  TYPE_HEADERS,
  TYPE_PRIORITY,
  TYPE_RST_STREAM,
  TYPE_SETTINGS,
  TYPE_WINDOW_UPDATE,
  TYPE_CONTINUATION,
]);
/** How long a new connection may take to send its first request before it goes through the filter. */
export const ACCEPT_TIMEOUT_MS = 1_000;

type Mode = 'undecided' | 'passthrough' | 'rewrite';

/** A header block being collected across HEADERS + CONTINUATION frames. */
interface PendingBlock {
  streamId: number;
  flags: number;
  priority: Buffer | undefined;
  fragments: Buffer[];
  raw: Buffer[];
}

type Header = { name: string; value: string };

/**
 * Takes a new HTTP/2 connection whose bytes were put back on its (paused) socket, and hands
 * `inject` either the socket itself or an {@link AuthorityFilter} over it (see the module
 * comment). `inject` is called once, unless the socket closes first.
 */
export function acceptHttp2(
  socket: Socket,
  inject: (connection: Duplex) => void,
  timeoutMs: number = ACCEPT_TIMEOUT_MS,
): void {
  new Acceptor(socket, inject, timeoutMs).start();
}

/** Reads a connection's first frames to choose its path; hands nothing on meanwhile. */
class Acceptor {
  private buffered: Buffer = Buffer.alloc(0);
  private readonly kept: Buffer[] = [];
  private prefaceSeen = false;
  /** The client has yet to acknowledge the store's own SETTINGS. */
  private ackPending = true;
  private block: PendingBlock | undefined;
  /** The first request's :authority once its header block is read (null: it had none). */
  private authority: string | null | undefined;
  private decided = false;
  private timer: NodeJS.Timeout | undefined;
  private readonly onData = (chunk: Buffer): void => this.read(chunk);
  private readonly onClose = (): void => this.settle();

  constructor(
    private readonly socket: Socket,
    private readonly inject: (connection: Duplex) => void,
    private readonly timeoutMs: number,
  ) {}

  start(): void {
    this.timer = setTimeout(() => this.handOn('filter'), this.timeoutMs);
    this.socket.once('close', this.onClose);
    this.socket.write(EMPTY_SETTINGS);
    this.socket.on('data', this.onData);
    this.socket.resume();
  }

  private read(chunk: Buffer): void {
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    let early: boolean;
    try {
      early = this.parse();
    } catch {
      // A malformed stream: the filter hands it on as it is and the HTTP/2 server rejects it.
      return this.handOn('filter');
    }
    if (!early) return this.handOn('filter');
    if (this.authority !== undefined && !this.ackPending)
      this.handOn(this.authority !== null && hasScheme(this.authority) ? 'filter' : 'native');
  }

  /** Reads whole frames; false once the client sent a frame outside EARLY_FRAMES. */
  private parse(): boolean {
    if (!this.prefaceSeen) {
      if (this.buffered.length < PREFACE_LENGTH) return true;
      this.kept.push(this.buffered.subarray(0, PREFACE_LENGTH));
      this.buffered = this.buffered.subarray(PREFACE_LENGTH);
      this.prefaceSeen = true;
    }
    while (this.buffered.length >= FRAME_HEADER) {
      const length = this.buffered.readUIntBE(0, 3);
      if (this.buffered.length < FRAME_HEADER + length) return true;
      const frame = this.buffered.subarray(0, FRAME_HEADER + length);
      this.buffered = this.buffered.subarray(FRAME_HEADER + length);
      const type = frame[3]!;
      const flags = frame[4]!;
      if (type === TYPE_SETTINGS && flags & FLAG_ACK && this.ackPending) {
        this.ackPending = false; // the acknowledgement of EMPTY_SETTINGS: the HTTP/2 server never sent it
        continue;
      }
      this.kept.push(frame);
      if (!EARLY_FRAMES.has(type)) return false;
      if (this.authority === undefined) this.onHeaderFrame(frame, type, flags);
    }
    return true;
  }

  private onHeaderFrame(frame: Buffer, type: number, flags: number): void {
    const streamId = frame.readUInt32BE(5) & 0x7fffffff;
    if (type === TYPE_HEADERS) this.block = startBlock(frame, flags, streamId);
    else if (type === TYPE_CONTINUATION && this.block) this.block.fragments.push(frame.subarray(FRAME_HEADER));
    else return;
    if ((flags & FLAG_END_HEADERS) === 0) return;
    // A decoder of its own: the filter, if it is chosen, decodes this block again from scratch.
    const decoder = hpack.decompressor.create({ table: { size: HEADER_TABLE_SIZE } });
    const headers = decodeBlock(decoder, Buffer.concat(this.block!.fragments));
    this.authority = headers.find((h) => h.name === ':authority')?.value ?? null;
    this.block = undefined;
  }

  /** Stops reading for good. */
  private settle(): void {
    this.decided = true;
    clearTimeout(this.timer);
    this.socket.off('data', this.onData);
    this.socket.off('close', this.onClose);
  }

  private handOn(path: 'native' | 'filter'): void {
    if (this.decided) return;
    this.settle();
    this.socket.pause();
    const bytes = Buffer.concat([...this.kept, this.buffered]);
    if (path === 'filter') return this.inject(new AuthorityFilter(this.socket, bytes, this.ackPending));
    this.socket.unshift(bytes);
    this.inject(this.socket);
  }
}

/** The rewriting path: every byte of the connection through JavaScript (see the module comment). */
class AuthorityFilter extends Duplex {
  private mode: Mode = 'undecided';
  private buffered: Buffer = Buffer.alloc(0);
  private prefaceSeen = false;
  private block: PendingBlock | undefined;
  private readonly decoder = hpack.decompressor.create({ table: { size: HEADER_TABLE_SIZE } });

  /**
   * `initial`: the connection's bytes read so far, from its preface on. `ackPending`: the
   * client's acknowledgement of the store's own SETTINGS is still to come, and is dropped.
   */
  constructor(
    private readonly socket: Socket,
    initial: Buffer,
    private ackPending: boolean,
  ) {
    super({ allowHalfOpen: false });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.push(null));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
    if (initial.length) this.onData(initial);
  }

  override _read(): void {
    this.socket.resume();
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    this.socket.write(chunk, cb);
  }

  /** HTTP/2 hands over many frames at once (corked): write them to the socket as one buffer, one syscall. */
  override _writev(chunks: Array<{ chunk: Buffer }>, cb: (err?: Error | null) => void): void {
    this.socket.write(chunks.length === 1 ? chunks[0]!.chunk : Buffer.concat(chunks.map((c) => c.chunk)), cb);
  }

  override _final(cb: (err?: Error | null) => void): void {
    this.socket.end(cb);
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    this.socket.destroy(err ?? undefined);
    cb(err);
  }

  /** Whether bytes may go on unparsed: a valid first authority, and no acknowledgement left to drop. */
  private get raw(): boolean {
    return this.mode === 'passthrough' && !this.ackPending;
  }

  private onData(chunk: Buffer): void {
    if (this.raw) return this.forward(chunk);
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const out: Buffer[] = [];
    try {
      this.parse(out);
    } catch {
      // A malformed stream: hand it on as it is and let the HTTP/2 server reject it.
      this.mode = 'passthrough';
      this.ackPending = false;
      out.push(this.buffered);
      this.buffered = Buffer.alloc(0);
    }
    if (this.raw && this.buffered.length) {
      out.push(this.buffered);
      this.buffered = Buffer.alloc(0);
    }
    if (out.length) this.forward(Buffer.concat(out));
  }

  private forward(chunk: Buffer): void {
    if (!this.push(chunk)) this.socket.pause();
  }

  private parse(out: Buffer[]): void {
    if (!this.prefaceSeen) {
      if (this.buffered.length < PREFACE_LENGTH) return;
      out.push(this.buffered.subarray(0, PREFACE_LENGTH));
      this.buffered = this.buffered.subarray(PREFACE_LENGTH);
      this.prefaceSeen = true;
    }
    while (!this.raw && this.buffered.length >= FRAME_HEADER) {
      const length = this.buffered.readUIntBE(0, 3);
      if (this.buffered.length < FRAME_HEADER + length) return;
      const frame = this.buffered.subarray(0, FRAME_HEADER + length);
      this.buffered = this.buffered.subarray(FRAME_HEADER + length);
      this.onFrame(frame, out);
    }
  }

  private onFrame(frame: Buffer, out: Buffer[]): void {
    const type = frame[3]!;
    const flags = frame[4]!;
    if (type === TYPE_SETTINGS && flags & FLAG_ACK && this.ackPending) {
      this.ackPending = false;
      return;
    }
    if (this.mode === 'passthrough') return void out.push(frame);
    const streamId = frame.readUInt32BE(5) & 0x7fffffff;
    if (type === TYPE_HEADERS) this.block = startBlock(frame, flags, streamId);
    else if (type === TYPE_CONTINUATION && this.block) {
      this.block.fragments.push(frame.subarray(FRAME_HEADER));
      this.block.raw.push(frame);
    } else return void out.push(frame);
    if ((flags & FLAG_END_HEADERS) === 0) return;
    const block = this.block!;
    this.block = undefined;
    this.onBlock(block, out);
  }

  private onBlock(block: PendingBlock, out: Buffer[]): void {
    const headers = decodeBlock(this.decoder, Buffer.concat(block.fragments));
    const authority = headers.find((h) => h.name === ':authority');
    if (this.mode === 'undecided') this.mode = authority && hasScheme(authority.value) ? 'rewrite' : 'passthrough';
    if (this.mode === 'passthrough') return void out.push(...block.raw);
    out.push(encodeHeadersFrame(block, headers.map(fixAuthority)));
  }
}

type Decoder = ReturnType<typeof hpack.decompressor.create>;

/** The headers of one whole header block; throws on a malformed one. */
function decodeBlock(decoder: Decoder, fragment: Buffer): Header[] {
  decoder.write(fragment);
  let error: Error | null = null;
  decoder.execute((err) => (error = err));
  const headers: Header[] = [];
  for (let h = decoder.read(); h; h = decoder.read()) headers.push({ name: h.name, value: h.value });
  if (error) throw error;
  return headers;
}

function startBlock(frame: Buffer, flags: number, streamId: number): PendingBlock {
  let offset = FRAME_HEADER;
  let end = frame.length;
  if (flags & FLAG_PADDED) {
    end -= frame[offset]!;
    offset += 1;
  }
  let priority: Buffer | undefined;
  if (flags & FLAG_PRIORITY) {
    priority = frame.subarray(offset, offset + 5);
    offset += 5;
  }
  return { streamId, flags, priority, fragments: [frame.subarray(offset, end)], raw: [frame] };
}

function hasScheme(authority: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(authority);
}

function fixAuthority(h: { name: string; value: string }): { name: string; value: string } {
  if (h.name !== ':authority') return h;
  return { name: h.name, value: h.value.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '').replace(/\/.*$/, '') };
}

/** One HEADERS frame (END_HEADERS set, no padding) carrying `headers` as literals without indexing. */
function encodeHeadersFrame(block: PendingBlock, headers: { name: string; value: string }[]): Buffer {
  const parts: Buffer[] = [];
  for (const h of headers) parts.push(Buffer.of(0), encodeString(h.name), encodeString(h.value));
  const payload = Buffer.concat([block.priority ?? Buffer.alloc(0), ...parts]);
  const head = Buffer.alloc(FRAME_HEADER);
  head.writeUIntBE(payload.length, 0, 3);
  head[3] = TYPE_HEADERS;
  head[4] = (block.flags & (FLAG_END_STREAM | FLAG_PRIORITY)) | FLAG_END_HEADERS;
  head.writeUInt32BE(block.streamId, 5);
  return Buffer.concat([head, payload]);
}

/** An HPACK string literal, not Huffman-coded: 7-bit-prefix length, then the bytes. */
function encodeString(s: string): Buffer {
  const bytes = Buffer.from(s, 'latin1');
  return Buffer.concat([encodeInt(bytes.length, 7), bytes]);
}

function encodeInt(n: number, prefixBits: number): Buffer {
  const max = (1 << prefixBits) - 1;
  if (n < max) return Buffer.of(n);
  const out = [max];
  let rest = n - max;
  while (rest >= 128) {
    out.push((rest % 128) + 128);
    rest = Math.floor(rest / 128);
  }
  out.push(rest);
  return Buffer.from(out);
}
