import type WebSocket from 'ws';
import { ClientError } from './errors.js';
import { type WatchEvent, decodeWatchLine } from './watch.js';

/** The subprotocol in which each frame carries base64 text instead of raw JSON bytes. */
export const BASE64_WATCH_PROTOCOL = 'base64.binary.k8s.io';

/** What the socket has delivered and the reader has not yet taken. */
type Item = { line: string } | { closed: true; error?: Error };

function frameText(data: WebSocket.RawData, base64: boolean): string {
  // ws hands over Buffers (binaryType "nodebuffer"); Buffer.from would copy one.
  const buf = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
  const text = buf.toString('utf8');
  return base64 ? Buffer.from(text, 'base64').toString('utf8') : text;
}

/** Turns socket callbacks into a queue the generator reads. */
function listen(socket: WebSocket, push: (item: Item) => void): () => void {
  // The subprotocol is known only once the socket is open, so it is read per frame.
  const onMessage = (data: WebSocket.RawData): void =>
    push({ line: frameText(data, socket.protocol === BASE64_WATCH_PROTOCOL) });
  const onClose = (code: number, reason: Buffer): void => {
    const normal = code === 1000 || code === 1005;
    push(
      normal
        ? { closed: true }
        : { closed: true, error: new ClientError('WatchClosed', { code, reason: reason.toString() }) },
    );
  };
  const onError = (err: Error): void => push({ closed: true, error: err });
  socket.on('message', onMessage).on('close', onClose).on('error', onError);
  return () => void socket.off('message', onMessage).off('close', onClose).off('error', onError);
}

/**
 * Reads a watch served over a WebSocket (one JSON event per frame, raw or, with the
 * {@link BASE64_WATCH_PROTOCOL} subprotocol, base64). Listens from the moment it is called, so
 * call it as soon as the socket is created. Ends when the server closes normally; throws a
 * ClientError (WatchClosed) on an abnormal close, the socket's error on a failure, the typed
 * ApiError of an ERROR event, and WatchDecode for a bad frame. Stopping early (or an error)
 * closes the socket.
 */
export function parseWatchWebSocket<T = unknown>(socket: WebSocket): AsyncGenerator<WatchEvent<T>> {
  const items: Item[] = [];
  let wake: (() => void) | undefined;
  const unlisten = listen(socket, (item) => {
    items.push(item);
    wake?.();
  });
  const next = (): Promise<Item> =>
    new Promise<Item>((resolve) => {
      wake = () => {
        wake = undefined;
        resolve(items.shift()!);
      };
    });
  return read(socket, () => items.shift() ?? next(), unlisten);
}

async function* read<T>(
  socket: WebSocket,
  take: () => Item | Promise<Item>,
  unlisten: () => void,
): AsyncGenerator<WatchEvent<T>> {
  try {
    for (;;) {
      const item = await take();
      if ('closed' in item) {
        if (item.error) throw item.error;
        return;
      }
      if (item.line.trim() !== '') yield decodeWatchLine<T>(item.line);
    }
  } finally {
    unlisten();
    // Closing can still report an error (e.g. mid-handshake); it no longer matters to us.
    socket.on('error', () => undefined);
    if (socket.readyState === socket.OPEN || socket.readyState === socket.CONNECTING) socket.close(1000);
  }
}
