/**
 * Hand-written protobuf encoders for the requests on the API server's write path
 * (TxnRequest with its Compare / RequestOp members, and RangeRequest). They write the same
 * wire bytes grpc-js's proto-loader coding would, from the same MessageInit shapes
 * (messages.ts), leaving out zero scalars as proto3 allows, without protobufjs's fromObject copy and Long conversions: that pair cost
 * about 5% of the API server's CPU per pod create. request-codec.test.ts checks that
 * proto-loader decodes every message to what its own encoding gives.
 */
import type * as W from './messages.js';
import type { MessageInit } from './messages.js';

const WIRE_VARINT = 0;
const WIRE_LEN = 2;

const SORT_ORDER: Record<string, number> = { NONE: 0, ASCEND: 1, DESCEND: 2 };
const SORT_TARGET: Record<string, number> = { KEY: 0, VERSION: 1, CREATE: 2, MOD: 3, VALUE: 4 };
const COMPARE_RESULT: Record<string, number> = { EQUAL: 0, GREATER: 1, LESS: 2, NOT_EQUAL: 3 };
const COMPARE_TARGET: Record<string, number> = { VERSION: 0, CREATE: 1, MOD: 2, VALUE: 3, LEASE: 4 };

/** A growable output buffer; nested messages are written in place and then length-prefixed. */
class Writer {
  buf: Buffer;
  pos = 0;

  /** `capacity`: the expected size, so that a request is written without growing (copying) the buffer. */
  constructor(capacity = 512) {
    this.buf = Buffer.allocUnsafe(capacity);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + n));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  varint(n: number): void {
    this.ensure(10);
    while (n > 0x7f) {
      this.buf[this.pos++] = (n % 128) | 0x80;
      n = Math.floor(n / 128);
    }
    this.buf[this.pos++] = n;
  }

  /** A varint of a 64-bit value given as a bigint (negative int64s take ten bytes). */
  bigVarint(v: bigint): void {
    let u = BigInt.asUintN(64, v);
    this.ensure(10);
    while (u > 0x7fn) {
      this.buf[this.pos++] = Number(u & 0x7fn) | 0x80;
      u >>= 7n;
    }
    this.buf[this.pos++] = Number(u);
  }

  tag(field: number, wire: number): void {
    this.varint(field * 8 + wire);
  }

  /** A bytes field, left out when empty unless `always` (a oneof member that is set). */
  bytes(field: number, b: Uint8Array | null | undefined, always = false): void {
    if (!b || (b.length === 0 && !always)) return;
    this.tag(field, WIRE_LEN);
    this.varint(b.length);
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
  }

  bool(field: number, b: boolean | null | undefined): void {
    if (!b) return;
    this.tag(field, WIRE_VARINT);
    this.varint(1);
  }

  enumField(field: number, names: Record<string, number>, v: string | number | null | undefined): void {
    const n = typeof v === 'number' ? v : v === undefined || v === null ? 0 : names[v];
    if (n === undefined) throw new TypeError(`unknown enum value ${String(v)}`);
    if (n === 0) return;
    this.tag(field, WIRE_VARINT);
    this.varint(n);
  }

  /** An int64 field from its decimal string (or number); `always` writes a zero too (a oneof member). */
  int64(field: number, v: string | number | null | undefined, always = false): void {
    if (v === undefined || v === null) return;
    const n = typeof v === 'number' ? v : Number(v);
    if (n === 0 && !always) return;
    this.tag(field, WIRE_VARINT);
    if (Number.isSafeInteger(n) && n >= 0) this.varint(n);
    else this.bigVarint(BigInt(v));
  }

  /** Writes `body` as a length-delimited sub-message of `field`. */
  message(field: number, body: () => void): void {
    this.tag(field, WIRE_LEN);
    const start = this.pos;
    body();
    const len = this.pos - start;
    let prefix = 1;
    for (let v = len; v > 0x7f; v = Math.floor(v / 128)) prefix++;
    this.ensure(prefix);
    this.buf.copyWithin(start + prefix, start, this.pos);
    const end = this.pos + prefix;
    this.pos = start;
    this.varint(len);
    this.pos = end;
  }

  finish(): Buffer {
    return this.buf.subarray(0, this.pos);
  }
}

type Init<T> = MessageInit<T>;

