/**
 * A lean unary gRPC client over node:http2 for load generation: one HTTP/2 session, a
 * request per call, hand-encoded protobuf. The benchmark drives both the real etcd and our
 * store with it, so the client's own cost (far below grpc-js's per call) is the same for
 * both and does not hide the servers' differences on a 2-core machine.
 */
import { connect, constants, type ClientHttp2Session } from 'node:http2';

/** A unary gRPC channel to one endpoint. */
export interface UnaryChannel {
  /** Sends `message` (an encoded protobuf) to `path`; resolves to the encoded reply. Rejects on a non-zero grpc-status. */
  call(path: string, message: Buffer): Promise<Buffer>;
  close(): void;
}

/** Opens an HTTP/2 session to `endpoint` (`http://host:port`). */
export function openChannel(endpoint: string): UnaryChannel {
  const session: ClientHttp2Session = connect(endpoint);
  session.on('error', () => undefined);
  return {
    call: (path, message) => unary(session, path, message),
    close: () => session.close(),
  };
}

function unary(session: ClientHttp2Session, path: string, message: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const req = session.request({
      [constants.HTTP2_HEADER_METHOD]: 'POST',
      [constants.HTTP2_HEADER_PATH]: path,
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    const chunks: Buffer[] = [];
    let status = '';
    let statusMessage = '';
    req.on('response', (headers) => {
      if (headers['grpc-status'] !== undefined) status = String(headers['grpc-status']);
    });
    req.on('trailers', (trailers) => {
      status = String(trailers['grpc-status'] ?? status);
      statusMessage = String(trailers['grpc-message'] ?? '');
    });
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('error', reject);
    req.on('end', () => {
      if (status !== '0') return reject(new Error(`grpc-status ${status}: ${decodeURIComponent(statusMessage)}`));
      resolve(Buffer.concat(chunks).subarray(5));
    });
    const frame = Buffer.allocUnsafe(5 + message.length);
    frame[0] = 0;
    frame.writeUInt32BE(message.length, 1);
    message.copy(frame, 5);
    req.end(frame);
  });
}

/** Encodes etcdserverpb.PutRequest{key (1), value (2)}. */
export function encodePut(key: Buffer, value: Buffer): Buffer {
  return Buffer.concat([field(1, key), field(2, value)]);
}

function field(tag: number, bytes: Buffer): Buffer {
  return Buffer.concat([Buffer.of((tag << 3) | 2), varint(bytes.length), bytes]);
}

function varint(n: number): Buffer {
  const out: number[] = [];
  while (n > 127) {
    out.push((n & 127) | 128);
    n >>>= 7;
  }
  out.push(n);
  return Buffer.from(out);
}
