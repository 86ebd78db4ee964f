import { credentials, makeGenericClientConstructor, status, type Client, type ServiceError } from '@grpc/grpc-js';
import { ETCD_ERRORS } from '@wheelhouse/etcd';
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

  /** True for a status etcd sends: a decode refusal, or an etcd error with its exact code and text. */
  const etcdAnswer = (e: ServiceError): boolean =>
    (e.code === status.INTERNAL && e.details.startsWith('grpc: error unmarshalling request: ')) ||
    Object.values(ETCD_ERRORS).some((x) => x.grpc === e.code && x.message === e.details);

  it('answers undecodable protobuf with the status and text etcd sends', async () => {
    // Each answer as the real etcd 3.4.23 gave it for the same bytes.
    const table: Array<[string, string, number, string]> = [
      ['Put', 'ffffffffffffffffffff01', status.INTERNAL, 'grpc: error unmarshalling request: proto: integer overflow'],
      [
        'Put',
        '00',
        status.INTERNAL,
        'grpc: error unmarshalling request: proto: PutRequest: illegal tag 0 (wire type 0)',
      ],
      [
        'Put',
        '0a016b1a80',
        status.INTERNAL,
        'grpc: error unmarshalling request: proto: wrong wireType = 2 for field Lease',
      ],
      ['Put', '', status.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
      ['Range', '0a7f', status.INTERNAL, 'grpc: error unmarshalling request: unexpected EOF'],
      [
        'Range',
        '0c',
        status.INTERNAL,
        'grpc: error unmarshalling request: proto: RangeRequest: wiretype end group for non-group',
      ],
      [
        'Range',
        '0a016b3e',
        status.INTERNAL,
        'grpc: error unmarshalling request: proto: wrong wireType = 6 for field Serializable',
      ],
      ['Txn', '0a0208', status.INTERNAL, 'grpc: error unmarshalling request: unexpected EOF'],
      ['Txn', '1a020a00', status.INVALID_ARGUMENT, 'etcdserver: key is not provided'],
      [
        'Alarm',
        '120100',
        status.INTERNAL,
        'grpc: error unmarshalling request: proto: wrong wireType = 2 for field MemberID',
      ],
    ];
    for (const [m, hex, code, details] of table) {
      const r = await rawUnary(raw, m, Buffer.from(hex, 'hex'));
      expect([m, hex, (r as ServiceError).code, (r as ServiceError).details]).toEqual([m, hex, code, details]);
    }
    // Seeded noise: every answer is a reply or a status etcd itself would send, never a bare INTERNAL.
    let seed = 7;
    const noise = (n: number): Buffer =>
      Buffer.from(
        Array.from({ length: n }, () => {
          seed = (seed * 1103515245 + 12345) & 0x7fffffff;
          return seed & 0xff;
        }),
      );
    for (let i = 0; i < 50; i++) {
      for (const m of ['Put', 'Range', 'Txn']) {
        const r = await rawUnary(raw, m, noise(1 + (i % 40)));
        if (!Buffer.isBuffer(r)) expect([m, r.code, r.details, etcdAnswer(r)]).toEqual([m, r.code, r.details, true]);
      }
    }
    const unknown = await rawUnary(raw, 'Unknown', Buffer.alloc(0));
    expect((unknown as ServiceError).code).toBe(status.UNIMPLEMENTED);
    await stillServes();
  });

  it('ends watch and keep-alive streams that send undecodable messages with the status etcd sends', async () => {
    // Each as the real etcd 3.4.23 ended the same stream.
    const cases: Array<[string, Buffer, string]> = [
      ['Watch', Buffer.from([0x08, 0x01]), 'proto: wrong wireType = 0 for field CreateRequest'],
      ['Watch', Buffer.from([0x0a, 0x02, 0x08, 0x01]), 'proto: wrong wireType = 0 for field Key'],
      ['Watch', Buffer.from([0x0a, 0x09, 0x0a]), 'unexpected EOF'],
      ['KeepAlive', Buffer.from([0x0a, 0x01, 0x00]), 'proto: wrong wireType = 2 for field ID'],
      ['KeepAlive', Buffer.from([0x00]), 'proto: LeaseKeepAliveRequest: illegal tag 0 (wire type 0)'],
    ];
    for (const [method, garbage, err] of cases) {
      const st = raw[method]();
      const ended = new Promise<ServiceError>((resolve) => {
        st.on('error', (e: ServiceError) => resolve(e));
        st.on('data', () => undefined);
      });
      st.write(garbage);
      const e = await ended;
      expect([method, e.code, e.details]).toEqual([
        method,
        status.INTERNAL,
        `grpc: failed to unmarshal the received message ${err}`,
      ]);
    }
    await stillServes();
  });

  it('handles odd but well-formed requests', async () => {
    await s.call('KV', 'Put', { key: Buffer.alloc(512 * 1024, 7), value: b('big key') });
    expect((await s.call('KV', 'Range', { key: Buffer.alloc(512 * 1024, 7) })).count).toBe('1');
    // Answers as the real etcd 3.4.23 gives them (a negative revision reads the current one,
    // a negative limit none, the smallest TTL is raised to etcd's minimum of 2 s).
    const empty = { kvs: [], more: false, count: '0' };
    expect(await s.call('KV', 'Range', { key: b('k'), revision: -5 })).toMatchObject(empty);
    expect(
      await s.call('KV', 'Range', { key: b('k'), limit: -1, min_mod_revision: '9223372036854775807' }),
    ).toMatchObject(empty);
    expect(await s.call('KV', 'Range', { key: b('\xff'), range_end: b('\x00') })).toMatchObject(empty);
    expect(await s.call('Lease', 'LeaseGrant', { TTL: '-9223372036854775808', ID: '-1' })).toMatchObject({
      ID: '-1',
      TTL: '2',
      error: '',
    });
    expect(await s.call('Lease', 'LeaseTimeToLive', { ID: '-9223372036854775808' })).toMatchObject({
      ID: '-9223372036854775808',
      TTL: '-1',
      grantedTTL: '0',
      keys: [],
    });
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
