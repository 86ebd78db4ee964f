import { createServer, type Http2Server, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { GrpcCallError, UnaryTransport } from './unary-transport.js';

let server: Http2Server | undefined;
let transport: UnaryTransport | undefined;

afterEach(async () => {
  transport?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A bare HTTP/2 server whose streams `onStream` answers; returns its URL. */
async function serve(onStream: (s: ServerHttp2Stream, body: Buffer) => void): Promise<string> {
  server = createServer();
  server.on('stream', (s) => {
    const chunks: Buffer[] = [];
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => onStream(s, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function reply(s: ServerHttp2Stream, message: Buffer, trailers: Record<string, string> = { 'grpc-status': '0' }): void {
  s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  s.on('wantTrailers', () => s.sendTrailers(trailers));
  const framed = Buffer.alloc(5 + message.length);
  framed.writeUInt32BE(message.length, 1);
  message.copy(framed, 5);
  s.end(framed);
}

async function failure(p: Promise<unknown>): Promise<GrpcCallError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GrpcCallError);
  return err as GrpcCallError;
}

describe('UnaryTransport', () => {
  it('frames the request, sends the path and a grpc-timeout, and returns the reply message', async () => {
    const bodies: Buffer[] = [];
    const url = await serve((s, body) => {
      bodies.push(body);
      reply(s, Buffer.from('pong'));
    });
    const headers: Array<Record<string, unknown>> = [];
    server!.prependListener('stream', (_s, h) => headers.push(h));
    transport = new UnaryTransport(url);
    const out = await transport.call('/etcdserverpb.KV/Range', Buffer.from('ping'), 5000);
    expect(out.toString()).toBe('pong');
    expect(headers[0]).toMatchObject({
      ':path': '/etcdserverpb.KV/Range',
      'grpc-timeout': '5000m',
      'content-type': 'application/grpc',
      te: 'trailers',
    });
    expect([...bodies[0]!]).toEqual([0, 0, 0, 0, 4, ...Buffer.from('ping')]);
  });

  it('reports a non-zero grpc-status with its decoded message, in trailers or in a trailers-only reply', async () => {
    let trailersOnly = false;
    const url = await serve((s) => {
      if (trailersOnly)
        s.respond(
          {
            ':status': 200,
            'content-type': 'application/grpc',
            'grpc-status': '9',
            'grpc-message': 'etcdserver%3A mvcc%3A database space exceeded',
          },
          { endStream: true },
        );
      else reply(s, Buffer.alloc(0), { 'grpc-status': '3', 'grpc-message': 'etcdserver: key is not provided' });
    });
    transport = new UnaryTransport(url);
    expect(await failure(transport.call('/x', Buffer.alloc(0), 5000))).toMatchObject({
      code: 3,
      details: 'etcdserver: key is not provided',
    });
    trailersOnly = true;
    expect(await failure(transport.call('/x', Buffer.alloc(0), 5000))).toMatchObject({
      code: 9,
      details: 'etcdserver: mvcc: database space exceeded',
    });
  });

  it('fails a call that outlives its timeout with DEADLINE_EXCEEDED, and goes on working', async () => {
    let answer = false;
    const url = await serve((s) => (answer ? reply(s, Buffer.from('late')) : undefined));
    transport = new UnaryTransport(url);
    expect(await failure(transport.call('/x', Buffer.alloc(0), 100))).toMatchObject({ code: 4 });
    answer = true;
    expect((await transport.call('/x', Buffer.alloc(0), 5000)).toString()).toBe('late');
  });

  it('fails calls in flight with UNAVAILABLE when the connection drops, then reconnects', async () => {
    let drop = true;
    const url = await serve((s) => (drop ? s.session?.destroy() : reply(s, Buffer.from('back'))));
    transport = new UnaryTransport(url);
    expect(await failure(transport.call('/x', Buffer.alloc(0), 5000))).toMatchObject({ code: 14 });
    drop = false;
    expect((await transport.call('/x', Buffer.alloc(0), 5000)).toString()).toBe('back');
  });

  it('fails with UNAVAILABLE when nothing listens, and with CANCELLED once closed', async () => {
    await serve(() => undefined);
    const port = (server!.address() as AddressInfo).port;
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    transport = new UnaryTransport(`http://127.0.0.1:${port}`);
    expect(await failure(transport.call('/x', Buffer.alloc(0), 2000))).toMatchObject({ code: 14 });
    const url2 = await serve(() => undefined);
    transport = new UnaryTransport(url2);
    const pending = transport.call('/x', Buffer.alloc(0), 5000);
    await transport.ready(2000);
    await new Promise((r) => setTimeout(r, 50));
    transport.close();
    expect((await failure(pending)).code).toBe(1);
  });
});
