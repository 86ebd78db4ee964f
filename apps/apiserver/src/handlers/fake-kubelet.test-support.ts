/** A stand-in kubelet API for the apiserver's tests: canned answers, a followable log, an upgrade that echoes. */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A running fake kubelet. */
export interface FakeKubelet {
  port: number;
  /** The path and query of every request it received, in order. */
  requests: string[];
  /** Writes a line to the open follow stream. */
  follow(line: string): void;
  /** Resolves once the follow stream's client has gone away. */
  followClosed: Promise<void>;
  stop(): Promise<void>;
}

type Answer = (req: IncomingMessage, res: ServerResponse) => void;

function text(code: number, body: string): Answer {
  return (_req, res) => res.writeHead(code, { 'content-type': 'text/plain' }).end(body);
}

/**
 * Starts it on 127.0.0.1. `/containerLogs/default/<pod>/<container>` answers by pod name:
 * `web` and `two` two lines (naming the container), `follow` a line then keeps the stream open,
 * `waiting` 400, `gone` 404, `broken` 500, `teapot` 418; `/exec/...` refuses with 400 unless
 * it asks to upgrade to `test/echo`, which switches and echoes what it is sent, or to
 * `test/silent`, which is never answered.
 */
export async function startFakeKubelet(): Promise<FakeKubelet> {
  const requests: string[] = [];
  let stream: ServerResponse | undefined;
  let closed!: () => void;
  const followClosed = new Promise<void>((r) => (closed = r));
  const lines: Answer = (req, res) => {
    const container = req.url!.split('?')[0]!.split('/')[4];
    res.writeHead(200, { 'content-type': 'text/plain' }).end(`${container} line 1\n${container} line 2\n`);
  };
  const logs: Record<string, Answer> = {
    web: lines,
    two: lines,
    follow: (_req, res) => {
      stream = res;
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first\n');
      res.on('close', () => closed());
    },
    waiting: text(400, 'container "c" in pod "waiting" is waiting to start: ContainerCreating'),
    gone: text(404, 'pod "gone" in namespace "default" not found'),
    broken: text(500, 'runtime exploded'),
    teapot: text(418, 'short and stout'),
  };
  const server = createServer((req, res) => {
    requests.push(req.url!);
    const [, kind, , pod] = req.url!.split('?')[0]!.split('/');
    if (kind === 'containerLogs' && logs[pod!]) return logs[pod!]!(req, res);
    if (kind === 'exec') return text(400, 'exec is refused by the fake kubelet')(req, res);
    text(404, 'not found')(req, res);
  });
  server.on('upgrade', (req: IncomingMessage, socket, head: Buffer) => {
    requests.push(req.url!);
    // Never answered, but read as a real server does: a client that goes away ends it.
    if (req.headers.upgrade === 'test/silent') return void socket.resume().on('end', () => socket.end());
    if (req.headers.upgrade !== 'test/echo') {
      socket.end('HTTP/1.1 400 Bad Request\r\ncontent-type: text/plain\r\ncontent-length: 7\r\n\r\nrefused');
      return;
    }
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: test/echo\r\nConnection: Upgrade\r\n\r\n');
    if (head.length) socket.write(head);
    socket.pipe(socket);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    follow: (line) => stream?.write(`${line}\n`),
    followClosed,
    stop: () =>
      new Promise((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
