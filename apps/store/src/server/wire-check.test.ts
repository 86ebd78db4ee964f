/**
 * The wire checker against etcd 3.4's gogo/protobuf Unmarshal: unit cases, and a seeded
 * differential run that sends the same mutated requests to the real etcd and to the store
 * and expects the same decode refusals, word for word.
 */
import type * as grpc from '@grpc/grpc-js';
import { loadEtcdProto } from '@wheelhouse/etcd';
import { startRealEtcd, type EtcdServer } from '@wheelhouse/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grpcFrame, RawGrpc, type RawAnswer } from './raw-grpc.test-support.js';
import { startTestStore, type TestStore } from './test-client.test-support.js';
import { goFieldName, WireChecker } from './wire-check.js';

const { packageDefinition, etcdserverpb: pb } = loadEtcdProto();
const checker = new WireChecker(packageDefinition);
const hex = (s: string): Buffer => Buffer.from(s.replace(/\s/g, ''), 'hex');

describe('goFieldName', () => {
  it('names fields as protoc-gen-go does', () => {
    expect(
      ['key', 'prev_kv', 'range_end', 'ID', 'TTL', 'peerURLs', 'isLearner', 'watch_id', '_x', 'a_1b'].map(goFieldName),
    ).toEqual(['Key', 'PrevKv', 'RangeEnd', 'ID', 'TTL', 'PeerURLs', 'IsLearner', 'WatchId', 'XX', 'A_1B']);
  });
});

describe('WireChecker', () => {
  it("returns gogo's error for each kind of fault, undefined for a good message", () => {
    const put = 'etcdserverpb.PutRequest';
    const cases: Array<[string, Buffer, string | undefined]> = [
      [put, hex('0a016b120176'), undefined],
      [put, hex('0a016b f801 05'), undefined], // an unknown varint field is skipped
      [put, hex('08016b120176'), 'proto: wrong wireType = 0 for field Key'],
      [put, hex('0a016b 1801 2201 00'), 'proto: wrong wireType = 2 for field PrevKv'],
      [put, hex('0a056b'), 'unexpected EOF'],
      [put, hex('00'), 'proto: PutRequest: illegal tag 0 (wire type 0)'],
      [put, hex('0c'), 'proto: PutRequest: wiretype end group for non-group'],
      [put, hex('18 ffffffffffffffffff01'), undefined],
      [put, hex('18 ffffffffffffffffffff01'), 'proto: integer overflow'],
      [put, hex('0a ffffffffffffffffff01'), 'proto: negative length found during unmarshaling'],
      [put, hex('7e'), 'proto: illegal wireType 6'],
      [put, hex('7b 0801 7c'), undefined], // a group in an unknown field
      [put, hex('79 0102'), 'unexpected EOF'],
      ['etcdserverpb.TxnRequest', hex('1208 1206 08016b120176'), 'proto: wrong wireType = 0 for field Key'],
      ['etcdserverpb.WatchRequest', hex('0a04 2a020001'), undefined], // packed filters
      ['etcdserverpb.WatchRequest', hex('0a02 2d00'), 'proto: wrong wireType = 5 for field Filters'],
    ];
    for (const [type, bytes, want] of cases)
      expect([type, bytes.toString('hex'), checker.check(type, bytes)]).toEqual([type, bytes.toString('hex'), want]);
  });
});

