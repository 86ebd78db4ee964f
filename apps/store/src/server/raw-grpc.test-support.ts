/**
 * Test support: gRPC calls made of hand-built HTTP/2 requests, so tests can send what no
 * well-behaved client would (any flag byte, torn frames, any grpc-encoding, bytes that are
 * not a valid message) and see exactly what the server answers.
 */
import { connect, type ClientHttp2Session, type OutgoingHttpHeaders } from 'node:http2';

/** What a raw call got back. */
export interface RawAnswer {
  /** grpc-status (trailers, or headers of a trailers-only reply); undefined if the stream was reset. */
  code: number | undefined;
  /** grpc-message, percent-decoded. */
  message: string;
  /** The reply messages' bytes (without their 5-byte prefixes). */
  replies: Buffer[];
  /** RST_STREAM code (0 when none). */
  rstCode: number;
}

/** One gRPC message frame with any flag byte; `length` defaults to the payload's. */
export function grpcFrame(payload: Buffer, flag = 0, length = payload.length): Buffer {
  const out = Buffer.alloc(5 + payload.length);
  out[0] = flag;
  out.writeUInt32BE(length, 1);
  payload.copy(out, 5);
  return out;
}

/** A connection for raw calls; close it when done. */
export class RawGrpc {
  private readonly session: ClientHttp2Session;

  constructor(endpoint: string) {
    // Room for large test bodies: past the client's session memory Node resets its own streams.
    this.session = connect(endpoint, { maxSessionMemory: 1024 });
    this.session.on('error', () => undefined);
  }

  /**
   * Calls `path` (`/etcdserverpb.KV/Put`), writing each of `chunks` as it is (pausing
   * `gapMs` between them) and then ending the request unless `keepOpen`.
   */
  call(
    path: string,
    chunks: Buffer[],
    opts: { headers?: OutgoingHttpHeaders; keepOpen?: boolean; gapMs?: number } = {},
  ): Promise<RawAnswer> {
    return new Promise((resolve) => {
      const st = this.session.request({
        ':method': 'POST',
        ':path': path,
        'content-type': 'application/grpc',
        te: 'trailers',
        ...opts.headers,
      });
      let headers: Record<string, unknown> = {};
      let trailers: Record<string, unknown> = {};
      const data: Buffer[] = [];
      st.on('response', (h) => (headers = h));
      st.on('trailers', (t) => (trailers = t));
      st.on('data', (c: Buffer) => data.push(c));
      st.on('error', () => undefined);
      // The server has finished: stop our side too (it may have answered before the request ended).
      st.on('end', () => {
        if (!st.closed) st.close();
      });
      st.on('close', () => {
        const status = trailers['grpc-status'] ?? headers['grpc-status'];
        resolve({
          code: status === undefined ? undefined : Number(status),
          message: decodeURIComponent(String(trailers['grpc-message'] ?? headers['grpc-message'] ?? '')),
          replies: splitFrames(Buffer.concat(data)),
          rstCode: st.rstCode ?? 0,
        });
      });
      void (async () => {
        for (const c of chunks) {
          if (st.closed) return;
          st.write(c);
          if (opts.gapMs) await new Promise((r) => setTimeout(r, opts.gapMs));
        }
        if (!opts.keepOpen && !st.closed) st.end();
      })();
    });
  }

  close(): void {
    this.session.close();
  }
}

function splitFrames(body: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i + 5 <= body.length;) {
    const n = body.readUInt32BE(i + 1);
    out.push(body.subarray(i + 5, i + 5 + n));
    i += 5 + n;
  }
  return out;
}
