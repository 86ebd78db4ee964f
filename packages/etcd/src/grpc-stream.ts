import { Duplex } from 'node:stream';
import { constants, type ClientHttp2Stream, type IncomingHttpHeaders } from 'node:http2';
import { status as GrpcStatus } from '@grpc/grpc-js';
import { callStatus, frame, GrpcCallError, MessageDecoder } from './framing.js';

/** How the messages of one method are encoded and decoded (proto-loader's coding). */
export interface StreamCodec {
  encode(message: unknown): Buffer;
  decode(bytes: Buffer): unknown;
}

/** What a stream tells the session it runs on. */
export interface StreamHooks {
  /** A reply message arrived (the connection demonstrably works). */
  message(): void;
  /** The server reset the stream with `code`: the error to fail it with (the session may drop itself). */
  reset(code: number): GrpcCallError;
}

/**
 * One streaming gRPC call (watch, lease keep-alive, snapshot) over one HTTP/2 stream,
 * as an object-mode Duplex: write request objects, read reply objects. It ends ('end')
 * when the server finishes with status OK and fails ('error', a GrpcCallError) on any
 * other status, a reset, or a dropped connection. Back-pressure from the reader pauses
 * the HTTP/2 stream, so the server's flow control holds further replies.
 */
export class GrpcStream extends Duplex {
  private headers: IncomingHttpHeaders = {};
  private trailers: IncomingHttpHeaders = {};
  private readonly decoder = new MessageDecoder();
  private settled = false;

  constructor(
    private readonly h2: ClientHttp2Stream,
    private readonly codec: StreamCodec,
    private readonly hooks: StreamHooks,
  ) {
    super({ objectMode: true, allowHalfOpen: false });
    // Failures reach consumers through their own listeners or iterators; an unobserved one must not crash the process.
    this.on('error', () => undefined);
    h2.on('response', (h) => (this.headers = h));
    h2.on('trailers', (t) => (this.trailers = t));
    h2.on('data', (chunk: Buffer) => this.onData(chunk));
    h2.on('end', () => this.finish(callStatus(this.headers, this.trailers)));
    h2.on('error', () => undefined); // reported by 'close' with its reset code
    h2.on('close', () => {
      if (this.settled) return;
      const rst = h2.rstCode ?? constants.NGHTTP2_NO_ERROR;
      this.fail(
        rst === constants.NGHTTP2_NO_ERROR
          ? new GrpcCallError(GrpcStatus.UNAVAILABLE, 'Connection dropped')
          : this.hooks.reset(rst),
      );
    });
  }

  /** Ends the call from our side; it fails with CANCELLED. */
  cancel(): void {
    this.fail(new GrpcCallError(GrpcStatus.CANCELLED, 'Cancelled on client'));
  }

  /** Fails the call with `err` (first failure wins) and resets the HTTP/2 stream. */
  fail(err: GrpcCallError): void {
    if (this.settled) return;
    this.settled = true;
    this.destroy(err);
  }

  override _read(): void {
    this.h2.resume();
  }

  override _write(message: unknown, _enc: BufferEncoding, cb: (err?: Error | null) => void): void {
    let bytes: Buffer;
    try {
      bytes = frame(this.codec.encode(message));
    } catch (err) {
      return cb(err as Error);
    }
    if (this.h2.closed || this.h2.destroyed) return cb();
    this.h2.write(bytes, () => cb());
  }

  override _final(cb: (err?: Error | null) => void): void {
    if (!this.h2.closed && !this.h2.destroyed) this.h2.end();
    cb();
  }

  override _destroy(err: Error | null, cb: (err?: Error | null) => void): void {
    if (!this.h2.closed && !this.h2.destroyed) this.h2.close(constants.NGHTTP2_CANCEL);
    cb(err);
  }

  private onData(chunk: Buffer): void {
    let messages: Buffer[];
    try {
      messages = this.decoder.push(chunk);
    } catch (err) {
      return this.fail(err as GrpcCallError);
    }
    for (const m of messages) {
      let value: unknown;
      try {
        value = this.codec.decode(m);
      } catch (err) {
        return this.fail(new GrpcCallError(GrpcStatus.INTERNAL, `cannot decode a reply: ${(err as Error).message}`));
      }
      this.hooks.message();
      if (!this.push(value)) this.h2.pause();
    }
  }

  private finish(err: GrpcCallError | undefined): void {
    if (this.settled) return;
    if (!err && this.decoder.partial) err = new GrpcCallError(GrpcStatus.INTERNAL, 'reply ended inside a message');
    if (err) return this.fail(err);
    this.settled = true;
    this.push(null);
  }
}
