/** Where a watch writes its events: a chunked HTTP response or a WebSocket. */
import type { ServerResponse } from 'node:http';
import type { WebSocket } from 'ws';

/** One watch's output. */
export interface WatchSink {
  /** Starts the stream (HTTP: sends and flushes the headers). */
  open(): void;
  /** Writes one event line (with its trailing newline). */
  write(line: string | Buffer): void;
  /** Bytes queued and not yet taken by the client. */
  buffered(): number;
  end(): void;
  onClose(cb: () => void): void;
}

/** A sink over a WebSocket: one event per text message. */
export function wsSink(socket: WebSocket): WatchSink {
  return {
    open: () => undefined,
    write: (line) =>
      socket.send(typeof line === 'string' ? line.trimEnd() : line.subarray(0, line.length - 1), { binary: false }),
    buffered: () => socket.bufferedAmount,
    end: () => socket.close(1000),
    onClose: (cb) => void socket.on('close', cb),
  };
}

/**
 * A sink over a chunked HTTP response that writes once per turn of the event loop: the lines
 * of one turn go to the socket together. Node corks a response only within one tick, so events
 * that arrive in separate ticks (separate messages from the store) would each cost a system
 * call per watcher; under load that was a fifth of the API server's CPU.
 */
export function httpSink(res: ServerResponse): WatchSink {
  let pending: (string | Buffer)[] = [];
  let pendingBytes = 0;
  let scheduled: NodeJS.Immediate | undefined;
  const flush = (): void => {
    scheduled = undefined;
    const lines = pending;
    pending = [];
    pendingBytes = 0;
    if (res.writableEnded || res.destroyed) return;
    res.cork();
    for (const line of lines) res.write(line);
    res.uncork();
  };
  return {
    open: () => {
      res.writeHead(200, {
        'Content-Type': 'application/json',
        'Cache-Control': 'no-cache, private',
        'Transfer-Encoding': 'chunked',
      });
      res.flushHeaders();
    },
    write: (line) => {
      pending.push(line);
      pendingBytes += line.length;
      scheduled ??= setImmediate(flush);
    },
    buffered: () => res.writableLength + pendingBytes,
    end: () => {
      if (scheduled) {
        clearImmediate(scheduled);
        flush();
      }
      res.end();
    },
    onClose: (cb) => void res.on('close', cb),
  };
}
