import { type ClientHttp2Session, connect, createServer as createH2Server, type Http2Server } from 'node:http2';
import { type AddressInfo, createServer, type Server, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { acceptHttp2 } from './h2-authority.js';

/** A TCP listener whose connections go through acceptHttp2 into a plain HTTP/2 server echoing :authority. */
async function start(timeoutMs?: number): Promise<{
  url: string;
  paths: Array<'native' | 'filter'>;
  close(): Promise<void>;
}> {
  const h2: Http2Server = createH2Server();
  h2.on('stream', (stream, headers) => {
    stream.respond({ ':status': 200 });
    stream.end(String(headers[':authority']));
  });
  const paths: Array<'native' | 'filter'> = [];
  const sockets = new Set<Socket>();
  const tcp: Server = createServer((socket) => {
    sockets.add(socket);
    acceptHttp2(
      socket,
      (connection: Duplex) => {
        paths.push(connection === socket ? 'native' : 'filter');
        h2.emit('connection', connection);
      },
      timeoutMs,
    );
  });
  await new Promise<void>((resolve) => tcp.listen(0, '127.0.0.1', resolve));
  const { port } = tcp.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    paths,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => tcp.close(resolve));
      h2.close();
    },
  };
}

/** GET / on the session, with extra headers; resolves the body (the :authority the server saw). */
function get(session: ClientHttp2Session, headers: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = session.request({ ':path': '/', ...headers });
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d: string) => (body += d));
    req.on('end', () => resolve(body));
    req.on('error', reject);
  });
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function client(timeoutMs?: number) {
  const server = await start(timeoutMs);
  const session = connect(server.url);
  cleanups.push(server.close, () => void session.destroy());
  return { server, session };
}

describe('acceptHttp2', () => {
  it('hands a connection with a valid authority to the server on its own socket, the bytes read put back', async () => {
    const { server, session } = await client();
    const authority = server.url.slice('http://'.length);
    const answers = await Promise.all([get(session), get(session), get(session)]);
    expect(answers).toEqual([authority, authority, authority]);
    expect(await get(session)).toBe(authority);
    expect(server.paths).toEqual(['native']);
  });

  it("rewrites etcdctl's authority with a scheme through the filter, for every request of the connection", async () => {
    const { server, session } = await client();
    const authority = server.url.slice('http://'.length);
    expect(await get(session, { ':authority': server.url })).toBe(authority);
    expect(await get(session, { ':authority': server.url })).toBe(authority);
    expect(await get(session)).toBe(authority);
    expect(server.paths).toEqual(['filter']);
  });

  it('sends a server preface at once, so a client that waits for it before any request gets one', async () => {
    const { server, session } = await client();
    await new Promise<void>((resolve) => session.once('remoteSettings', () => resolve()));
    expect(server.paths).toEqual([]);
    expect(await get(session)).toBe(server.url.slice('http://'.length));
    expect(server.paths).toEqual(['native']);
  });

  it('takes a connection that pings before its first request through the filter, the ping answered', async () => {
    const { server, session } = await client();
    await new Promise<void>((resolve) => session.once('remoteSettings', () => resolve()));
    const rtt = await new Promise<number>((resolve, reject) =>
      session.ping((err, ms) => (err ? reject(err) : resolve(ms))),
    );
    expect(rtt).toBeGreaterThanOrEqual(0);
    expect(await get(session)).toBe(server.url.slice('http://'.length));
    expect(server.paths).toEqual(['filter']);
  });

  it('takes a connection with no request within the timeout through the filter, which still serves it', async () => {
    const { server, session } = await client(20);
    await new Promise<void>((resolve) => session.once('remoteSettings', () => resolve()));
    const deadline = Date.now() + 5_000;
    while (server.paths.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    expect(server.paths).toEqual(['filter']);
    expect(await get(session)).toBe(server.url.slice('http://'.length));
  });

  it('hands nothing on for a connection that closes before its first request', async () => {
    const server = await start(20);
    cleanups.push(server.close);
    const raw = new Socket();
    await new Promise<void>((resolve) => raw.connect(Number(new URL(server.url).port), '127.0.0.1', resolve));
    raw.resume();
    raw.end(Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n'));
    await new Promise((resolve) => raw.once('close', resolve));
    await new Promise((r) => setTimeout(r, 60)); // past the 20 ms timeout, which must not fire either
    expect(server.paths).toEqual([]);
  });
});
