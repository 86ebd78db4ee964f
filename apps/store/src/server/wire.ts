/**
 * Conversions between decoded etcd wire messages (snake_case, int64 as decimal strings,
 * enums as names; see @wheelhouse/etcd's PROTO_LOADER_OPTIONS) and the engine's camelCase
 * types. Decoded input is untrusted: every reader tolerates missing fields, numbers where
 * strings are expected and unknown enum values (which arrive as plain numbers).
 */
import type * as wire from '@wheelhouse/etcd';
import type { MessageInit } from '@wheelhouse/etcd';
import type * as eng from '../engine/index.js';

const EMPTY = Buffer.alloc(0);

/** An int64 field as a JS number (revisions, limits, versions); garbage reads as 0. */
export function num(v: unknown): number {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : 0;
  if (typeof v === 'string' && v !== '') {
    const n = Number(v);
    return Number.isFinite(n) ? Math.trunc(n) : 0;
  }
  return 0;
}

/** An int64 field as a bigint (lease and member IDs); garbage reads as 0n. */
export function big(v: unknown): bigint {
  try {
    if (typeof v === 'string' && v !== '') return BigInt(v);
    if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  } catch {
    // fall through: not an integer
  }
  return 0n;
}

/** A bytes field; anything that is not a Buffer/Uint8Array reads as empty. */
export function bytes(v: unknown): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (v instanceof Uint8Array) return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
  return EMPTY;
}

/** An optional range end: empty means "single key", which the engine spells undefined. */
function rangeEnd(v: unknown): Buffer | undefined {
  const b = bytes(v);
  return b.length === 0 ? undefined : b;
}

/** An enum by name, falling back to `fallback` for unknown values (etcd accepts those silently). */
function oneOf<T extends string>(v: unknown, names: readonly T[], fallback: T): T {
  return typeof v === 'string' && (names as readonly string[]).includes(v) ? (v as T) : fallback;
}

const SORT_ORDERS = ['NONE', 'ASCEND', 'DESCEND'] as const;
const SORT_TARGETS = ['KEY', 'VERSION', 'CREATE', 'MOD', 'VALUE'] as const;
const COMPARE_RESULTS = ['EQUAL', 'GREATER', 'LESS', 'NOT_EQUAL'] as const;
const COMPARE_TARGETS = ['VERSION', 'CREATE', 'MOD', 'VALUE', 'LEASE'] as const;

/** RangeRequest -> engine. */
export function rangeFromWire(r: Partial<wire.RangeRequest>): eng.RangeRequest {
  return {
    key: bytes(r.key),
    rangeEnd: rangeEnd(r.range_end),
    limit: Math.max(0, num(r.limit)),
    revision: num(r.revision),
    sortOrder: oneOf(r.sort_order, SORT_ORDERS, 'NONE'),
    sortTarget: oneOf(r.sort_target, SORT_TARGETS, 'KEY'),
    keysOnly: r.keys_only === true,
    countOnly: r.count_only === true,
    minModRevision: num(r.min_mod_revision),
    maxModRevision: num(r.max_mod_revision),
    minCreateRevision: num(r.min_create_revision),
    maxCreateRevision: num(r.max_create_revision),
  };
}

/** PutRequest -> engine. */
export function putFromWire(r: Partial<wire.PutRequest>): eng.PutRequest {
  return {
    key: bytes(r.key),
    value: bytes(r.value),
    lease: big(r.lease),
    prevKv: r.prev_kv === true,
    ignoreValue: r.ignore_value === true,
    ignoreLease: r.ignore_lease === true,
  };
}

/** DeleteRangeRequest -> engine. */
export function deleteFromWire(r: Partial<wire.DeleteRangeRequest>): eng.DeleteRangeRequest {
  return { key: bytes(r.key), rangeEnd: rangeEnd(r.range_end), prevKv: r.prev_kv === true };
}

