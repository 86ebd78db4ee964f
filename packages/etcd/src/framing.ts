/**
 * gRPC over HTTP/2 as the client sees it: length-prefixed messages, the call's status in
 * `grpc-status`/`grpc-message` (trailers, or headers of a trailers-only reply), and
 * failures shaped as grpc-js reports them (`code`, `details`) so toEtcdError treats
 * every path alike.
 */
import { constants, type IncomingHttpHeaders } from 'node:http2';
import { status as GrpcStatus } from '@grpc/grpc-js';

/** A failed call, shaped as grpc-js's ServiceError (`code`, `details`). */
export class GrpcCallError extends Error {
  constructor(
    readonly code: number,
    readonly details: string,
  ) {
    super(`${code} ${GrpcStatus[code] ?? 'UNKNOWN'}: ${details}`);
    this.name = 'GrpcCallError';
  }
}

/** The 5-byte prefix (uncompressed flag, big-endian length) and the message. */
export function frame(message: Uint8Array): Buffer {
  const out = Buffer.allocUnsafe(5 + message.length);
  out[0] = 0;
  out.writeUInt32BE(message.length, 1);
  out.set(message, 5);
  return out;
}

/**
 * The status a call ended with: undefined for OK, else the error. A reply without any
 * grpc-status is an HTTP-level failure (grpc-js's wording and codes).
 */
export function callStatus(headers: IncomingHttpHeaders, trailers: IncomingHttpHeaders): GrpcCallError | undefined {
  const status = trailers['grpc-status'] ?? headers['grpc-status'];
  if (status === undefined) {
    const httpStatus = Number(headers[constants.HTTP2_HEADER_STATUS] ?? 0);
    return httpStatus === 200
      ? new GrpcCallError(GrpcStatus.INTERNAL, 'Received RST_STREAM or no grpc-status')
      : new GrpcCallError(GrpcStatus.UNAVAILABLE, `Received HTTP status code ${httpStatus}`);
  }
  const code = Number(status);
  if (code === GrpcStatus.OK) return undefined;
  return new GrpcCallError(code, decodeURIComponent(String(trailers['grpc-message'] ?? headers['grpc-message'] ?? '')));
}

/**
 * Splits a byte stream into gRPC messages. `push` returns the messages completed by the
 * chunk; throws GrpcCallError(INTERNAL) on a compressed message (we never negotiate one).
 */
export class MessageDecoder {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  push(chunk: Buffer): Buffer[] {
    this.pending.push(chunk);
    this.pendingBytes += chunk.length;
    const out: Buffer[] = [];
    while (this.pendingBytes >= 5) {
      const head = this.peek(5);
      if (head[0] !== 0) throw new GrpcCallError(GrpcStatus.INTERNAL, 'compressed reply messages are not supported');
      const length = head.readUInt32BE(1);
      if (this.pendingBytes < 5 + length) break;
      out.push(this.take(5 + length).subarray(5));
    }
    return out;
  }

  /** True when a message has started but not finished. */
  get partial(): boolean {
    return this.pendingBytes > 0;
  }

  private peek(n: number): Buffer {
    if (this.pending[0]!.length < n) this.pending = [Buffer.concat(this.pending)];
    return this.pending[0]!;
  }

  private take(n: number): Buffer {
    const all = this.peek(n);
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.pending[0] = rest;
    if (rest.length === 0) this.pending.shift();
    this.pendingBytes -= n;
    return out;
  }
}