describe('decode refusals against the real etcd', () => {
  let etcd: EtcdServer;
  let store: TestStore;
  let toEtcd: RawGrpc;
  let toStore: RawGrpc;
  beforeAll(async () => {
    [etcd, store] = await Promise.all([startRealEtcd(), startTestStore()]);
    toEtcd = new RawGrpc(etcd.endpoint);
    toStore = new RawGrpc(store.endpoint);
  });
  afterAll(async () => {
    toEtcd?.close();
    toStore?.close();
    await Promise.all([etcd?.stop(), store?.stop()]);
  });

  const encode = (service: keyof typeof pb, method: string, req: object): Buffer =>
    (pb[service].service as grpc.ServiceDefinition)[method]!.requestSerialize(req);
  const samples: Array<[keyof typeof pb, string, string, Buffer]> = [
    [
      'KV',
      'Range',
      'RangeRequest',
      encode('KV', 'Range', {
        key: Buffer.from('fz/a'),
        range_end: Buffer.from('fz/z'),
        limit: 5,
        sort_order: 'DESCEND',
        sort_target: 'MOD',
        keys_only: true,
        min_mod_revision: 1,
      }),
    ],
    [
      'KV',
      'Put',
      'PutRequest',
      encode('KV', 'Put', { key: Buffer.from('fz/k'), value: Buffer.from('value'), prev_kv: true }),
    ],
    [
      'KV',
      'Txn',
      'TxnRequest',
      encode('KV', 'Txn', {
        compare: [{ key: Buffer.from('fz/k'), target: 'MOD', result: 'GREATER', mod_revision: '1' }],
        success: [{ request_put: { key: Buffer.from('fz/t'), value: Buffer.from('v') } }],
        failure: [
          { request_range: { key: Buffer.from('fz/k') } },
          { request_txn: { success: [{ request_delete_range: { key: Buffer.from('fz/q') } }] } },
        ],
      }),
    ],
    [
      'KV',
      'DeleteRange',
      'DeleteRangeRequest',
      encode('KV', 'DeleteRange', { key: Buffer.from('fz/x'), range_end: Buffer.from('fz/y'), prev_kv: true }),
    ],
    [
      'Lease',
      'LeaseTimeToLive',
      'LeaseTimeToLiveRequest',
      encode('Lease', 'LeaseTimeToLive', { ID: '12345', keys: true }),
    ],
    // (Not Alarm: etcd 3.4.23 panics on an AlarmRequest with an unknown action, one mutation away.)
    ['Lease', 'LeaseRevoke', 'LeaseRevokeRequest', encode('Lease', 'LeaseRevoke', { ID: '12345' })],
  ];
  const junk = [
    [0x0b, 0x08, 0x01, 0x0c],
    [0x0b, 0x0b, 0x0c, 0x0c],
    [0x0b],
    [0x0c],
    [0xfe, 0x01],
    [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01],
    [0xf8, 0xff, 0xff, 0xff, 0x0f, 0x00],
    [0x7a, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01],
    [0x79, 1, 2],
    [0x7d, 1],
    [0x7e],
    [0x0a, 0xff, 0xff, 0xff, 0xff, 0x0f],
  ];

  it('refuses the same mutated requests with the same status and text', async () => {
    let seed = 20261205;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const mutate = (good: Buffer): Buffer => {
      const b = Buffer.from(good);
      switch (rnd(6)) {
        case 0:
          for (let k = 0; k <= rnd(3); k++) b[rnd(b.length)] = rnd(256);
          return b;
        case 1:
          return b.subarray(0, rnd(b.length));
        case 2: {
          const at = rnd(b.length + 1);
          return Buffer.concat([
            b.subarray(0, at),
            Buffer.from(Array.from({ length: 1 + rnd(4) }, () => rnd(256))),
            b.subarray(at),
          ]);
        }
        case 3:
          return Buffer.from(Array.from({ length: rnd(30) }, () => rnd(256)));
        case 4: {
          const at = rnd(b.length + 1);
          return Buffer.concat([b.subarray(0, at), Buffer.from(junk[rnd(junk.length)]!), b.subarray(at)]);
        }
        default:
          b[rnd(b.length)]! ^= 1 << rnd(8);
          return b;
      }
    };
    const decodeRefusal = (a: RawAnswer): string | undefined =>
      a.code === 13 && a.message.startsWith('grpc: error unmarshalling request: ') ? a.message : undefined;
    let refused = 0;
    for (let round = 0; round < 150; round++) {
      for (const [service, method, type, good] of samples) {
        const bytes = mutate(good);
        const path = `/etcdserverpb.${service}/${method}`;
        const [theirs, ours] = await Promise.all([
          toEtcd.call(path, [grpcFrame(bytes)]),
          toStore.call(path, [grpcFrame(bytes)]),
        ]);
        const want = decodeRefusal(theirs);
        if (want) refused++;
        const mine = checker.check(`etcdserverpb.${type}`, bytes);
        expect([
          path,
          bytes.toString('hex'),
          decodeRefusal(ours),
          mine && `grpc: error unmarshalling request: ${mine}`,
        ]).toEqual([path, bytes.toString('hex'), want, want]);
      }
    }
    // The run exercises refusals and acceptances both.
    expect(refused).toBeGreaterThan(300);
    expect(refused).toBeLessThan(850);
  }, 120_000);
});
