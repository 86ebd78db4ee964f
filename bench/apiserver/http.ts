/** Small node:http helpers for the apiserver bench (no client library in the measured path). */
import { type Agent, request, type IncomingMessage } from 'node:http';

/** A response read to its end. */
export interface Reply {
  status: number;
  body: Buffer;
}

/** Sends one request through `agent`; resolves once the whole body arrived. Rejects on a transport error. */
export function send(
  agent: Agent,
  base: URL,
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Reply> {
  const data = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method,
        path,
        headers: data ? { 'content-type': contentType, 'content-length': data.length } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(data);
  });
}

/** Like send, but throws unless the status is `expected`; returns the parsed JSON body. */
export async function sendOk<T = Record<string, unknown>>(
  agent: Agent,
  base: URL,
  method: string,
  path: string,
  body?: unknown,
  expected = [200, 201],
  contentType?: string,
): Promise<T> {
  const r = await send(agent, base, method, path, body, contentType);
  if (!expected.includes(r.status))
    throw new Error(`${method} ${path}: ${r.status} ${r.body.toString().slice(0, 300)}`);
  return JSON.parse(r.body.toString()) as T;
}

/** Opens a streaming GET (a watch); `onLine` gets every complete line. Resolves once the headers arrived. */
export function openStream(
  agent: Agent,
  base: URL,
  path: string,
  onLine: (line: string) => void,
): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request({ agent, host: base.hostname, port: base.port, method: 'GET', path }, (res) => {
      if (res.statusCode !== 200) return reject(new Error(`GET ${path}: ${res.statusCode}`));
      let rest = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        const lines = (rest + chunk).split('\n');
        rest = lines.pop()!;
        for (const l of lines) if (l) onLine(l);
      });
      res.on('error', () => undefined);
      resolve(res);
    });
    req.on('error', reject);
    req.end();
  });
}
