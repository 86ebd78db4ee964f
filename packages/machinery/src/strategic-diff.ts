/**
 * Creating a strategic merge patch from two versions of an object, as client-go's
 * strategicpatch.CreateTwoWayMergePatch does for the kubelet's status writes: the patch that
 * strategicMergePatch turns `original` into `modified` with, touching nothing else.
 * Maps are diffed key by key (a removed key becomes null); lists merged by key are diffed
 * element by element (a removed element becomes `{<key>: v, $patch: delete}`); lists of
 * scalars merged as sets send their new items and `$deleteFromPrimitiveList/<list>` for the
 * removed ones; other lists are replaced whole when they differ. Unlike client-go it sends no
 * `$setElementOrder` directives: a merge keeps the server's order and appends new elements.
 */
import {
  deepClone,
  hasOwn,
  isJsonObject,
  jsonEqual,
  type JsonObject,
  type JsonValue,
  type ReadonlyJsonObject,
} from './json.js';
import { toStrategyLookup, type PatchStrategy, type PatchStrategyLookup } from './patch-strategies.js';

type Lookup = (path: string) => PatchStrategy | undefined;

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

/**
 * The strategic merge patch that turns `original` into `modified` (`{}` when they are
 * equal); neither input is modified. `strategies` says how each field merges (see
 * defaultPatchStrategies), as for strategicMergePatch.
 */
export function strategicMergeDiff(
  original: ReadonlyJsonObject,
  modified: ReadonlyJsonObject,
  strategies: PatchStrategyLookup = {},
): JsonObject {
  return diffMaps(original, modified, toStrategyLookup(strategies), '');
}

function diffMaps(
  original: ReadonlyJsonObject,
  modified: ReadonlyJsonObject,
  lookup: Lookup,
  path: string,
): JsonObject {
  const patch: JsonObject = {};
  for (const key of Object.keys(original)) if (!hasOwn(modified, key)) patch[key] = null;
  for (const key of Object.keys(modified)) {
    const after = modified[key] as JsonValue;
    if (!hasOwn(original, key)) {
      patch[key] = deepClone(after);
      continue;
    }
    const before = original[key] as JsonValue;
    const fieldPath = joinPath(path, key);
    if (isJsonObject(before) && isJsonObject(after)) {
      const nested = diffMaps(before, after, lookup, fieldPath);
      if (Object.keys(nested).length > 0) patch[key] = nested;
    } else if (Array.isArray(before) && Array.isArray(after)) {
      diffList(patch, key, before, after, lookup, fieldPath);
    } else if (!jsonEqual(before, after)) {
      patch[key] = deepClone(after);
    }
  }
  return patch;
}

/** Writes into `patch` what turns the list `before` at `key` into `after`. */
function diffList(
  patch: JsonObject,
  key: string,
  before: readonly JsonValue[],
  after: readonly JsonValue[],
  lookup: Lookup,
  path: string,
): void {
  if (jsonEqual(before, after)) return;
  const strategy = lookup(path);
  if (
    strategy?.strategy === 'merge' &&
    strategy.mergeKey !== undefined &&
    before.every(isJsonObject) &&
    after.every(isJsonObject)
  ) {
    const items = diffKeyedList(before, after, strategy.mergeKey, lookup, path);
    if (items !== undefined) {
      if (items.length > 0) patch[key] = items;
      return;
    }
  } else if (
    strategy?.strategy === 'merge' &&
    strategy.mergeKey === undefined &&
    [...before, ...after].every(isScalar)
  ) {
    const added = after.filter((v) => !before.some((b) => b === v));
    const removed = before.filter((v) => !after.some((a) => a === v));
    if (added.length > 0) patch[key] = added;
    if (removed.length > 0) patch[`$deleteFromPrimitiveList/${key}`] = removed;
    return;
  }
  patch[key] = deepClone(after) as JsonValue[];
}

/**
 * Element patches of a list merged by `mergeKey`: changed elements as their diff (with the
 * key), new ones whole, removed ones as `$patch: delete`. Undefined when an element lacks the
 * key or a key repeats (the list is then replaced whole).
 */
function diffKeyedList(
  before: readonly JsonObject[],
  after: readonly JsonObject[],
  mergeKey: string,
  lookup: Lookup,
  path: string,
): JsonValue[] | undefined {
  const old = keyed(before, mergeKey);
  const now = keyed(after, mergeKey);
  if (!old || !now) return undefined;
  const items: JsonValue[] = [];
  for (const [k, item] of now) {
    const prev = old.get(k);
    if (prev === undefined) items.push(deepClone(item));
    else {
      const d = diffMaps(prev, item, lookup, path);
      if (Object.keys(d).length > 0) items.push({ [mergeKey]: item[mergeKey] as JsonValue, ...d });
    }
  }
  for (const [k, item] of old)
    if (!now.has(k)) items.push({ [mergeKey]: item[mergeKey] as JsonValue, $patch: 'delete' });
  return items;
}

/** The elements by the JSON text of their merge key; undefined when one lacks it or it repeats. */
function keyed(list: readonly JsonObject[], mergeKey: string): Map<string, JsonObject> | undefined {
  const out = new Map<string, JsonObject>();
  for (const item of list) {
    if (!hasOwn(item, mergeKey)) return undefined;
    const k = JSON.stringify(item[mergeKey]);
    if (out.has(k)) return undefined;
    out.set(k, item);
  }
  return out;
}

function isScalar(v: JsonValue): boolean {
  return v === null || typeof v !== 'object';
}
