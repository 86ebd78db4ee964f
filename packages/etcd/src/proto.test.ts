import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import * as grpc from '@grpc/grpc-js';
import { startRealEtcd, type EtcdServer } from '@wheelhouse/testing';
import { loadEtcdProto } from './proto.js';
import type { PutResponse, RangeResponse, MessageInit, PutRequest, RangeRequest } from './messages.js';

type Unary<Req, Res> = (req: MessageInit<Req>, cb: (err: grpc.ServiceError | null, res: Res) => void) => void;

function call<Req, Res>(fn: Unary<Req, Res>, req: MessageInit<Req>): Promise<Res> {
  return new Promise((resolve, reject) => fn(req, (err, res) => (err ? reject(err) : resolve(res))));
}

describe('loadEtcdProto', () => {
  let etcd: EtcdServer;
  beforeAll(async () => {
    etcd = await startRealEtcd();
  });
  afterAll(async () => {
    await etcd?.stop();
  });

  it('builds a grpc-js KV client that can Put and Range against the real etcd, in the documented shapes', async () => {
    const { KV } = loadEtcdProto().etcdserverpb;
    const kv = new KV(etcd.endpoint.replace('http://', ''), grpc.credentials.createInsecure()) as unknown as {
      Put: Unary<PutRequest, PutResponse>;
      Range: Unary<RangeRequest, RangeResponse>;
      close(): void;
    };
    try {
      const put = await call(kv.Put.bind(kv), { key: Buffer.from('/p/a'), value: Buffer.from('1') });
      expect(put.header?.revision).toMatch(/^\d+$/);
      expect(put.prev_kv).toBeNull();
      const range = await call(kv.Range.bind(kv), {
        key: Buffer.from('/p/'),
        range_end: Buffer.from('/p0'),
        sort_order: 'DESCEND',
      });
      expect(range.count).toBe('1');
      expect(range.more).toBe(false);
      const kvPair = range.kvs[0]!;
      expect(Buffer.isBuffer(kvPair.key)).toBe(true);
      expect(kvPair.value.toString()).toBe('1');
      expect(kvPair.version).toBe('1');
      expect(kvPair.mod_revision).toBe(put.header?.revision);
      expect(kvPair.lease).toBe('0');
    } finally {
      kv.close();
    }
  });
});
