/**
 * Watch resume against a scripted Watch server: after the connection breaks, a watch is
 * re-created from the revision after its last delivered event, even when response
 * headers (a catch-up batch's, a progress notification's) carry a later revision, and
 * the fragments of an interrupted reply are not delivered twice.
 */
import { createServer, type Http2Server, type ServerHttp2Stream } from 'node:http2';
import type { AddressInfo } from 'node:net';
import type * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import { createEtcdClient, type EtcdClient } from './client.js';
import { frame, MessageDecoder } from './framing.js';
import { loadEtcdProto } from './proto.js';
import type { MessageInit, WatchRequest, WatchResponse } from './messages.js';
import { takeEvents } from './suite-helpers.test-support.js';

const def = (loadEtcdProto().etcdserverpb.Watch.service as grpc.ServiceDefinition).Watch as unknown as {
  requestDeserialize(b: Buffer): WatchRequest;
  responseSerialize(m: MessageInit<WatchResponse>): Buffer;
};

/** A Watch server that hands each stream and its decoded requests to `onRequest`. */
async function serve(onRequest: (s: ServerHttp2Stream, req: WatchRequest, n: number) => void): Promise<Http2Server> {
  const server = createServer();
  let streams = 0;
  server.on('stream', (s) => {
    const n = streams++;
    s.on('error', () => undefined);
    s.respond({ ':status': 200, 'content-type': 'application/grpc' });
    const decoder = new MessageDecoder();
    s.on('data', (c: Buffer) => {
      for (const m of decoder.push(c)) onRequest(s, def.requestDeserialize(m), n);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return server;
}

const header = (revision: number) => ({ cluster_id: '1', member_id: '2', revision: String(revision), raft_term: '1' });
const put = (key: string, rev: number) => ({
  type: 'PUT' as const,
  kv: { key: Buffer.from(key), value: Buffer.from('v'), create_revision: String(rev), mod_revision: String(rev) },
});
function send(s: ServerHttp2Stream, m: MessageInit<WatchResponse>): void {
  s.write(frame(def.responseSerialize({ watch_id: '0', ...m })));
}

let server: Http2Server | undefined;
let client: EtcdClient | undefined;
afterEach(async () => {
  client?.close();
  await new Promise<void>((r) => (server ? server.close(() => r()) : r()));
});

describe('watch resume', () => {
  it('re-creates a watch from the revision after its last delivered event, never from a header revision', async () => {
    const starts: string[] = [];
    server = await serve((s, req, n) => {
      if (!req.create_request) return;
      starts.push(req.create_request.start_revision);
      send(s, { created: true, header: header(100) });
      if (n === 0) {
        // A catch-up batch whose header runs ahead of its events, a progress notification
        // further ahead, then half of a fragmented reply, and the connection breaks.
        send(s, { header: header(100), events: [put('a', 5), put('b', 6), put('c', 7)] });
        send(s, { header: header(150), events: [] });
        send(s, { header: header(160), events: [put('d', 8)], fragment: true });
        setTimeout(() => s.session?.destroy(), 50);
      } else {
        send(s, { header: header(160), events: [put('d', 8), put('e', 9)] });
      }
    });
    client = createEtcdClient({ endpoints: [`http://127.0.0.1:${(server.address() as AddressInfo).port}`] });
    const w = client.watch({ key: 'a', rangeEnd: 'z', startRevision: 5 });
    const batches: Array<{ revision: number; keys: string[] }> = [];
    for (let events = 0; events < 5;) {
      const r = await w.next();
      if (r.done) throw new Error('watch ended');
      batches.push({ revision: r.value.revision, keys: r.value.events.map((e) => e.kv.key.toString()) });
      events += r.value.events.length;
    }
    expect(starts).toEqual(['5', '8']);
    expect(batches).toEqual([
      { revision: 100, keys: ['a', 'b', 'c'] },
      { revision: 150, keys: [] },
      { revision: 160, keys: ['d', 'e'] },
    ]);
    await w.cancel();
  });

  it('re-creates a watch started at "now" from the revision after the one it was created at', async () => {
    const starts: string[] = [];
    server = await serve((s, req, n) => {
      if (!req.create_request) return;
      starts.push(req.create_request.start_revision);
      send(s, { created: true, header: header(40) });
      if (n === 0) {
        send(s, { header: header(90), events: [] });
        setTimeout(() => s.session?.destroy(), 50);
      } else send(s, { header: header(41), events: [put('k', 41)] });
    });
    client = createEtcdClient({ endpoints: [`http://127.0.0.1:${(server.address() as AddressInfo).port}`] });
    const w = client.watch({ key: 'k' });
    expect((await takeEvents(w, 1)).map((e) => e.kv.modRevision)).toEqual([41]);
    expect(starts).toEqual(['0', '41']);
    await w.cancel();
  });
});
