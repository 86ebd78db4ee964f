import { describe, expect, it } from 'vitest';
import { loadEtcdProto } from '@wheelhouse/etcd';
import { encodeEvent, encodeEventsReply, encodeHeader } from './watch-codec.js';
import type { WatchEvent } from '../engine/index.js';

const decode = (buf: Buffer): Record<string, unknown> =>
  loadEtcdProto().etcdserverpb.Watch.service.Watch!.responseDeserialize(buf) as Record<string, unknown>;

describe('watch reply encoding', () => {
  it('decodes with the etcd protos to the same reply grpc-js would build', () => {
    const put: WatchEvent = {
      type: 'PUT',
      kv: {
        key: Buffer.from('/a'),
        createRevision: 2,
        modRevision: 9_007_199_254_740_991,
        version: 3,
        value: Buffer.from('v'),
        lease: 7_587_869_364_498_466_123n,
      },
      prevKv: {
        key: Buffer.from('/a'),
        createRevision: 2,
        modRevision: 4,
        version: 2,
        value: Buffer.alloc(0),
        lease: 0n,
      },
    };
    const del: WatchEvent = {
      type: 'DELETE',
      kv: { key: Buffer.from('/b'), createRevision: 0, modRevision: 10, version: 0, value: Buffer.alloc(0), lease: 0n },
    };
    const header = encodeHeader({
      cluster_id: '18446744073709551615',
      member_id: '42',
      revision: '10',
      raft_term: '2',
    });
    const reply = decode(encodeEventsReply(header, '5', [encodeEvent(put), encodeEvent(del)], true));
    expect(reply.header).toEqual({
      cluster_id: '18446744073709551615',
      member_id: '42',
      revision: '10',
      raft_term: '2',
    });
    expect(reply.watch_id).toBe('5');
    expect(reply.fragment).toBe(true);
    const events = reply.events as Array<Record<string, any>>;
    expect(events.map((e) => e.type)).toEqual(['PUT', 'DELETE']);
    expect(events[0]!.kv).toMatchObject({
      key: Buffer.from('/a'),
      mod_revision: '9007199254740991',
      version: '3',
      value: Buffer.from('v'),
      lease: '7587869364498466123',
    });
    expect(events[0]!.prev_kv).toMatchObject({ mod_revision: '4', version: '2', lease: '0' });
    expect(events[1]!.kv).toMatchObject({ key: Buffer.from('/b'), mod_revision: '10', create_revision: '0' });
    expect(events[1]!.prev_kv).toBeNull();
  });

  it('encodes each event object once', () => {
    const ev: WatchEvent = {
      type: 'PUT',
      kv: { key: Buffer.from('k'), createRevision: 2, modRevision: 2, version: 1, value: Buffer.from('v'), lease: 0n },
    };
    expect(encodeEvent(ev)).toBe(encodeEvent(ev));
  });
});
