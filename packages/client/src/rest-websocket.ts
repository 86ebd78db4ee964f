import type { ClientRequest, IncomingMessage } from 'node:http';
import type WebSocket from 'ws';
import type { ClientOptions } from 'ws';
import { errorFromResponse, readBody } from './response.js';
import type { WatchEvent } from './watch.js';
import { parseWatchWebSocket } from './watch-websocket.js';

/** `http(s)://...` as the matching `ws(s)://...`. */
function socketUrl(url: URL): URL {
  const out = new URL(url);
  out.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return out;
}

/** Ends `events` when `signal` aborts (by dropping the socket); the stream then throws the abort reason. */
async function* endOnAbort<T>(
  events: AsyncGenerator<WatchEvent<T>>,
  socket: WebSocket,
  signal?: AbortSignal,
): AsyncGenerator<WatchEvent<T>> {
  const onAbort = (): void => socket.terminate();
  signal?.addEventListener('abort', onAbort, { once: true });
  try {
    yield* events;
  } catch (err) {
    throw signal?.aborted ? signal.reason : err;
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  if (signal?.aborted) throw signal.reason;
}

/** Settles once the handshake is done: resolves on open, rejects with why it failed. */
function handshake(socket: WebSocket, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: unknown): void => {
      socket.off('open', onOpen).off('error', done).off('unexpected-response', onRefused);
      signal?.removeEventListener('abort', onAbort);
      if (err === undefined) return resolve();
      socket.terminate();
      reject(err);
    };
    const onOpen = (): void => done();
    const onAbort = (): void => done(signal?.reason);
    // The server answered the upgrade with an HTTP response: its Status is the error.
    const onRefused = (_req: ClientRequest, res: IncomingMessage): void => {
      readBody(res).then((text) => done(errorFromResponse(res, text)), done);
    };
    socket.once('open', onOpen).once('error', done).once('unexpected-response', onRefused);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/**
 * Opens a watch over a WebSocket to `url` (its http(s) scheme becomes ws(s)) and resolves the
 * parsed event stream once the server accepted the upgrade (see {@link parseWatchWebSocket}
 * for how it ends). A refused upgrade rejects with the typed ApiError of the answer (Retry-After
 * included, so the REST client can retry it); connection failures reject with the socket's
 * error; an aborted `signal` rejects with its reason, and later ends the stream with it.
 * `open` (the client's registry) holds the socket until it closes, so the client can end it.
 */
export async function openWatchSocket<T>(
  url: URL,
  options: ClientOptions,
  signal?: AbortSignal,
  open?: Set<WebSocket>,
): Promise<AsyncGenerator<WatchEvent<T>>> {
  signal?.throwIfAborted();
  // Loaded on the first WebSocket watch: the processes `wheelhouse up` starts watch over HTTP,
  // and importing ws costs each of them about 0.1 s of CPU at start.
  const { default: WebSocketClass } = await import('ws');
  signal?.throwIfAborted();
  const socket = new WebSocketClass(socketUrl(url), options);
  open?.add(socket);
  socket.once('close', () => open?.delete(socket));
  // Frames can arrive together with the handshake: the parser listens from the start.
  const events = parseWatchWebSocket<T>(socket);
  try {
    await handshake(socket, signal);
  } catch (err) {
    socket.on('error', () => undefined);
    throw err;
  }
  return endOnAbort(events, socket, signal);
}
