/**
 * etcdctl 3.4 dials some per-endpoint calls (defrag, endpoint status, endpoint hashkv)
 * with `:authority: http://127.0.0.1:2379`, scheme included. That is not a valid HTTP/2
 * authority, and Node's HTTP/2 (nghttp2) resets such streams with PROTOCOL_ERROR, where
 * the real etcd (Go) accepts them. So every client connection passes through this
 * frame-level filter before it reaches the gRPC server:
 *
 * - It decodes the first request's header block. If its `:authority` is valid (every
 *   client but those etcdctl calls), the connection becomes a plain pass-through.
 * - Otherwise it rewrites every header block of the connection: the scheme is stripped
 *   from `:authority` and the block is re-encoded as literals without indexing, so the
 *   server's HPACK table stays empty and can never disagree with the client's.
 */
import { Duplex } from 'node:stream';
import type { Socket } from 'node:net';
import hpack from 'hpack.js';

const PREFACE_LENGTH = 24;
const FRAME_HEADER = 9;
const TYPE_HEADERS = 0x1;
const TYPE_CONTINUATION = 0x9;
const FLAG_END_STREAM = 0x1;
const FLAG_END_HEADERS = 0x4;
const FLAG_PADDED = 0x8;
const FLAG_PRIORITY = 0x20;
/** Node's default SETTINGS_HEADER_TABLE_SIZE: the most the client's encoder may use. */
const HEADER_TABLE_SIZE = 4096;

type Mode = 'undecided' | 'passthrough' | 'rewrite';

/** A header block being collected across HEADERS + CONTINUATION frames. */
interface PendingBlock {
  streamId: number;
  flags: number;
  priority: Buffer | undefined;
  fragments: Buffer[];
  raw: Buffer[];
}

/** Wraps a client socket in the authority filter; hand the result to the gRPC server. */
export function filterAuthority(socket: Socket): Duplex {
  return new AuthorityFilter(socket);
}

class AuthorityFilter extends Duplex {
  private mode: Mode = 'undecided';
  private buffered: Buffer = Buffer.alloc(0);
  private prefaceSeen = false;
  private block: PendingBlock | undefined;
  private readonly decoder = hpack.decompressor.create({ table: { size: HEADER_TABLE_SIZE } });

  constructor(private readonly socket: Socket) {
    super({ allowHalfOpen: false });
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.push(null));
    socket.on('error', (err) => this.destroy(err));
    socket.on('close', () => this.destroy());
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

  private onData(chunk: Buffer): void {
    if (this.mode === 'passthrough') return this.forward(chunk);
    this.buffered = this.buffered.length ? Buffer.concat([this.buffered, chunk]) : chunk;
    const out: Buffer[] = [];
    try {
      this.parse(out);
    } catch {
      // A malformed stream: hand it on as it is and let the HTTP/2 server reject it.
      this.mode = 'passthrough';
      out.push(this.buffered);
      this.buffered = Buffer.alloc(0);
    }
    if (this.mode === 'passthrough' && this.buffered.length) {
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
    while (this.mode !== 'passthrough' && this.buffered.length >= FRAME_HEADER) {
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
    const headers = this.decode(Buffer.concat(block.fragments));
    const authority = headers.find((h) => h.name === ':authority');
    if (this.mode === 'undecided') this.mode = authority && hasScheme(authority.value) ? 'rewrite' : 'passthrough';
    if (this.mode === 'passthrough') return void out.push(...block.raw);
    out.push(encodeHeadersFrame(block, headers.map(fixAuthority)));
  }

  private decode(fragment: Buffer): { name: string; value: string }[] {
    this.decoder.write(fragment);
    let error: Error | null = null;
    this.decoder.execute((err) => (error = err));
    const headers: { name: string; value: string }[] = [];
    for (let h = this.decoder.read(); h; h = this.decoder.read()) headers.push({ name: h.name, value: h.value });
    if (error) throw error;
    return headers;
  }
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
