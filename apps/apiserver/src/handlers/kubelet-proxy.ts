/**
 * Relaying a request to a kubelet, as kube-apiserver's LocationStreamer (pods/log) and
 * UpgradeAwareHandler (pods/exec, attach, portforward) do. The upstream answer is awaited
 * first, so failures become Status errors before anything is sent; then the body streams
 * through as it comes (nothing is buffered), and a client that goes away aborts the
 * upstream request.
 */
import {
  request,
  type ClientRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import type { Duplex } from 'node:stream';
import { kubeletErrorResponse, kubeletUnreachable } from '../errors.js';

/** Sends a started relay's answer on the client's response. */
export type Relay = (res: ServerResponse) => void;

/** Most bytes of a kubelet's error body kept in the Status (kube's maxReadLength). */
const MAX_ERROR_BYTES = 50_000;

function send(url: string, method: string, headers: IncomingHttpHeaders): ClientRequest {
  const req = request(url, { method, headers });
  req.end();
  return req;
}

function readText(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    res.on('data', (c: Buffer) => {
      if (size < MAX_ERROR_BYTES) chunks.push(c);
      size += c.length;
    });
    res.on('end', () => resolve(Buffer.concat(chunks).subarray(0, MAX_ERROR_BYTES).toString()));
    res.on('error', () => resolve(Buffer.concat(chunks).toString()));
  });
}

/**
 * Ends the upstream request when the client's connection closes, before the kubelet
 * answered as well as during the relay (a client gone, or the server stopping): a
 * kubelet request is never left open on its own.
 */
function abortWithClient(client: IncomingMessage, upstream: ClientRequest): void {
  const socket = client.socket;
  if (socket.destroyed) return void upstream.destroy();
  const abort = () => upstream.destroy();
  socket.once('close', abort);
  upstream.once('close', () => socket.off('close', abort));
}

/**
 * GETs `url` from a kubelet for `client`'s request and resolves, once it answered 2xx, to a relay that streams
 * its body as `text/plain` with status 200. A kubelet error answer rejects with the Status
 * kube-apiserver makes of it (about `resource` `name`); an unreachable kubelet rejects with
 * Go's dial error text.
 */
export function openKubeletStream(
  url: string,
  client: IncomingMessage,
  resource: string,
  name: string,
): Promise<Relay> {
  return new Promise((resolve, reject) => {
    const upstream = send(url, 'GET', {});
    abortWithClient(client, upstream);
    upstream.on('error', (err) => reject(kubeletUnreachable('GET', url, err)));
    upstream.on('response', (body) => {
      const code = body.statusCode ?? 500;
      if (code < 200 || code > 206) {
        void readText(body).then((text) => reject(kubeletErrorResponse(code, text, resource, name)));
        return;
      }
      resolve((res) => {
        res.writeHead(200, { 'content-type': 'text/plain', 'cache-control': 'no-cache, private' });
        // A long follow can outlive a socket's idle timeout: a client abort is what ends it.
        res.socket?.setTimeout(0);
        body.pipe(res);
      });
    });
  });
}

/** Request headers a streaming protocol negotiates with (SPDY and WebSocket). */
const FORWARDED = [
  'upgrade',
  'connection',
  'content-type',
  'user-agent',
  'x-stream-protocol-version',
  'sec-websocket-key',
  'sec-websocket-version',
  'sec-websocket-protocol',
  'sec-websocket-extensions',
];

function forwardedHeaders(raw: IncomingMessage): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  for (const h of FORWARDED) if (raw.headers[h] !== undefined) out[h] = raw.headers[h];
  return out;
}

function switched(upstream: IncomingMessage, upSocket: Duplex, head: Buffer): Relay {
  return (res) => {
    const client = res.socket ?? (res.req.socket as Duplex | null);
    if (!client) return void upSocket.destroy();
    const lines = ['HTTP/1.1 101 Switching Protocols'];
    for (let i = 0; i < upstream.rawHeaders.length; i += 2)
      lines.push(`${upstream.rawHeaders[i]}: ${upstream.rawHeaders[i + 1]}`);
    client.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length) client.write(head);
    upSocket.pipe(client).on('error', () => upSocket.destroy());
    client.pipe(upSocket).on('error', () => client.destroy());
    upSocket.on('close', () => client.destroy());
    client.on('close', () => upSocket.destroy());
  };
}

function echoed(body: IncomingMessage): Relay {
  return (res) => {
    const headers = { ...body.headers, connection: 'close' };
    delete headers['transfer-encoding'];
    // The socket is detached from the response once it finished: keep it to close it then.
    const socket = res.socket;
    res.writeHead(body.statusCode ?? 502, headers);
    body.pipe(res);
    res.on('finish', () => socket?.destroySoon());
  };
}

/**
 * Sends `raw` (an exec, attach or portforward request, usually asking to upgrade to SPDY
 * or WebSocket) to `url` on a kubelet with its method and protocol headers. Resolves to a
 * relay that either completes the switch and joins the two connections, or echoes the
 * kubelet's refusal as it was sent (kubectl prints its text). An unreachable kubelet
 * rejects with Go's dial error text.
 */
export function openKubeletUpgrade(url: string, raw: IncomingMessage): Promise<Relay> {
  return new Promise((resolve, reject) => {
    const upstream = send(url, raw.method ?? 'GET', forwardedHeaders(raw));
    abortWithClient(raw, upstream);
    upstream.on('error', (err) => reject(kubeletUnreachable(raw.method ?? 'GET', url, err)));
    upstream.on('upgrade', (res, socket, head) => resolve(switched(res, socket, head)));
    upstream.on('response', (body) => resolve(echoed(body)));
  });
}
