/**
 * Request validation done before a write is applied, as etcd's v3rpc layer and quota
 * do it: empty keys, ignore_value/ignore_lease misuse, txn size (--max-txn-ops 128),
 * duplicate keys across a txn's branches (checkIntervals), txn cost for the quota.
 */
import { StoreError } from '../errors.js';
import type { Compare, DeleteRangeRequest, PutRequest, RangeRequest, RequestOp, TxnRequest } from './types.js';

/** etcd's default --max-txn-ops. */
export const MAX_TXN_OPS = 128;

/** etcd's kvOverhead: an estimate of the metadata a stored key costs. */
const KV_OVERHEAD = 256;

/** Validates a put as etcd's checkPutRequest. */
export function checkPut(r: PutRequest): void {
  if (r.key.length === 0) throw new StoreError('EmptyKey');
  if (r.ignoreValue && r.value.length !== 0) throw new StoreError('ValueProvided');
  if (r.ignoreLease && (r.lease ?? 0n) !== 0n) throw new StoreError('LeaseProvided');
}

/**
 * Validates a range or delete key. etcd rejects every empty key; the engine also takes an
 * empty key with range end "\0" as "all keys" (see RangeRequest), which etcd clients send
 * as key "\0" instead.
 */
export function checkKey(r: RangeRequest | DeleteRangeRequest): void {
  if (r.key.length === 0 && !isFromKey(r.rangeEnd)) throw new StoreError('EmptyKey');
}

/** True when a range end is the single zero byte ("every key from key on"). */
export function isFromKey(end: Buffer | undefined): boolean {
  return end !== undefined && end.length === 1 && end[0] === 0;
}

/** Validates a txn as etcd's checkTxnRequest (sizes, empty keys) then checkIntervals. */
export function checkTxn(r: TxnRequest): void {
  checkTxnRequest(r, MAX_TXN_OPS);
  checkIntervals(r.success);
  checkIntervals(r.failure);
}

function checkTxnRequest(r: TxnRequest, maxTxnOps: number): void {
  const opc = Math.max(r.compare.length, r.success.length, r.failure.length);
  if (opc > maxTxnOps) throw new StoreError('TooManyOps');
  for (const c of r.compare) if (c.key.length === 0) throw new StoreError('EmptyKey');
  for (const u of r.success) checkRequestOp(u, maxTxnOps - opc);
  for (const u of r.failure) checkRequestOp(u, maxTxnOps - opc);
}

function checkRequestOp(u: RequestOp, maxTxnOps: number): void {
  if ('range' in u && u.range) checkKey(u.range);
  else if ('put' in u && u.put) checkPut(u.put);
  else if ('deleteRange' in u && u.deleteRange) checkKey(u.deleteRange);
  else if ('txn' in u && u.txn) checkTxnRequest(u.txn, maxTxnOps);
  else throw new StoreError('KeyNotFound');
}

/** A half-open string interval; an empty end is +infinity (etcd's StringAffineInterval). */
interface Interval {
  begin: string;
  end: string;
}

function intersectsPoint(dels: Interval[], p: string): boolean {
  for (const iv of dels) if (iv.begin <= p && (iv.end === '' || p < iv.end)) return true;
  return false;
}

/**
 * etcd's checkIntervals: a put may not touch a key another put or a delete of the same
 * branch touches, including through nested txns (then/else of one nested txn may both
 * put the same key, since only one of them runs). Deletes may overlap each other.
 */
function checkIntervals(reqs: RequestOp[]): { puts: Set<string>; dels: Interval[] } {
  const dels: Interval[] = [];
  for (const req of reqs) {
    if (!('deleteRange' in req) || !req.deleteRange) continue;
    const d = req.deleteRange;
    const begin = d.key.toString('latin1');
    const end = d.rangeEnd !== undefined && d.rangeEnd.length !== 0 ? d.rangeEnd.toString('latin1') : begin + '\0';
    dels.push({ begin, end });
  }
  const puts = new Set<string>();
  for (const req of reqs) {
    if (!('txn' in req) || !req.txn) continue;
    const then = checkIntervals(req.txn.success);
    const els = checkIntervals(req.txn.failure);
    for (const k of then.puts) {
      if (puts.has(k) || intersectsPoint(dels, k)) throw new StoreError('DuplicateKey');
      puts.add(k);
    }
    for (const k of els.puts) {
      if (puts.has(k) && !then.puts.has(k)) throw new StoreError('DuplicateKey');
      if (intersectsPoint(dels, k)) throw new StoreError('DuplicateKey');
      puts.add(k);
    }
    dels.push(...then.dels, ...els.dels);
  }
  for (const req of reqs) {
    if (!('put' in req) || !req.put) continue;
    const k = req.put.key.toString('latin1');
    if (puts.has(k) || intersectsPoint(dels, k)) throw new StoreError('DuplicateKey');
    puts.add(k);
  }
  return { puts, dels };
}

/** etcd's isTxnReadonly: only range ops at the top level (a nested txn counts as a write). */
export function isTxnReadOnly(r: TxnRequest): boolean {
  for (const u of r.success) if (!('range' in u && u.range)) return false;
  for (const u of r.failure) if (!('range' in u && u.range)) return false;
  return true;
}

/** etcd's quota cost of a put. */
export function putCost(r: PutRequest): number {
  return r.key.length + r.value.length + KV_OVERHEAD;
}

/** etcd's quota cost of a txn: the larger branch's top-level puts (nested txns are not counted, as etcd). */
export function txnCost(r: TxnRequest): number {
  const branch = (ops: RequestOp[]) => {
    let n = 0;
    for (const u of ops) if ('put' in u && u.put) n += putCost(u.put);
    return n;
  };
  return Math.max(branch(r.success), branch(r.failure));
}

/** The compared field of a missing key: zero / empty (etcd compares a zero KeyValue). */
export function compareResult(
  c: Compare,
  kv: {
    version: number;
    createRevision: number;
    modRevision: number;
    value: Buffer;
    lease: bigint;
  },
): boolean {
  let r: number;
  switch (c.target) {
    case 'VALUE':
      r = Buffer.compare(kv.value, c.value ?? EMPTY_VALUE);
      break;
    case 'CREATE':
      r = Math.sign(kv.createRevision - (c.createRevision ?? 0));
      break;
    case 'MOD':
      r = Math.sign(kv.modRevision - (c.modRevision ?? 0));
      break;
    case 'VERSION':
      r = Math.sign(kv.version - (c.version ?? 0));
      break;
    case 'LEASE': {
      const want = c.lease ?? 0n;
      r = kv.lease < want ? -1 : kv.lease > want ? 1 : 0;
      break;
    }
    default:
      return true;
  }
  switch (c.result) {
    case 'EQUAL':
      return r === 0;
    case 'NOT_EQUAL':
      return r !== 0;
    case 'GREATER':
      return r > 0;
    case 'LESS':
      return r < 0;
    default:
      return true;
  }
}

const EMPTY_VALUE = Buffer.alloc(0);
