import { describe, it, expect } from 'vitest';
import type * as grpc from '@grpc/grpc-js';
import { loadEtcdProto } from './proto.js';
import { encodeRangeRequest, encodeTxnRequest } from './request-codec.js';
import { rangeRequest, txnRequest } from './convert.js';
import type { MessageInit, RangeRequest, TxnRequest } from './messages.js';

interface Def {
  requestSerialize(m: unknown): Buffer;
  requestDeserialize(b: Buffer): unknown;
}
const kv = loadEtcdProto().etcdserverpb.KV.service as grpc.ServiceDefinition;
const txnDef = kv.Txn as unknown as Def;
const rangeDef = kv.Range as unknown as Def;
const value = Buffer.from(JSON.stringify({ kind: 'Pod', metadata: { name: 'web-0' }, pad: 'x'.repeat(3000) }));

const txns: [string, MessageInit<TxnRequest>][] = [
  ['empty', {}],
  [
    'a create: mod_revision == 0 (a zero oneof member), put, else get',
    txnRequest({
      compare: [{ key: '/registry/pods/default/web-0', target: 'modRevision', result: '==', value: 0 }],
      success: [{ type: 'put', key: '/registry/pods/default/web-0', value }],
      failure: [{ type: 'get', key: '/registry/pods/default/web-0' }],
    }),
  ],
  [
    'an update with a lease and prev_kv',
    txnRequest({
      compare: [{ key: 'k', target: 'modRevision', result: '==', value: 2 ** 40 + 3 }],
      success: [{ type: 'put', key: 'k', value: 'v', lease: '7587883071289510000', prevKv: true }],
      failure: [
        { type: 'get', key: 'k', revision: 12, limit: 3, sortOrder: 'descend', sortTarget: 'mod', keysOnly: true },
      ],
    }),
  ],
  [
    'every compare target and result, ranges, negative lease, nested txn',
    txnRequest({
      compare: [
        { key: 'a', target: 'version', result: '>', value: 0 },
        { key: 'a', target: 'createRevision', result: '<', value: 5 },
        { key: 'a', rangeEnd: 'b', target: 'value', result: '!=', value: '' },
        { key: 'a', target: 'value', result: '==', value: 'x' },
        { key: 'a', target: 'lease', result: '==', value: '-1' },
      ],
      success: [
        { type: 'delete', key: 'a', rangeEnd: 'z', prevKv: true },
        {
          type: 'txn',
          txn: {
            compare: [{ key: 'n', target: 'version', result: '==', value: 1 }],
            success: [{ type: 'get', key: 'n', countOnly: true, serializable: true }],
          },
        },
        { type: 'put', key: 'p', value: '', ignoreValue: true, ignoreLease: true, lease: '-9' },
      ],
      failure: [
        { type: 'get', key: 'x', minModRevision: 1, maxModRevision: 2, minCreateRevision: 3, maxCreateRevision: 4 },
      ],
    }),
  ],
  [
    'a large value (the buffer grows)',
    txnRequest({ success: [{ type: 'put', key: 'big', value: Buffer.alloc(200_000, 7) }] }),
  ],
];

const ranges: [string, MessageInit<RangeRequest>][] = [
  ['a prefix list page', rangeRequest('/registry/pods/', { prefix: true, limit: 500, revision: 99 })],
  ['defaults', rangeRequest('k')],
  [
    'enums as numbers',
    { key: Buffer.from('k'), sort_order: 2 as unknown as 'DESCEND', sort_target: 4 as unknown as 'VALUE' },
  ],
];

describe('request-codec', () => {
  it.each(txns)('encodes a TxnRequest as proto-loader does: %s', (_name, m) => {
    // proto-loader also writes the zero scalars it is given; proto3 reads absent and zero alike.
    const ours = encodeTxnRequest(m);
    expect(txnDef.requestDeserialize(ours)).toEqual(txnDef.requestDeserialize(txnDef.requestSerialize(m)));
  });

  it.each(ranges)('encodes a RangeRequest as proto-loader does: %s', (_name, m) => {
    const ours = encodeRangeRequest(m);
    expect(rangeDef.requestDeserialize(ours)).toEqual(rangeDef.requestDeserialize(rangeDef.requestSerialize(m)));
  });

  it('keeps a create compare against revision 0 on the wire', () => {
    const m = txnRequest({ compare: [{ key: 'k', target: 'modRevision', result: '==', value: 0 }] });
    const decoded = txnDef.requestDeserialize(encodeTxnRequest(m)) as TxnRequest;
    expect(decoded.compare[0]).toMatchObject({ target: 'MOD', target_union: 'mod_revision', mod_revision: '0' });
  });

  it('refuses an unknown enum name', () => {
    expect(() => encodeRangeRequest({ key: Buffer.from('k'), sort_order: 'SIDEWAYS' as 'NONE' })).toThrow(
      /unknown enum value SIDEWAYS/,
    );
  });
});
