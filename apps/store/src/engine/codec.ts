/**
 * Byte layouts of what the engine stores in LMDB, as etcd lays out its bolt buckets:
 * the `key` database maps a 16-byte revision (8-byte main + 8-byte sub, big-endian, so
 * LMDB's byte order is revision order) to one encoded KeyValue record.
 *
 * Record layout (all integers big-endian):
 *   [0]        flags (bit 0: tombstone)
 *   [1..9)     create revision
 *   [9..17)    version
 *   [17..25)   lease id (signed 64-bit)
 *   [25..29)   key length
 *   [29..)     key bytes, then value bytes
 * The mod revision is the record's own main revision (its LMDB key).
 */
import type { KeyValue } from './types.js';

export const REV_BYTES = 16;
const HEADER = 29;
const TOMBSTONE = 1;
const TWO_32 = 4294967296;

/** Writes a non-negative integer below 2^53 as 8 big-endian bytes. */
export function writeU64(buf: Buffer, offset: number, n: number): void {
  buf.writeUInt32BE(Math.floor(n / TWO_32), offset);
  buf.writeUInt32BE(n >>> 0, offset + 4);
}

/** Reads 8 big-endian bytes written by writeU64. */
export function readU64(buf: Buffer, offset: number): number {
  return buf.readUInt32BE(offset) * TWO_32 + buf.readUInt32BE(offset + 4);
}

/** The LMDB key of revision (main, sub). Fresh buffer: lmdb-js may keep it until commit. */
export function revKey(main: number, sub: number): Buffer {
  const b = Buffer.allocUnsafe(REV_BYTES);
  writeU64(b, 0, main);
  writeU64(b, 8, sub);
  return b;
}

const scratchKey = Buffer.alloc(REV_BYTES);
/** A shared revision key for synchronous lookups only (lmdb-js copies keys on get). */
export function scratchRevKey(main: number, sub: number): Buffer {
  writeU64(scratchKey, 0, main);
  writeU64(scratchKey, 8, sub);
  return scratchKey;
}

/** Encodes one record of the `key` database; `key` as bytes or as their latin1 string (the index's form). */
export function encodeRecord(
  key: Buffer | string,
  value: Buffer,
  createRevision: number,
  version: number,
  lease: bigint,
  tombstone: boolean,
): Buffer {
  // A string key is the index's latin1 form: one byte per character, written without a copy in between.
  const b = Buffer.allocUnsafe(HEADER + key.length + value.length);
  b[0] = tombstone ? TOMBSTONE : 0;
  writeU64(b, 1, createRevision);
  writeU64(b, 9, version);
  b.writeBigInt64BE(lease, 17);
  b.writeUInt32BE(key.length, 25);
  if (typeof key === 'string') b.write(key, HEADER, 'latin1');
  else key.copy(b, HEADER);
  value.copy(b, HEADER + key.length);
  return b;
}

/** True when the record is a tombstone (a delete). */
export function isTombstone(record: Buffer): boolean {
  return ((record[0] ?? 0) & TOMBSTONE) !== 0;
}

/** The key bytes of a record, as a view into it. */
export function recordKey(record: Buffer): Buffer {
  return record.subarray(HEADER, HEADER + record.readUInt32BE(25));
}

/** The lease id stored in a record. */
export function recordLease(record: Buffer): bigint {
  return record.readBigInt64BE(17);
}

/** The create revision stored in a record. */
export function recordCreateRevision(record: Buffer): number {
  return readU64(record, 1);
}

/** The version stored in a record. */
export function recordVersion(record: Buffer): number {
  return readU64(record, 9);
}

/**
 * Decodes a record into a KeyValue. The returned buffers are views of `record`, which must
 * be a fresh buffer owned by the caller (lmdb-js `get` returns a copy).
 */
export function decodeRecord(record: Buffer, modRevision: number, keysOnly: boolean): KeyValue {
  const klen = record.readUInt32BE(25);
  return {
    key: record.subarray(HEADER, HEADER + klen),
    createRevision: readU64(record, 1),
    modRevision,
    version: readU64(record, 9),
    value: keysOnly ? EMPTY : record.subarray(HEADER + klen),
    lease: record.readBigInt64BE(17),
  };
}

/** A shared empty buffer; never written to. */
export const EMPTY: Buffer = Buffer.alloc(0);

/** Encodes a lease id as the 8-byte key of the `lease` database. */
export function leaseKey(id: bigint): Buffer {
  const b = Buffer.allocUnsafe(8);
  b.writeBigInt64BE(id);
  return b;
}

/** Encodes a non-negative integer as an 8-byte value. */
export function u64Value(n: number): Buffer {
  const b = Buffer.allocUnsafe(8);
  writeU64(b, 0, n);
  return b;
}
