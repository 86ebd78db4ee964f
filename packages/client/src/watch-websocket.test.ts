import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket, { WebSocketServer } from 'ws';
import { ExpiredError } from './api-errors.js';
import { isClientError } from './errors.js';
import { BASE64_WATCH_PROTOCOL, parseWatchWebSocket } from './watch-websocket.js';

const added = { type: 'ADDED', object: { kind: 'Pod', metadata: { name: 'a', resourceVersion: '1' } } };
const bookmark = { type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: '9' } } };

let server: WebSocketServer | undefined;
afterEach(async () => {
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/**
 * Starts a WebSocket server on a free port that runs `serve` for each connection; returns a
 * client socket, not yet open: frames can arrive together with the handshake, so the parser
 * must be attached at once, as real callers do.
 */
async function connect(serve: (ws: WebSocket) => void, protocol?: string): Promise<WebSocket> {
  server = new WebSocketServer({
    port: 0,
    host: '127.0.0.1',
    handleProtocols: (ps) => (ps.has(BASE64_WATCH_PROTOCOL) ? BASE64_WATCH_PROTOCOL : false),
  });
  server.on('connection', serve);
  await new Promise((resolve) => server!.once('listening', resolve));
  const { port } = server.address() as AddressInfo;
  return new WebSocket(`ws://127.0.0.1:${port}/api/v1/pods?watch=true`, protocol ? [protocol] : []);
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('parseWatchWebSocket', () => {
  it('yields one event per frame (binary or text) until a normal close', async () => {
    const ws = await connect((s) => {
      s.send(Buffer.from(JSON.stringify(added)), { binary: true });
      s.send(JSON.stringify(bookmark));
      s.close(1000);
    });
    expect(await collect(parseWatchWebSocket(ws))).toEqual([added, bookmark]);
  });

  it('decodes base64 frames under the base64.binary.k8s.io subprotocol', async () => {
    const ws = await connect((s) => {
      s.send(Buffer.from(JSON.stringify(added)).toString('base64'));
      s.close(1000);
    }, BASE64_WATCH_PROTOCOL);
    expect(await collect(parseWatchWebSocket(ws))).toEqual([added]);
    expect(ws.protocol).toBe(BASE64_WATCH_PROTOCOL);
  });

  it('throws the typed error of an ERROR event', async () => {
    const ws = await connect((s) => {
      s.send(
        JSON.stringify({
          type: 'ERROR',
          object: {
            kind: 'Status',
            status: 'Failure',
            reason: 'Expired',
            code: 410,
            message: 'too old resource version',
          },
        }),
      );
    });
    await expect(collect(parseWatchWebSocket(ws))).rejects.toBeInstanceOf(ExpiredError);
  });

  it('throws WatchClosed on an abnormal close', async () => {
    const ws = await connect((s) => {
      s.send(JSON.stringify(added));
      s.close(1011, 'internal error');
    });
    const seen: unknown[] = [];
    const err = await (async () => {
      try {
        for await (const e of parseWatchWebSocket(ws)) seen.push(e);
      } catch (e) {
        return e;
      }
    })();
    expect(seen).toEqual([added]);
    expect(isClientError(err, 'WatchClosed')).toBe(true);
    expect((err as Error).message).toContain('1011: internal error');
  });

  it('closes the socket when the reader stops early', async () => {
    let serverSawClose = false;
    const closed = new Promise<void>((resolve) => {
      void connect((s) => {
        s.on('close', () => {
          serverSawClose = true;
          resolve();
        });
        s.send(JSON.stringify(added));
        s.send(JSON.stringify(added));
      }).then(async (ws) => {
        for await (const _ of parseWatchWebSocket(ws)) break;
      });
    });
    await closed;
    expect(serverSawClose).toBe(true);
  });
});
