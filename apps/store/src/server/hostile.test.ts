import { randomBytes } from 'node:crypto';
import { credentials, makeGenericClientConstructor, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { b, startTestStore, type TestStore } from './test-client.test-support.js';

/** A client that sends raw bytes to any etcd method, bypassing protobuf encoding. */
function rawClient(target: string): Client & Record<string, any> {
  const raw = (path: string, stream: 'unary' | 'bidi') => ({
    path,
    requestStream: stream === 'bidi',
    responseStream: stream === 'bidi',
    requestSerialize: (x: Buffer) => x,
    requestDeserialize: (x: Buffer) => x,
    responseSerialize: (x: Buffer) => x,
    responseDeserialize: (x: Buffer) => x,
  });
  const Ctor = makeGenericClientConstructor(
    {
      Put: raw('/etcdserverpb.KV/Put', 'unary'),
      Range: raw('/etcdserverpb.KV/Range', 'unary'),
      Txn: raw('/etcdserverpb.KV/Txn', 'unary'),
      Alarm: raw('/etcdserverpb.Maintenance/Alarm', 'unary'),
      Watch: raw('/etcdserverpb.Watch/Watch', 'bidi'),
      KeepAlive: raw('/etcdserverpb.Lease/LeaseKeepAlive', 'bidi'),
      Unknown: raw('/etcdserverpb.KV/Nope', 'unary'),
    },
    'Raw',
  );
  return new Ctor(target, credentials.createInsecure(), { 'grpc.use_local_subchannel_pool': 1 }) as Client &
    Record<string, any>;
}

function rawUnary(c: Client & Record<string, any>, method: string, bytes: Buffer): Promise<ServiceError | Buffer> {
  return new Promise((resolve) => c[method](bytes, (err: ServiceError | null, res: Buffer) => resolve(err ?? res)));
}

describe('hostile and malformed input never crashes the store', () => {
  let s: TestStore;
  let raw: Client & Record<string, any>;
  beforeAll(async () => {
    s = await startTestStore();
    raw = rawClient(s.target);
  });
  afterAll(async () => {
    raw.close();
    await s.stop();
  });

  const stillServes = async () => {
    const { header } = await s.call('KV', 'Put', { key: b('alive'), value: b('yes') });
    expect(Number(header.revision)).toBeGreaterThan(1);
  };

  it('answers undecodable protobuf with an error status', async () => {
    for (let i = 0; i < 50; i++) {
      for (const m of ['Put', 'Range', 'Txn', 'Alarm']) {
        const r = await rawUnary(raw, m, randomBytes(1 + (i % 40)));
        if (!Buffer.isBuffer(r)) expect(r.code).toBeGreaterThan(0);
      }
    }
    const unknown = await rawUnary(raw, 'Unknown', Buffer.alloc(0));
    expect((unknown as ServiceError).code).toBe(status.UNIMPLEMENTED);
    await stillServes();
  });

  it('survives garbage on the watch and keep-alive streams', async () => {
    for (const method of ['Watch', 'KeepAlive']) {
      const st = raw[method]();
      const ended = new Promise<void>((resolve) => {
        st.on('error', () => resolve());
        st.on('end', () => resolve());
        st.on('data', () => undefined);
      });
      for (let i = 0; i < 20; i++) st.write(randomBytes(1 + i * 3));
      st.end();
      setTimeout(() => st.cancel(), 500).unref();
      await ended;
    }
    await stillServes();
  });

  it('handles odd but well-formed requests', async () => {
    await s.call('KV', 'Put', { key: Buffer.alloc(512 * 1024, 7), value: b('big key') });
    expect((await s.call('KV', 'Range', { key: Buffer.alloc(512 * 1024, 7) })).count).toBe('1');
    await expect(s.call('KV', 'Range', { key: b('k'), revision: -5 })).resolves.toBeTruthy();
    await expect(
      s.call('KV', 'Range', { key: b('k'), limit: -1, min_mod_revision: '9223372036854775807' }),
    ).resolves.toBeTruthy();
    await expect(s.call('KV', 'Range', { key: b('\xff'), range_end: b('\x00') })).resolves.toBeTruthy();
    await s.error('Lease', 'LeaseGrant', { TTL: '-9223372036854775808', ID: '-1' }).catch(() => undefined);
    await s.call('Lease', 'LeaseTimeToLive', { ID: '-9223372036854775808' });
    let nested: object = { request_put: { key: b('deep'), value: b('v') } };
    for (let i = 0; i < 15; i++) nested = { request_txn: { success: [nested] } };
    await s.call('KV', 'Txn', { success: [nested] });
    const wide = {
      request_txn: { success: Array.from({ length: 128 }, (_, i) => ({ request_range: { key: b(`w${i}`) } })) },
    };
    const err = await s.error('KV', 'Txn', { success: Array.from({ length: 128 }, () => wide) });
    expect(err.details).toBe('etcdserver: too many operations in txn request');
    const w = (s.clients.Watch as any).Watch();
    w.on('error', () => undefined);
    const replies: any[] = [];
    w.on('data', (r: unknown) => replies.push(r));
    w.write({ create_request: { key: b('x'), watch_id: '9223372036854775807', start_revision: '-3' } });
    w.write({ create_request: { key: Buffer.alloc(0), range_end: Buffer.from([0]), filters: [99] } });
    w.write({ cancel_request: { watch_id: '-9223372036854775808' } });
    await new Promise<void>((resolve) => {
      const check = () => (replies.length >= 2 ? resolve() : setTimeout(check, 10));
      check();
    });
    expect(replies.map((r) => r.watch_id)).toEqual(['9223372036854775807', '0']);
    w.cancel();
    await stillServes();
  });

  it('serves many concurrent clients and requests', async () => {
    const puts = Array.from({ length: 500 }, (_, i) =>
      s.call('KV', 'Put', { key: b(`c/${i % 50}`), value: b(String(i)) }),
    );
    const revs = (await Promise.all(puts)).map((r) => Number(r.header.revision));
    expect(new Set(revs).size).toBe(500);
    await stillServes();
  });
});
