import { constants, createServer, type Http2Server, type ServerHttp2Stream } from 'node:http2';
import { connect as netConnect, createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FakeClock } from '@wheelhouse/testing';
import { realClock, type Clock } from './clock.js';
import { GrpcCallError } from './framing.js';
import { Session } from './session.js';

let server: Http2Server | undefined;
const sessions: Session[] = [];

afterEach(async () => {
  for (const s of sessions.splice(0)) s.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
  server = undefined;
});

/** A bare HTTP/2 server whose streams `onStream` answers once the request is complete; returns its URL. */
async function serve(onStream: (s: ServerHttp2Stream, body: Buffer) => void): Promise<string> {
  server = createServer();
  server.on('stream', (s) => {
    const chunks: Buffer[] = [];
    s.on('error', () => undefined);
    s.on('data', (c: Buffer) => chunks.push(c));
    s.on('end', () => onStream(s, Buffer.concat(chunks)));
  });
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function framed(message: Buffer): Buffer {
  const out = Buffer.alloc(5 + message.length);
  out.writeUInt32BE(message.length, 1);
  message.copy(out, 5);
  return out;
}

function reply(s: ServerHttp2Stream, message: Buffer, trailers: Record<string, string> = { 'grpc-status': '0' }): void {
  s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
  s.on('wantTrailers', () => s.sendTrailers(trailers));
  s.end(framed(message));
}

/** Opens a session to `url`; `lost` collects why it was lost. */
async function open(url: string, clock: Clock = realClock): Promise<{ session: Session; lost: GrpcCallError[] }> {
  const lost: GrpcCallError[] = [];
  const session = await Session.open({
    url,
    clock,
    connectTimeoutMs: 2000,
    keepaliveTimeMs: 30_000,
    keepaliveTimeoutMs: 10_000,
    onLost: (_s, err) => lost.push(err),
  });
  sessions.push(session);
  return { session, lost };
}

async function failure(p: Promise<unknown>): Promise<GrpcCallError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GrpcCallError);
  return err as GrpcCallError;
}

const echo = { encode: (m: unknown) => Buffer.from(String(m)), decode: (b: Buffer) => b.toString() };

describe('Session unary calls', () => {
  it('frames the request, sends the path and a grpc-timeout, and returns the reply message', async () => {
    const bodies: Buffer[] = [];
    const url = await serve((s, body) => {
      bodies.push(body);
      reply(s, Buffer.from('pong'));
    });
    const headers: Array<Record<string, unknown>> = [];
    server!.prependListener('stream', (_s, h) => headers.push(h));
    const { session } = await open(url);
    const out = await session.unary('/etcdserverpb.KV/Range', Buffer.from('ping'), 5000);
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
    const { session, lost } = await open(url);
    expect(await failure(session.unary('/x', Buffer.alloc(0), 5000))).toMatchObject({
      code: 3,
      details: 'etcdserver: key is not provided',
    });
    trailersOnly = true;
    expect(await failure(session.unary('/x', Buffer.alloc(0), 5000))).toMatchObject({
      code: 9,
      details: 'etcdserver: mvcc: database space exceeded',
    });
    expect([lost, session.usable, session.proven]).toEqual([[], true, true]);
  });

  it('fails with INTERNAL on a reply cut inside its message, though its status is OK', async () => {
    const url = await serve((s) => {
      s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0' }));
      s.end(framed(Buffer.from('a whole reply')).subarray(0, 9));
    });
    const { session } = await open(url);
    expect(await failure(session.unary('/x', Buffer.alloc(0), 5000))).toMatchObject({
      code: 13,
      details: 'reply ended inside a message',
    });
  });

  it('fails a call that outlives its timeout with DEADLINE_EXCEEDED, and goes on working', async () => {
    let answer = false;
    const url = await serve((s) => (answer ? reply(s, Buffer.from('late')) : undefined));
    const { session } = await open(url);
    expect(await failure(session.unary('/x', Buffer.alloc(0), 100))).toMatchObject({ code: 4 });
    answer = true;
    expect((await session.unary('/x', Buffer.alloc(0), 5000)).toString()).toBe('late');
  });

  it('fails calls in flight with UNAVAILABLE when the connection drops, and reports itself lost', async () => {
    const url = await serve((s) => s.session?.destroy());
    const { session, lost } = await open(url);
    expect(await failure(session.unary('/x', Buffer.alloc(0), 5000))).toMatchObject({ code: 14 });
    expect(lost.map((e) => e.code)).toEqual([14]);
    expect(session.usable).toBe(false);
    expect(await failure(session.unary('/x', Buffer.alloc(0), 5000))).toMatchObject({ code: 14 });
  });

  it('fails with UNAVAILABLE when nothing listens, and with CANCELLED once closed', async () => {
    await serve(() => undefined);
    const port = (server!.address() as AddressInfo).port;
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    expect(await failure(open(`http://127.0.0.1:${port}`))).toMatchObject({ code: 14 });
    const url2 = await serve(() => undefined);
    const { session, lost } = await open(url2);
    const pending = session.unary('/x', Buffer.alloc(0), 5000);
    await new Promise((r) => setTimeout(r, 50));
    session.close();
    expect((await failure(pending)).code).toBe(1);
    expect(lost).toEqual([]);
  });

  it('after a reset with ENHANCE_YOUR_CALM fails that call and every other in flight as UNAVAILABLE, and is lost', async () => {
    const held: ServerHttp2Stream[] = [];
    const url = await serve((s, body) => {
      if (body.subarray(5).toString() === 'calm') s.close(constants.NGHTTP2_ENHANCE_YOUR_CALM);
      else held.push(s);
    });
    const { session, lost } = await open(url);
    const waiting = session.unary('/x', Buffer.from('wait'), 5000);
    const stream = session.stream('/s', {}, echo);
    const streamFailed = new Promise<unknown>((resolve) => stream.once('error', resolve));
    while (held.length === 0) await new Promise((r) => setTimeout(r, 5));
    expect(await failure(session.unary('/x', Buffer.from('calm'), 5000))).toMatchObject({ code: 14 });
    expect(await failure(waiting)).toMatchObject({ code: 14 });
    expect(await streamFailed).toMatchObject({ code: 14 });
    expect(lost).toHaveLength(1);
    expect(lost[0]!.details).toMatch(/ENHANCE_YOUR_CALM/);
    expect(session.usable).toBe(false);
  });

  it('on a graceful GOAWAY lets the call in flight finish but takes no new ones; on an error GOAWAY fails it', async () => {
    for (const code of [constants.NGHTTP2_NO_ERROR, constants.NGHTTP2_INTERNAL_ERROR]) {
      const held: ServerHttp2Stream[] = [];
      const url = await serve((s) => held.push(s));
      const { session, lost } = await open(url);
      const pending = session.unary('/x', Buffer.alloc(0), 5000);
      const outcome = pending.then(
        (b) => b.toString(),
        (e: unknown) => e,
      );
      while (held.length === 0) await new Promise((r) => setTimeout(r, 5));
      held[0]!.session!.goaway(code);
      while (lost.length === 0) await new Promise((r) => setTimeout(r, 5));
      expect(session.usable).toBe(false);
      if (code === constants.NGHTTP2_NO_ERROR) {
        reply(held[0]!, Buffer.from('done'));
        expect(await outcome).toBe('done');
      } else expect(await outcome).toMatchObject({ code: 14 });
      await new Promise<void>((r) => server!.close(() => r()));
      server = undefined;
    }
  });
});

