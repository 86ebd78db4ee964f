/**
 * Range reads over the key index at one revision, with etcd's RangeRequest semantics:
 * count ignores limit, limit + 1 is fetched to set `more`, min/max revision filters and
 * sorting fetch everything first, sort order NONE with a non-KEY target means ASCEND.
 */
import { StoreError } from '../errors.js';
import { hit, type KeyIndex, type TreeIndex } from './key-index.js';
import { isFromKey } from './txn-check.js';
import type { KeyValue, RangeRequest, RangeResult, SortTarget } from './types.js';

/** Reads the record of revision (main, sub) of a key; undefined if it is gone. */
export type KvReader = (ki: KeyIndex, main: number, sub: number, keysOnly: boolean) => KeyValue | undefined;

/** Key bounds as latin1 strings: `end` null = the single key, '' = unbounded. */
export interface Bounds {
  start: string;
  end: string | null;
}

/** Turns a key and range end into bounds (etcd's mkGteRange: "\0" means no upper bound). */
export function bounds(key: Buffer, rangeEnd: Buffer | undefined): Bounds {
  const start = key.toString('latin1');
  if (rangeEnd === undefined || rangeEnd.length === 0) return { start, end: null };
  if (isFromKey(rangeEnd)) return { start, end: '' };
  return { start, end: rangeEnd.toString('latin1') };
}

/** Calls fn for every key in bounds that exists at `rev`, in key order, with `hit` filled. */
export function forEachAt(index: TreeIndex, b: Bounds, rev: number, fn: (ki: KeyIndex) => void): void {
  if (b.end === null) {
    const ki = index.get(b.start);
    if (ki !== undefined && ki.get(rev)) fn(ki);
    return;
  }
  if (b.end !== '' && b.end <= b.start) return;
  index.scan(b.start, b.end, (ki) => {
    if (ki.get(rev)) fn(ki);
    return true;
  });
}

/** Validates a read revision against the view (etcd's rangeKeys checks). */
export function readRevision(requested: number | undefined, viewRev: number, compactRev: number): number {
  const rev = requested !== undefined && requested > 0 ? requested : viewRev;
  if (rev > viewRev) throw new StoreError('FutureRev');
  if (rev < compactRev) throw new StoreError('Compacted');
  return rev;
}

/** Serves a range at `viewRev` (the current revision of the reader's view). */
export function rangeAt(
  index: TreeIndex,
  read: KvReader,
  req: RangeRequest,
  viewRev: number,
  compactRev: number,
): RangeResult {
  const rev = readRevision(req.revision, viewRev, compactRev);
  const order = req.sortOrder ?? 'NONE';
  const target = req.sortTarget ?? 'KEY';
  const filtered = !!req.minModRevision || !!req.maxModRevision || !!req.minCreateRevision || !!req.maxCreateRevision;
  const reqLimit = req.limit !== undefined && req.limit > 0 ? req.limit : 0;
  let fetch = order !== 'NONE' || filtered ? 0 : reqLimit;
  if (fetch > 0) fetch++;
  // keys_only still sorts by value when asked to (etcd clears values after sorting).
  const needValue = !req.keysOnly || target === 'VALUE';
  const hits: KeyValue[] = [];
  let count = 0;
  forEachAt(index, bounds(req.key, req.rangeEnd), rev, (ki) => {
    count++;
    if (req.countOnly || (fetch > 0 && hits.length >= fetch)) return;
    const kv = read(ki, hit.main, hit.sub, !needValue);
    if (kv !== undefined) hits.push(kv);
  });
  if (req.countOnly) return { revision: viewRev, kvs: [], more: false, count };
  let kvs = filtered ? hits.filter((kv) => keep(req, kv)) : hits;
  const effective = target !== 'KEY' && order === 'NONE' ? 'ASCEND' : order;
  if (effective !== 'NONE') sortKvs(kvs, target, effective === 'DESCEND');
  let more = false;
  if (reqLimit > 0 && kvs.length > reqLimit) {
    kvs = kvs.slice(0, reqLimit);
    more = true;
  }
  if (req.keysOnly && needValue) for (const kv of kvs) kv.value = EMPTY;
  return { revision: viewRev, kvs, more, count };
}

const EMPTY = Buffer.alloc(0);

function keep(req: RangeRequest, kv: KeyValue): boolean {
  if (req.maxModRevision && kv.modRevision > req.maxModRevision) return false;
  if (req.minModRevision && kv.modRevision < req.minModRevision) return false;
  if (req.maxCreateRevision && kv.createRevision > req.maxCreateRevision) return false;
  if (req.minCreateRevision && kv.createRevision < req.minCreateRevision) return false;
  return true;
}

function sortKvs(kvs: KeyValue[], target: SortTarget, descend: boolean): void {
  const cmp = comparator(target);
  kvs.sort(descend ? (a, b) => cmp(b, a) : cmp);
}

function comparator(target: SortTarget): (a: KeyValue, b: KeyValue) => number {
  switch (target) {
    case 'KEY':
      return (a, b) => Buffer.compare(a.key, b.key);
    case 'VERSION':
      return (a, b) => a.version - b.version;
    case 'CREATE':
      return (a, b) => a.createRevision - b.createRevision;
    case 'MOD':
      return (a, b) => a.modRevision - b.modRevision;
    case 'VALUE':
      return (a, b) => Buffer.compare(a.value, b.value);
  }
}
