/**
 * Txn evaluation as etcd's applierV3backend.Txn: every compare of the txn and of the
 * nested txns on the chosen path is evaluated against the state before the txn; puts
 * on the path are checked (ignore_value/ignore_lease need an existing key, leases must
 * exist) and ranges' revisions validated, all before the first write; then the ops run
 * in order, the whole txn being one revision with a sub-revision per change.
 */
import { StoreError } from '../errors.js';
import { hit } from './key-index.js';
import type { MvccStore } from './mvcc.js';
import { bounds, forEachAt } from './range.js';
import { compareResult } from './txn-check.js';
import type { Compare, RequestOp, ResponseOp, TxnRequest, TxnResult } from './types.js';

/** Which branch each txn on the path takes (evaluated against the pre-txn state). */
type Path = Map<TxnRequest, boolean>;

/**
 * Runs a txn. `isWrite` = not etcd-read-only: then it is evaluated against the applied
 * state inside a write (the caller has begun it); a read-only txn reads durable state.
 */
export function runTxn(store: MvccStore, req: TxnRequest, isWrite: boolean): TxnResult {
  const viewRev = isWrite ? store.currentRev : store.durableRev;
  const path: Path = new Map();
  evalPath(store, req, viewRev, path);
  if (isWrite) checkOps(store, req, path, viewRev, true);
  checkOps(store, req, path, viewRev, false);
  const result = applyTxn(store, req, path, isWrite);
  const revision = isWrite ? store.writeViewRev() : viewRev;
  setRevision(result, revision);
  return result;
}

function evalPath(store: MvccStore, req: TxnRequest, viewRev: number, path: Path): void {
  let ok = true;
  for (const c of req.compare) {
    if (!applyCompare(store, c, viewRev)) {
      ok = false;
      break;
    }
  }
  path.set(req, ok);
  for (const op of ok ? req.success : req.failure) if ('txn' in op && op.txn) evalPath(store, op.txn, viewRev, path);
}

/** etcd's applyCompare: every key in range must satisfy it; no key = compare a zero KeyValue (VALUE fails). */
function applyCompare(store: MvccStore, c: Compare, viewRev: number): boolean {
  let any = false;
  let ok = true;
  forEachAt(store.index, bounds(c.key, c.rangeEnd), viewRev, (ki) => {
    if (!ok) return;
    any = true;
    const kv = store.readKv(ki, hit.main, hit.sub, c.target !== 'VALUE');
    if (kv === undefined || !compareResult(c, kv)) ok = false;
  });
  if (!any) return c.target !== 'VALUE' && compareResult(c, ZERO_KV);
  return ok;
}

const ZERO_KV = { version: 0, createRevision: 0, modRevision: 0, value: Buffer.alloc(0), lease: 0n };

/** etcd's checkRequests with checkRequestPut (puts) or checkRequestRange (ranges), on the path. */
function checkOps(store: MvccStore, req: TxnRequest, path: Path, viewRev: number, puts: boolean): void {
  for (const op of path.get(req) ? req.success : req.failure) {
    if ('txn' in op && op.txn) checkOps(store, op.txn, path, viewRev, puts);
    else if (puts && 'put' in op && op.put) {
      const p = op.put;
      if (p.ignoreValue || p.ignoreLease) {
        const ki = store.index.get(p.key.toString('latin1'));
        if (ki === undefined || !ki.get(viewRev)) throw new StoreError('KeyNotFound');
      }
      const lease = p.lease ?? 0n;
      if (lease !== 0n && !store.leases.exists(lease)) throw new StoreError('LeaseNotFound');
    } else if (!puts && 'range' in op && op.range) {
      const rev = op.range.revision ?? 0;
      if (rev > 0 && rev > viewRev) throw new StoreError('FutureRev');
      if (rev > 0 && rev < store.compactRev) throw new StoreError('Compacted');
    }
  }
}

function applyTxn(store: MvccStore, req: TxnRequest, path: Path, isWrite: boolean): TxnResult {
  const succeeded = path.get(req) === true;
  const responses: ResponseOp[] = [];
  for (const op of succeeded ? req.success : req.failure) responses.push(applyOp(store, op, path, isWrite));
  return { revision: 0, succeeded, responses };
}

function applyOp(store: MvccStore, op: RequestOp, path: Path, isWrite: boolean): ResponseOp {
  if ('range' in op && op.range) return { range: isWrite ? store.rangeInWrite(op.range) : store.range(op.range) };
  if ('put' in op && op.put) return { put: store.put(op.put) };
  if ('deleteRange' in op && op.deleteRange) return { deleteRange: store.deleteRange(op.deleteRange) };
  if ('txn' in op && op.txn) return { txn: applyTxn(store, op.txn, path, isWrite) };
  throw new StoreError('KeyNotFound');
}

/** Nested txn results carry the revision of the whole txn, as their headers do in etcd. */
function setRevision(r: TxnResult, revision: number): void {
  r.revision = revision;
  for (const op of r.responses) if ('txn' in op) setRevision(op.txn, revision);
}
