// The REST client's TLS settings, for requests and for WebSocket watches alike, against a real
// https server with a self-signed certificate made by the real openssl.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer } from 'ws';
import { type TempDir, tempDir } from '@wheelhouse/testing';
import { RestClient, type RestClientOptions } from './rest-client.js';

const run = promisify(execFile);
const namespace = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'default', resourceVersion: '1' } };

let dir: TempDir;
let server: Server;
let url: string;
let ca: string;

beforeAll(async () => {
  dir = await tempDir('tls-');
  const [key, cert] = [join(dir.path, 'key.pem'), join(dir.path, 'cert.pem')];
  await run('openssl', [
    'req',
    '-x509',
    '-newkey',
    'rsa:2048',
    '-nodes',
    '-keyout',
    key,
    '-out',
    cert,
    '-days',
    '1',
    '-subj',
    '/CN=wheelhouse-test',
    '-addext',
    'subjectAltName=DNS:wheelhouse-test,IP:127.0.0.1',
  ]);
  ca = await readFile(cert, 'utf8');
  server = createServer({ key: await readFile(key), cert: ca }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(namespace));
  });
  const sockets = new WebSocketServer({ server });
  sockets.on('connection', (ws) => {
    ws.send(JSON.stringify({ type: 'ADDED', object: namespace }));
    ws.close(1000);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
  await dir?.cleanup();
});

/** A GET and a WebSocket watch through a client with `options`; each the result or the error. */
async function both(options: Partial<RestClientOptions>): Promise<unknown[]> {
  const client = new RestClient({ server: url, maxRetries: 0, logger: pino({ level: 'silent' }), ...options });
  try {
    const get = await client
      .resource('namespaces')
      .get('default')
      .then(
        (ns) => ns.metadata.name,
        (e: unknown) => e,
      );
    const watch = await client
      .resource('namespaces')
      .watch({ transport: 'websocket' })
      .then(
        async (events) => {
          const seen: string[] = [];
          for await (const ev of events) seen.push(`${ev.type} ${ev.object.metadata.name}`);
          return seen.join(',');
        },
        (e: unknown) => e,
      );
    return [get, watch];
  } finally {
    client.close();
  }
}

describe('TLS', () => {
  it('verifies the server against caData, for requests and WebSocket watches', async () => {
    expect(await both({ caData: ca })).toEqual(['default', 'ADDED default']);
  });

  it('checks the name in the certificate against tlsServerName', async () => {
    expect(await both({ caData: ca, tlsServerName: 'wheelhouse-test' })).toEqual(['default', 'ADDED default']);
    const [get, watch] = await both({ caData: ca, tlsServerName: 'someone-else' });
    expect(get).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    expect(watch).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  it('refuses an unknown CA unless told to skip verification', async () => {
    const [get, watch] = await both({});
    expect(get).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(watch).toMatchObject({ code: 'DEPTH_ZERO_SELF_SIGNED_CERT' });
    expect(await both({ insecureSkipTlsVerify: true })).toEqual(['default', 'ADDED default']);
  });
});
