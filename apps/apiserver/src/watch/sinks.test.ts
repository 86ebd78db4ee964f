import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { httpSink } from './sinks.js';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
});

/** Serves one response through an httpSink driven by `drive`; returns what a client reads. */
async function served(drive: (sink: ReturnType<typeof httpSink>) => Promise<void>): Promise<string> {
  const server = createServer((_req, res) => {
    const sink = httpSink(res);
    sink.open();
    void drive(sink);
  });
  servers.push(server);
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
  expect(res.headers.get('content-type')).toBe('application/json');
  return res.text();
}

const nextTick = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

describe('httpSink', () => {
  it('sends every line in order, lines of one turn together, and flushes what is pending at the end', async () => {
    const text = await served(async (sink) => {
      sink.write('{"n":1}\n');
      await nextTick();
      sink.write(Buffer.from('{"n":2}\n'));
      sink.write('{"n":3}\n');
      expect(sink.buffered()).toBeGreaterThanOrEqual(16);
      sink.end();
    });
    expect(text).toBe('{"n":1}\n{"n":2}\n{"n":3}\n');
  });
});
