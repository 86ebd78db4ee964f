/** A raw HTTP/1.1 client for tests that must control exactly what is sent and when (partial bodies, huge headers). */
import { connect, type Socket } from 'node:net';

/** A response read off the socket. */
export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** A connection to the server under test. */
export interface RawConnection {
  socket: Socket;
  /** Writes bytes and resolves once the socket has taken them. */
  write(data: string | Buffer): Promise<void>;
  /** The first complete response on the connection. */
  response: Promise<RawResponse>;
  /** Resolves once the server has closed the connection. */
  closed: Promise<void>;
}

function parse(buf: Buffer): RawResponse | undefined {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return undefined;
  const [statusLine = '', ...lines] = buf.subarray(0, end).toString('latin1').split('\r\n');
  const headers: Record<string, string> = {};
  for (const l of lines) headers[l.slice(0, l.indexOf(':')).toLowerCase()] = l.slice(l.indexOf(':') + 1).trim();
  const length = Number(headers['content-length'] ?? NaN);
  const body = buf.subarray(end + 4);
  if (Number.isNaN(length) || body.length < length) return undefined;
  return { status: Number(statusLine.split(' ')[1]), headers, body: body.subarray(0, length).toString() };
}

/** Opens a connection to `url` (http://host:port). */
export function rawConnect(url: string): RawConnection {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  socket.on('error', () => {
    // a reset after the server answered is expected in these tests
  });
  let data = Buffer.alloc(0);
  const response = new Promise<RawResponse>((resolve, reject) => {
    socket.on('data', (d: Buffer) => {
      data = Buffer.concat([data, d]);
      const res = parse(data);
      if (res) resolve(res);
    });
    socket.on('close', () => reject(new Error(`connection closed without a full response: ${data.toString()}`)));
  });
  response.catch(() => undefined);
  const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
  const write = (chunk: string | Buffer): Promise<void> =>
    new Promise((resolve) => {
      if (socket.destroyed) return resolve();
      socket.write(chunk, () => resolve());
    });
  return { socket, write, response, closed };
}