function writeRange(w: Writer, m: Init<W.RangeRequest>): void {
  w.bytes(1, m.key);
  w.bytes(2, m.range_end);
  w.int64(3, m.limit);
  w.int64(4, m.revision);
  w.enumField(5, SORT_ORDER, m.sort_order);
  w.enumField(6, SORT_TARGET, m.sort_target);
  w.bool(7, m.serializable);
  w.bool(8, m.keys_only);
  w.bool(9, m.count_only);
  w.int64(10, m.min_mod_revision);
  w.int64(11, m.max_mod_revision);
  w.int64(12, m.min_create_revision);
  w.int64(13, m.max_create_revision);
}

function writePut(w: Writer, m: Init<W.PutRequest>): void {
  w.bytes(1, m.key);
  w.bytes(2, m.value);
  w.int64(3, m.lease);
  w.bool(4, m.prev_kv);
  w.bool(5, m.ignore_value);
  w.bool(6, m.ignore_lease);
}

function writeDelete(w: Writer, m: Init<W.DeleteRangeRequest>): void {
  w.bytes(1, m.key);
  w.bytes(2, m.range_end);
  w.bool(3, m.prev_kv);
}

function writeCompare(w: Writer, c: Init<W.Compare>): void {
  w.enumField(1, COMPARE_RESULT, c.result);
  w.enumField(2, COMPARE_TARGET, c.target);
  w.bytes(3, c.key);
  // target_union is a oneof: a member that is set goes on the wire even when it is zero.
  if (c.version !== undefined && c.version !== null) w.int64(4, c.version, true);
  if (c.create_revision !== undefined && c.create_revision !== null) w.int64(5, c.create_revision, true);
  if (c.mod_revision !== undefined && c.mod_revision !== null) w.int64(6, c.mod_revision, true);
  if (c.value !== undefined && c.value !== null) w.bytes(7, c.value, true);
  if (c.lease !== undefined && c.lease !== null) w.int64(8, c.lease, true);
  w.bytes(64, c.range_end);
}

function writeOp(w: Writer, op: Init<W.RequestOp>): void {
  if (op.request_range) w.message(1, () => writeRange(w, op.request_range!));
  else if (op.request_put) w.message(2, () => writePut(w, op.request_put!));
  else if (op.request_delete_range) w.message(3, () => writeDelete(w, op.request_delete_range!));
  else if (op.request_txn) w.message(4, () => writeTxn(w, op.request_txn!));
}

function writeTxn(w: Writer, t: Init<W.TxnRequest>): void {
  for (const c of t.compare ?? []) w.message(1, () => writeCompare(w, c));
  for (const op of t.success ?? []) w.message(2, () => writeOp(w, op));
  for (const op of t.failure ?? []) w.message(3, () => writeOp(w, op));
}

/** Room for an op's or compare's fields besides its key and value (tags, lengths, revisions). */
const FIELDS_BYTES = 48;

const lengthOf = (b: Uint8Array | null | undefined): number => b?.length ?? 0;

function opBytes(op: Init<W.RequestOp>): number {
  const m = op.request_range ?? op.request_put ?? op.request_delete_range;
  if (m)
    return (
      FIELDS_BYTES +
      lengthOf(m.key) +
      lengthOf((m as { value?: Uint8Array }).value) +
      lengthOf((m as { range_end?: Uint8Array }).range_end)
    );
  return op.request_txn ? FIELDS_BYTES + txnBytes(op.request_txn) : FIELDS_BYTES;
}

/**
 * About the encoded size of a Txn (at least it, give or take its fields' few bytes): the
 * writer's first size. Grown from 512 bytes, a Pod write's buffer was copied three times
 * and ended past Node's pooled sizes.
 */
function txnBytes(t: Init<W.TxnRequest>): number {
  let n = FIELDS_BYTES;
  for (const c of t.compare ?? []) n += FIELDS_BYTES + lengthOf(c.key) + lengthOf(c.value) + lengthOf(c.range_end);
  for (const op of t.success ?? []) n += opBytes(op);
  for (const op of t.failure ?? []) n += opBytes(op);
  return n;
}

/** etcdserverpb.TxnRequest to its wire bytes. */
export function encodeTxnRequest(t: Init<W.TxnRequest>): Buffer {
  const w = new Writer(txnBytes(t));
  writeTxn(w, t);
  return w.finish();
}

/** etcdserverpb.RangeRequest to its wire bytes. */
export function encodeRangeRequest(m: Init<W.RangeRequest>): Buffer {
  const w = new Writer();
  writeRange(w, m);
  return w.finish();
}