describe('Session streams', () => {
  it('sends request messages and delivers reply messages in order, then ends on status OK', async () => {
    server = createServer();
    server.on('stream', (s) => {
      s.respond({ ':status': 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
      s.on('wantTrailers', () => s.sendTrailers({ 'grpc-status': '0' }));
      s.on('data', (c: Buffer) => {
        // Echo each request twice, the second time split across writes.
        const m = c.subarray(5);
        s.write(framed(Buffer.concat([m, Buffer.from('!')])));
        const again = framed(m);
        s.write(again.subarray(0, 3));
        s.write(again.subarray(3));
      });
      s.on('end', () => s.end());
    });
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const { session } = await open(`http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const stream = session.stream('/s', {}, echo);
    const got: unknown[] = [];
    stream.on('data', (m) => got.push(m));
    stream.write('a');
    stream.write('b');
    stream.end();
    await new Promise((resolve) => stream.once('end', resolve));
    expect(got).toEqual(['a!', 'a', 'b!', 'b']);
  });

  it('fails with the status the server ends it with', async () => {
    const url = await serve((s) => reply(s, Buffer.alloc(0), { 'grpc-status': '11', 'grpc-message': 'gone' }));
    const { session } = await open(url);
    const stream = session.stream('/s', {}, echo);
    const failed = new Promise<unknown>((resolve) => stream.once('error', resolve));
    stream.on('data', () => undefined);
    stream.end('x');
    expect(await failed).toMatchObject({ code: 11, details: 'gone' });
  });
});

/** A TCP relay to `port` whose `freeze()` stops forwarding in both directions (a peer that went silent). */
async function relay(port: number): Promise<{ url: string; freeze(): void; close(): Promise<void> }> {
  let frozen = false;
  const sockets = new Set<Socket>();
  const srv = createNetServer((client) => {
    const up = netConnect(port, '127.0.0.1');
    for (const [from, to] of [
      [client, up],
      [up, client],
    ] as const) {
      sockets.add(from);
      from.on('error', () => undefined);
      from.on('data', (c) => (frozen ? undefined : to.write(c)));
      from.on('close', () => to.destroy());
    }
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(srv.address() as AddressInfo).port}`,
    freeze: () => (frozen = true),
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => srv.close(() => r()));
    },
  };
}

describe('Session keep-alive', () => {
  it('pings while calls are open and is lost when a ping goes unanswered', async () => {
    const url = await serve(() => undefined);
    const pings: number[] = [];
    server!.on('session', (s) => s.on('ping', () => pings.push(1)));
    const r = await relay(Number(new URL(url).port));
    try {
      const clock = new FakeClock();
      const { session, lost } = await open(r.url, clock);
      // Nothing open: no pings.
      await clock.advance(60_000);
      expect(pings).toEqual([]);
      const stream = session.stream('/s', {}, echo);
      const failed = new Promise<unknown>((resolve) => stream.once('error', resolve));
      // Answered pings keep it alive.
      await clock.advance(30_000);
      while (pings.length === 0) await new Promise((res) => setTimeout(res, 5));
      await new Promise((res) => setTimeout(res, 50));
      await clock.advance(10_000);
      expect(lost).toEqual([]);
      // The next ping goes out 30 s after the last ack (at 60 s); unanswered, it loses the session 10 s later.
      r.freeze();
      await clock.advance(20_000);
      await clock.advance(9_999);
      expect(lost).toEqual([]);
      await clock.advance(1);
      expect(lost.map((e) => e.details)).toEqual(['keepalive ping not answered within 10000 ms']);
      expect(await failed).toMatchObject({ code: 14 });
    } finally {
      await r.close();
    }
  });
});
