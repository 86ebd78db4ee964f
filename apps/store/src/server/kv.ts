/** The KV service: Range, Put, DeleteRange, Txn, Compact. */
import type { UntypedServiceImplementation } from '@grpc/grpc-js';
import type * as wire from '@wheelhouse/etcd';
import { StoreError } from '../errors.js';
import type { ServerContext } from './context.js';
import { requestBytes, unary } from './handler.js';
import {
  bytes,
  deleteFromWire,
  deleteToWire,
  num,
  putFromWire,
  putToWire,
  rangeFromWire,
  rangeToWire,
  txnFromWire,
  txnToWire,
  txnWrites,
} from './wire.js';

/**
 * Bytes etcd adds around a request when it wraps it for raft (InternalRaftRequest header
 * and framing); its size limit applies to the wrapped request.
 */
const RAFT_WRAPPING_BYTES = 16;

/** Implements etcdserverpb.KV over the engine. */
export function kvService(ctx: ServerContext): UntypedServiceImplementation {
  const { engine, identity, log } = ctx;
  const checkSize = (req: unknown): void => {
    if (requestBytes(req) + RAFT_WRAPPING_BYTES > ctx.limits.maxRequestBytes) throw new StoreError('RequestTooLarge');
  };
  return {
    Range: unary(log, 'Range', (req: wire.RangeRequest) => {
      // etcd's checkRangeRequest: an empty key is refused even with range_end "\0".
      if (bytes(req.key).length === 0) throw new StoreError('EmptyKey');
      const r = engine.range(rangeFromWire(req));
      return rangeToWire(r, identity.header(r.revision));
    }),
    Put: unary(log, 'Put', async (req: wire.PutRequest) => {
      checkSize(req);
      const r = await engine.put(putFromWire(req));
      return putToWire(r, identity.header(r.revision));
    }),
    DeleteRange: unary(log, 'DeleteRange', async (req: wire.DeleteRangeRequest) => {
      if (bytes(req.key).length === 0) throw new StoreError('EmptyKey');
      checkSize(req);
      const r = await engine.deleteRange(deleteFromWire(req));
      return deleteToWire(r, identity.header(r.revision));
    }),
    Txn: unary(log, 'Txn', async (req: wire.TxnRequest) => {
      const txn = txnFromWire(req);
      if (txnWrites(txn)) checkSize(req);
      const r = await engine.txn(txn);
      return txnToWire(r, identity.header(r.revision));
    }),
    Compact: unary(log, 'Compact', async (req: wire.CompactionRequest) => {
      const r = await engine.compact(num(req.revision));
      return { header: identity.header(r.revision) };
    }),
  };
}
