/**
 * The fields a write changes: the paths of the new object's field set (field-sets.ts)
 * whose value differs from the old object's, as `jsonEqual(valueAt(old, p), valueAt(new, p))`
 * decides for each path `p` of `fieldSetOf(new)`, but found in one walk of both objects.
 * The walk carries what valueAt would find at each path in either object (the first list
 * element with the key, even when the new object repeats a key), so no path is resolved twice.
 */
import { getOwn } from '@wheelhouse/machinery';
import { isRecord, jsonEqual } from '../object.js';
import {
  childAt,
  keySegment,
  strategyLookup,
  subtree,
  tracksField,
  type FieldsTree,
  type StrategyLookup,
} from './field-sets.js';

/** Changed field paths as a FieldsV1 tree. */
export interface ChangedFields {
  /** The FieldsV1 tree of the changed paths, keys in the order fieldSetOf finds them. */
  readonly tree: FieldsTree;
  /** The nodes of `tree` that are changed paths themselves, not only above one (when a list repeats a key, a path can be both). */
  readonly paths: ReadonlySet<FieldsTree>;
}

interface Walk {
  readonly lookup: StrategyLookup;
  /** The FieldsV1 segments of the path being walked. */
  readonly segs: string[];
  readonly tree: FieldsTree;
  readonly paths: Set<FieldsTree>;
}

/** A list as valueAt searches it by key: each element's key field as JSON (undefined for an element that is no record). */
interface KeyedList {
  readonly list: unknown[];
  readonly keys: (string | undefined)[];
}

/**
 * The fields of `next` (an object of `kind`) whose values differ in `current`, among the
 * top-level fields `included` accepts. `current` and `next` are only read.
 */
export function changedFields(
  kind: string,
  current: Record<string, unknown>,
  next: Record<string, unknown>,
  included: (field: string) => boolean,
): ChangedFields {
  const w: Walk = { lookup: strategyLookup(kind), segs: [], tree: {}, paths: new Set() };
  walkFields(w, next, Object.keys(next).filter(included), next, current, '');
  return { tree: w.tree, paths: w.paths };
}

/** Adds the path being walked when its values differ. */
function compare(w: Walk, was: unknown, now: unknown): void {
  if (jsonEqual(was, now)) return;
  let node = w.tree;
  for (const seg of w.segs) node = subtree(node, seg);
  w.paths.add(node);
}

/** Walks `value` (of next, at the path being walked; valueAt finds `now` there in next and `was` in current). */
function walkValue(w: Walk, value: unknown, now: unknown, was: unknown, spath: string): void {
  if (Array.isArray(value)) return walkList(w, value, now, was, spath);
  if (!isRecord(value)) return compare(w, was, now);
  const keys = Object.keys(value);
  if (keys.length === 0) return compare(w, was, now);
  walkFields(w, value, keys, now, was, spath);
}

function walkFields(
  w: Walk,
  value: Record<string, unknown>,
  keys: string[],
  now: unknown,
  was: unknown,
  spath: string,
): void {
  for (const k of keys) {
    if (!tracksField(w.segs, k)) continue;
    w.segs.push(`f:${k}`);
    // childAt(x, `f:${k}`), without making the segment again.
    const nowChild = isRecord(now) ? getOwn(now, k) : undefined;
    const wasChild = isRecord(was) ? getOwn(was, k) : undefined;
    walkValue(w, value[k], nowChild, wasChild, spath ? `${spath}.${k}` : k);
    w.segs.pop();
  }
}

function walkList(w: Walk, list: unknown[], now: unknown, was: unknown, spath: string): void {
  const strategy = w.lookup(spath);
  if (strategy?.strategy !== 'merge') return compare(w, was, now);
  if (strategy.mergeKey) return walkKeyed(w, list, now, was, spath, strategy.mergeKey);
  const nowJson = Array.isArray(now) ? now.map((i) => JSON.stringify(i)) : undefined;
  const wasJson = Array.isArray(was) ? was.map((i) => JSON.stringify(i)) : undefined;
  for (const item of list) {
    const json: string | undefined = JSON.stringify(item);
    w.segs.push(`v:${json}`);
    compare(w, elementByJson(was, wasJson, json), elementByJson(now, nowJson, json));
    w.segs.pop();
  }
}

function walkKeyed(w: Walk, list: unknown[], now: unknown, was: unknown, spath: string, field: string): void {
  const keys = keysOf(list, field);
  const nowList = now === list ? { list, keys } : keyedList(now, field);
  const wasList = keyedList(was, field);
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isRecord(item)) continue;
    const key = keys[i];
    const seg = keySegment(field, key);
    const wasItem = elementByKey(wasList, key, seg);
    const nowItem = elementByKey(nowList, key, seg);
    w.segs.push(seg, '.');
    compare(w, wasItem, nowItem);
    w.segs.pop();
    walkValue(w, item, nowItem, wasItem, spath);
    w.segs.pop();
  }
}

function keysOf(list: unknown[], field: string): (string | undefined)[] {
  return list.map((i): string | undefined => (isRecord(i) ? JSON.stringify(i[field]) : undefined));
}

function keyedList(list: unknown, field: string): KeyedList | undefined {
  return Array.isArray(list) ? { list, keys: keysOf(list, field) } : undefined;
}

/** childAt(list, seg) for the `k:` segment `seg` of key JSON `key`. */
function elementByKey(keyed: KeyedList | undefined, key: string | undefined, seg: string): unknown {
  if (keyed === undefined) return undefined;
  // An element without its key field has the segment `k:{}`, on which valueAt throws; so does this.
  if (key === undefined) return childAt(keyed.list, seg);
  const i = keyed.keys.indexOf(key);
  return i < 0 ? undefined : keyed.list[i];
}

/** childAt(list, `v:${json}`), given each element of `list` as JSON. */
function elementByJson(list: unknown, elements: (string | undefined)[] | undefined, json: string | undefined): unknown {
  if (!Array.isArray(list) || elements === undefined || json === undefined) return undefined;
  const i = elements.indexOf(json);
  return i < 0 ? undefined : list[i];
}
