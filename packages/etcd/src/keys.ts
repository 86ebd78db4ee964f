import { EtcdError } from './errors.js';

/** A key or value as callers give it: a string (encoded as UTF-8) or raw bytes. */
export type Bytesish = string | Uint8Array;

/** Encodes a key or value for the wire. Strings become UTF-8; bytes are wrapped without copying. */
export function toBuffer(b: Bytesish): Buffer {
  if (typeof b === 'string') return Buffer.from(b, 'utf8');
  return Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.byteLength);
}

/**
 * The range_end that selects every key starting with `prefix` (etcdctl's `--prefix`):
 * the prefix with trailing 0xff bytes dropped and its last byte incremented; an
 * empty or all-0xff prefix gives `"\0"` (every key >= key).
 */
export function prefixRangeEnd(prefix: Bytesish): Buffer {
  const p = toBuffer(prefix);
  for (let i = p.length - 1; i >= 0; i--) {
    if (p[i]! < 0xff) {
      const end = Buffer.from(p.subarray(0, i + 1));
      end[i] = p[i]! + 1;
      return end;
    }
  }
  return Buffer.from([0]);
}

/** How a key selects a range: an explicit end, a prefix, or every key from `key` on. */
export interface RangeSelector {
  /** Exclusive end of [key, rangeEnd). `"\0"` means every key >= key. */
  rangeEnd?: Bytesish;
  /** Select every key that starts with `key`. */
  prefix?: boolean;
  /** Select every key >= `key` (range_end `"\0"`). */
  fromKey?: boolean;
}

/**
 * Resolves a key and RangeSelector to the wire `key` and `range_end` (empty = the
 * single key), like etcd's clientv3: an empty key with `prefix` or `fromKey` means
 * every key (`"\0"`, `"\0"`). Throws InvalidRequest if more than one form is given.
 * An empty key alone is sent as is: the server answers `EmptyKey`.
 */
export function resolveRange(key: Bytesish, sel: RangeSelector): { key: Buffer; range_end?: Buffer } {
  const forms = [sel.rangeEnd !== undefined && toBuffer(sel.rangeEnd).length > 0, !!sel.prefix, !!sel.fromKey].filter(
    Boolean,
  ).length;
  if (forms > 1) throw new EtcdError('InvalidRequest', 'give at most one of rangeEnd, prefix, fromKey');
  const k = toBuffer(key);
  if ((sel.prefix || sel.fromKey) && k.length === 0) return { key: Buffer.from([0]), range_end: Buffer.from([0]) };
  if (sel.rangeEnd !== undefined && toBuffer(sel.rangeEnd).length > 0)
    return { key: k, range_end: toBuffer(sel.rangeEnd) };
  if (sel.prefix) return { key: k, range_end: prefixRangeEnd(k) };
  if (sel.fromKey) return { key: k, range_end: Buffer.from([0]) };
  // No range_end at all: protobufjs would send an explicit empty one, which etcd reads as
  // "every key >= key" (Go tells a nil range end from an empty one).
  return { key: k };
}
