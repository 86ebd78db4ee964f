/**
 * Hand-written protobuf encoding of WatchResponse, so that one revision's events are
 * encoded once and the bytes shared by every watcher that receives them (as
 * kube-apiserver's watch cache serializes an event once for all watchers). Field numbers
 * are etcd 3.4's: ResponseHeader{cluster_id 1, member_id 2, revision 3, raft_term 4},
 * WatchResponse{header 1, watch_id 2, fragment 7, events 11}, mvccpb.Event{type 1, kv 2,
 * prev_kv 3}, mvccpb.KeyValue{key 1, create_revision 2, mod_revision 3, version 4, value 5,
 * lease 6}. proto3 omits fields at their default value.
 */
import type { KeyValue, WatchEvent } from '../engine/index.js';

const VARINT = 0;
const LEN = 2;

/** Encoded events, cached per event object (the engine shares them between watchers and never mutates them). */
const encodedEvents = new WeakMap<WatchEvent, Buffer>();

/** The encoded mvccpb.Event of `ev`, computed once per event object. */
export function encodeEvent(ev: WatchEvent): Buffer {
  let buf = encodedEvents.get(ev);
  if (buf === undefined) {
    const parts: Buffer[] = [];
    if (ev.type === 'DELETE') parts.push(tag(1, VARINT), varint(1n));
    parts.push(lenField(2, encodeKv(ev.kv)));
    if (ev.prevKv) parts.push(lenField(3, encodeKv(ev.prevKv)));
    buf = Buffer.concat(parts);
    encodedEvents.set(ev, buf);
  }
  return buf;
}

function encodeKv(kv: KeyValue): Buffer {
  const parts: Buffer[] = [];
  if (kv.key.length > 0) parts.push(lenField(1, kv.key));
  intField(parts, 2, BigInt(kv.createRevision));
  intField(parts, 3, BigInt(kv.modRevision));
  intField(parts, 4, BigInt(kv.version));
  if (kv.value.length > 0) parts.push(lenField(5, kv.value));
  intField(parts, 6, kv.lease);
  return Buffer.concat(parts);
}

/** Header fields as the identity produces them (uint64/int64 as decimal strings). */
export interface HeaderFields {
  cluster_id?: string | number | null;
  member_id?: string | number | null;
  revision?: string | number | null;
  raft_term?: string | number | null;
}

/** The encoded ResponseHeader. */
export function encodeHeader(h: HeaderFields): Buffer {
  const parts: Buffer[] = [];
  intField(parts, 1, BigInt(h.cluster_id ?? 0));
  intField(parts, 2, BigInt(h.member_id ?? 0));
  intField(parts, 3, BigInt(h.revision ?? 0));
  intField(parts, 4, BigInt(h.raft_term ?? 0));
  return Buffer.concat(parts);
}

/** An encoded WatchResponse carrying already-encoded events. */
export function encodeEventsReply(
  header: Buffer,
  watchId: string,
  events: readonly Buffer[],
  fragment: boolean,
): Buffer {
  const parts: Buffer[] = [lenField(1, header)];
  intField(parts, 2, BigInt(watchId));
  if (fragment) parts.push(tag(7, VARINT), varint(1n));
  for (const ev of events) parts.push(lenField(11, ev));
  return Buffer.concat(parts);
}

function intField(parts: Buffer[], field: number, v: bigint): void {
  if (v !== 0n) parts.push(tag(field, VARINT), varint(v));
}

function lenField(field: number, bytes: Buffer): Buffer {
  return Buffer.concat([tag(field, LEN), varint(BigInt(bytes.length)), bytes]);
}

function tag(field: number, wireType: number): Buffer {
  return varint(BigInt((field << 3) | wireType));
}

/** A base-128 varint; negative values as 64-bit two's complement, as protobuf's int64. */
function varint(v: bigint): Buffer {
  let n = v < 0n ? v + (1n << 64n) : v;
  const out: number[] = [];
  while (n > 127n) {
    out.push(Number(n & 127n) | 128);
    n >>= 7n;
  }
  out.push(Number(n));
  return Buffer.from(out);
}
