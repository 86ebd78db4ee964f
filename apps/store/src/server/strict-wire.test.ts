/**
 * The store refuses malformed gRPC requests with the status and text etcd 3.4's grpc-go
 * sends (each expectation below is what the real etcd 3.4.23 answered to the same bytes;
 * wire-check.test.ts keeps comparing with it), and nothing malformed is ever applied.
 */
import { gzipSync } from 'node:zlib';
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcFrame, RawGrpc } from './raw-grpc.test-support.js';
import { b, startTestStore, type TestStore } from './test-client.test-support.js';

const PUT = '/etcdserverpb.KV/Put';
/** PutRequest{key: "k", value: "v"} */
const putKV = Buffer.from([0x0a, 0x01, 0x6b, 0x12, 0x01, 0x76]);
/** The same fields with the key sent as a varint: protobufjs would read it as a 1-byte key "k". */
const putKeyAsVarint = Buffer.from([0x08, 0x01, 0x6b, 0x12, 0x01, 0x76]);

describe('the store decodes gRPC requests as strictly as etcd', () => {
  let s: TestStore;
  let raw: RawGrpc;
  beforeAll(async () => {
    s = await startTestStore();
    raw = new RawGrpc(s.endpoint);
  });
  afterAll(async () => {
    raw.close();
    await s.stop();
  });

  const keyCount = async (key: string): Promise<string> => (await s.call('KV', 'Range', { key: b(key) })).count;

  it('refuses a known field sent with the wrong wire type, and stores nothing', async () => {
    expect(await raw.call(PUT, [grpcFrame(putKeyAsVarint)])).toMatchObject({
      code: status.INTERNAL,
      message: 'grpc: error unmarshalling request: proto: wrong wireType = 0 for field Key',
    });
    // Inside a txn: RequestOp.request_put whose PutRequest has the same fault.
    const txn = Buffer.concat([Buffer.from([0x12, 0x08, 0x12, 0x06]), putKeyAsVarint]);
    expect(await raw.call('/etcdserverpb.KV/Txn', [grpcFrame(txn)])).toMatchObject({
      code: status.INTERNAL,
      message: 'grpc: error unmarshalling request: proto: wrong wireType = 0 for field Key',
    });
    // prev_kv (bool) sent as bytes.
    expect(await raw.call(PUT, [grpcFrame(Buffer.from([0x0a, 0x01, 0x6b, 0x22, 0x01, 0x00]))])).toMatchObject({
      code: status.INTERNAL,
      message: 'grpc: error unmarshalling request: proto: wrong wireType = 2 for field PrevKv',
    });
    expect(await keyCount('k')).toBe('0');
  });

  it('refuses torn and truncated messages as grpc-go does', async () => {
    expect(await raw.call(PUT, [grpcFrame(Buffer.from([0x0a, 0x05, 0x6b]))])).toMatchObject({
      code: status.INTERNAL,
      message: 'grpc: error unmarshalling request: unexpected EOF',
    });
    expect(await raw.call(PUT, [])).toMatchObject({ code: status.UNKNOWN, message: 'EOF' });
    expect(await raw.call(PUT, [Buffer.from([0, 0])])).toMatchObject({
      code: status.UNKNOWN,
      message: 'unexpected EOF',
    });
    expect(await raw.call('/etcdserverpb.Maintenance/Snapshot', [Buffer.from([0, 0, 0, 0, 9, 1])])).toMatchObject({
      code: status.INTERNAL,
      message: 'unexpected EOF',
    });
    expect(await keyCount('k')).toBe('0');
  });

  it('refuses the compressed flag without a negotiated encoding, and any flag byte but 0 and 1', async () => {
    for (const headers of [{}, { 'grpc-encoding': 'identity' }]) {
      expect(await raw.call(PUT, [grpcFrame(putKV, 1)], { headers })).toMatchObject({
        code: status.INTERNAL,
        message: 'grpc: compressed flag set with identity or empty encoding',
      });
    }
    for (const flag of [2, 7, 0x80, 0xff]) {
      expect(await raw.call(PUT, [grpcFrame(putKV, flag)])).toMatchObject({
        code: status.INTERNAL,
        message: `grpc: received unexpected payload format ${flag}`,
      });
    }
    expect(await keyCount('k')).toBe('0');
  });

  it('refuses any grpc-encoding, compressed or not, as etcd installs no decompressor', async () => {
    for (const [encoding, frame] of [
      ['gzip', grpcFrame(gzipSync(putKV), 1)],
      ['gzip', grpcFrame(putKV)],
      ['snappy', grpcFrame(putKV, 1)],
    ] as const) {
      expect(await raw.call(PUT, [frame], { headers: { 'grpc-encoding': encoding } })).toMatchObject({
        code: status.UNIMPLEMENTED,
        message: `grpc: Decompressor is not installed for grpc-encoding "${encoding}"`,
      });
    }
    expect(await keyCount('k')).toBe('0');
  });

  it('refuses a message over the receive limit from its length prefix, without waiting for the body', async () => {
    const length = 3 * 1024 * 1024;
    expect(await raw.call(PUT, [grpcFrame(Buffer.alloc(0), 0, length)], { keepOpen: true })).toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
      message: `grpc: received message larger than max (${length} vs. ${2 * 1024 * 1024})`,
    });
    // The whole body, sent: the same answer, and the connection goes on serving.
    expect(await raw.call(PUT, [grpcFrame(Buffer.alloc(length, 1))])).toMatchObject({
      code: status.RESOURCE_EXHAUSTED,
    });
  });

  it('reads only the first message of a unary call, as grpc-go does', async () => {
    const second = Buffer.from([0x0a, 0x01, 0x6c, 0x12, 0x01, 0x76]);
    const r = await raw.call(PUT, [
      Buffer.concat([grpcFrame(Buffer.from([0x0a, 0x01, 0x6a, 0x12, 0x01, 0x76])), grpcFrame(second, 7)]),
    ]);
    expect([r.code, r.replies.length]).toEqual([status.OK, 1]);
    expect([await keyCount('j'), await keyCount('l')]).toEqual(['1', '0']);
  });

  it('ends a watch stream that sends a bad message after a good one with the streaming text', async () => {
    const create = Buffer.from([0x0a, 0x03, 0x0a, 0x01, 0x61]);
    const cases: Array<[Buffer, string]> = [
      [
        grpcFrame(Buffer.from([0x08, 0x01])),
        'grpc: failed to unmarshal the received message proto: wrong wireType = 0 for field CreateRequest',
      ],
      [
        grpcFrame(Buffer.from([0x0a, 0x02, 0x08, 0x01])),
        'grpc: failed to unmarshal the received message proto: wrong wireType = 0 for field Key',
      ],
      [grpcFrame(create, 7), 'grpc: received unexpected payload format 7'],
      [grpcFrame(create, 1), 'grpc: compressed flag set with identity or empty encoding'],
    ];
    for (const [bad, message] of cases) {
      const r = await raw.call('/etcdserverpb.Watch/Watch', [grpcFrame(create), bad], { keepOpen: true, gapMs: 100 });
      expect([r.code, r.message, r.replies.length]).toEqual([status.INTERNAL, message, 1]);
    }
    expect(
      await raw.call('/etcdserverpb.Lease/LeaseKeepAlive', [grpcFrame(Buffer.from([0x0a, 0x01, 0x00]))], {
        keepOpen: true,
      }),
    ).toMatchObject({
      code: status.INTERNAL,
      message: 'grpc: failed to unmarshal the received message proto: wrong wireType = 2 for field ID',
    });
  });

  it('keeps serving on the same connection after every refusal', async () => {
    const r = await raw.call(PUT, [grpcFrame(putKV)]);
    expect([r.code, r.replies.length]).toEqual([status.OK, 1]);
    expect(await keyCount('k')).toBe('1');
  });
});