/** Compare -> engine. The oneof target_union holds whichever operand was sent. */
export function compareFromWire(c: Partial<wire.Compare>): eng.Compare {
  return {
    result: oneOf(c.result, COMPARE_RESULTS, 'EQUAL'),
    target: oneOf(c.target, COMPARE_TARGETS, 'VERSION'),
    key: bytes(c.key),
    rangeEnd: rangeEnd(c.range_end),
    version: num(c.version),
    createRevision: num(c.create_revision),
    modRevision: num(c.mod_revision),
    value: bytes(c.value),
    lease: big(c.lease),
  };
}

/** An empty RequestOp (no member of the oneof set): the engine rejects it as etcd does. */
const EMPTY_OP = {} as eng.RequestOp;

/** RequestOp -> engine; nested txns recurse. */
export function opFromWire(op: Partial<wire.RequestOp> | null | undefined): eng.RequestOp {
  if (!op) return EMPTY_OP;
  if (op.request_range) return { range: rangeFromWire(op.request_range) };
  if (op.request_put) return { put: putFromWire(op.request_put) };
  if (op.request_delete_range) return { deleteRange: deleteFromWire(op.request_delete_range) };
  if (op.request_txn) return { txn: txnFromWire(op.request_txn) };
  return EMPTY_OP;
}

/** TxnRequest -> engine. */
export function txnFromWire(r: Partial<wire.TxnRequest>): eng.TxnRequest {
  return {
    compare: (r.compare ?? []).map((c) => compareFromWire(c ?? {})),
    success: (r.success ?? []).map(opFromWire),
    failure: (r.failure ?? []).map(opFromWire),
  };
}

/** True when the txn writes (etcd checks write txns against --max-request-bytes). */
export function txnWrites(r: eng.TxnRequest): boolean {
  const writes = (ops: eng.RequestOp[]): boolean =>
    ops.some((op) => 'put' in op || 'deleteRange' in op || ('txn' in op && txnWrites(op.txn)));
  return writes(r.success) || writes(r.failure);
}

/** Engine KeyValue -> wire. */
export function kvToWire(kv: eng.KeyValue): MessageInit<wire.KeyValue> {
  return {
    key: kv.key,
    create_revision: String(kv.createRevision),
    mod_revision: String(kv.modRevision),
    version: String(kv.version),
    value: kv.value,
    lease: kv.lease.toString(),
  };
}

type Header = MessageInit<wire.ResponseHeader>;

/** RangeResult -> RangeResponse. */
export function rangeToWire(r: eng.RangeResult, header: Header): MessageInit<wire.RangeResponse> {
  return { header, kvs: r.kvs.map(kvToWire), more: r.more, count: String(r.count) };
}

/** PutResult -> PutResponse. */
export function putToWire(r: eng.PutResult, header: Header): MessageInit<wire.PutResponse> {
  return { header, prev_kv: r.prevKv ? kvToWire(r.prevKv) : null };
}

/** DeleteRangeResult -> DeleteRangeResponse. */
export function deleteToWire(r: eng.DeleteRangeResult, header: Header): MessageInit<wire.DeleteRangeResponse> {
  return { header, deleted: String(r.deleted), prev_kvs: r.prevKvs.map(kvToWire) };
}

/**
 * TxnResult -> TxnResponse. As etcd 3.4 does, the responses inside a txn carry a header
 * with only the revision set, and a nested txn's header has no revision at all.
 */
export function txnToWire(r: eng.TxnResult, header: Header): MessageInit<wire.TxnResponse> {
  return { header, succeeded: r.succeeded, responses: r.responses.map(responseOpToWire) };
}

function responseOpToWire(op: eng.ResponseOp): MessageInit<wire.ResponseOp> {
  if ('range' in op) return { response_range: rangeToWire(op.range, subHeader(op.range.revision)) };
  if ('put' in op) return { response_put: putToWire(op.put, subHeader(op.put.revision)) };
  if ('deleteRange' in op)
    return { response_delete_range: deleteToWire(op.deleteRange, subHeader(op.deleteRange.revision)) };
  return { response_txn: txnToWire(op.txn, subHeader(0)) };
}

function subHeader(revision: number): Header {
  return { cluster_id: '0', member_id: '0', revision: String(revision), raft_term: '0' };
}
