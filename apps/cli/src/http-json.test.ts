import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpJson } from './http-json.js';

describe('httpJson', () => {
  let server: Server | undefined;
  afterEach(() => new Promise<void>((r) => (server ? server.close(() => r()) : r())));

  const serve = async (handler: Parameters<typeof createServer>[1]): Promise<string> => {
    server = createServer(handler);
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  };

  it('sends the body as JSON and resolves the status and the parsed answer', async () => {
    const url = await serve((req, res) => {
      let text = '';
      req.on('data', (c: Buffer) => (text += c.toString()));
      req.on('end', () => {
        res.writeHead(409, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ method: req.method, type: req.headers['content-type'], got: JSON.parse(text) }));
      });
    });
    expect(await httpJson(`${url}/nodes`, 'POST', { name: 'node-4' })).toEqual({
      status: 409,
      json: { method: 'POST', type: 'application/json', got: { name: 'node-4' } },
    });
  });

  it('resolves an answer that is not JSON with no body', async () => {
    const url = await serve((_req, res) => res.end('not json'));
    expect(await httpJson(url, 'GET')).toEqual({ status: 200, json: undefined });
  });

  it('rejects when nothing listens', async () => {
    const url = await serve((_req, res) => res.end('{}'));
    await new Promise<void>((r) => server!.close(() => r()));
    server = undefined;
    await expect(httpJson(url, 'GET')).rejects.toThrow();
  });
});
