/**
 * List merging for strategic merge patch, ported from apimachinery's strategicpatch so the
 * same lists come out in the same order: lists of maps merge by a merge key (`$patch:
 * delete|replace` elements apply first), lists of scalars merge as sets, and the result is
 * ordered patch-first with server-only items interleaved by their live positions.
 */
import { machineryError } from './errors.js';
import { hasOwn, isJsonObject, type JsonObject, type JsonValue } from './json.js';

const DIRECTIVE = '$patch';
const MAP_TYPE = 'map[string]interface {}';

/** Go's reflect kind of a decoded JSON list element. */
export type ElementKind = 'string' | 'float64' | 'bool' | 'map' | 'slice' | 'nil';

/** How list merging merges one element map into another (null: a new element) at the list's path. */
export interface ListMergeContext {
  mergeElement(original: JsonObject | null, patch: JsonObject): JsonObject;
}

function kindOf(value: JsonValue): ElementKind {
  if (value === null) return 'nil';
  if (Array.isArray(value)) return 'slice';
  if (typeof value === 'object') return 'map';
  if (typeof value === 'number') return 'float64';
  return typeof value === 'string' ? 'string' : 'bool';
}

/** The common element kind of the lists, as sliceElementType; throws for lists of lists, mixed or no elements. */
export function sliceElementKind(slices: readonly (readonly JsonValue[])[]): ElementKind {
  let kind: ElementKind | undefined;
  for (const item of slices.flat()) {
    const current = kindOf(item);
    if (kind === undefined && current === 'slice') throw machineryError('NoListOfLists');
    if (kind !== undefined && kind !== current) throw machineryError('ListElementTypes', slices);
    kind = current;
  }
  if (kind === undefined) throw machineryError('NoListElements');
  return kind;
}

/** Go's in-place deduplication, which moves the last element into each duplicate's place. */
export function dedupeScalars(list: readonly JsonValue[]): JsonValue[] {
  const s = [...list];
  let last = s.length - 1;
  for (let i = 0; i < last; i++) {
    for (let j = i + 1; j <= last; j++) {
      if (s[i] !== s[j]) continue;
      s[j] = s[last] ?? null;
      s.length = last;
      last--;
      j--;
    }
  }
  return s;
}

function asMap(value: JsonValue | undefined): JsonObject {
  if (!isJsonObject(value)) throw machineryError('BadArgType', MAP_TYPE, value ?? null);
  return value;
}

function mergeKeyValue(map: JsonObject, mergeKey: string): JsonValue {
  if (!hasOwn(map, mergeKey)) throw machineryError('NoMergeKey', map, mergeKey);
  return map[mergeKey] ?? null;
}

/** Index of the first map whose merge key equals `value`, or -1; every item must be a map. */
function findByKey(list: readonly JsonValue[], mergeKey: string, value: JsonValue): number {
  for (let i = 0; i < list.length; i++) {
    const item = list[i];
    if (!isJsonObject(item)) throw machineryError('NotAMap', i);
    if (hasOwn(item, mergeKey) && item[mergeKey] === value) return i;
  }
  return -1;
}

/** Splits out the items carrying `$patch: delete`, which sort after everything else. */
function extractToDeleteItems(list: readonly JsonValue[]): [JsonValue[], JsonValue[]] {
  const keep: JsonValue[] = [];
  const drop: JsonValue[] = [];
  for (const item of list) (asMap(item)[DIRECTIVE] === 'delete' ? drop : keep).push(item);
  return [keep, drop];
}

// The helpers the sorts below call per element are module functions, not closures made per
// call: the bundle keeps function names (esbuild keepNames), which costs each named closure
// an Object.defineProperty (~0.2 us) every time it is made.

/** A map element's merge-key value (null when absent or not a map). */
function mergeKeyOf(item: JsonValue | undefined, mergeKey: string): JsonValue {
  return isJsonObject(item) ? (item[mergeKey] ?? null) : null;
}

/** Position of `value` in `list` by merge key (maps) or identity (scalars); -1 when absent. */
function indexIn(list: readonly JsonValue[], value: JsonValue, mergeKey: string, kind: ElementKind): number {
  if (kind !== 'map') return list.indexOf(value);
  const wanted = mergeKeyOf(value, mergeKey);
  for (let i = 0; i < list.length; i++) if (mergeKeyOf(list[i], mergeKey) === wanted) return i;
  return -1;
}

/** `item`'s position in `order` (see indexIn); absent items rank last. */
function rankIn(order: readonly JsonValue[], item: JsonValue, mergeKey: string, kind: ElementKind): number {
  const i = indexIn(order, item, mergeKey, kind);
  return i < 0 ? Number.POSITIVE_INFINITY : i;
}

/** Sorts `toSort` stably by position in `order` (absent items last); `$patch: delete` maps go to the end. */
function normalizeSliceOrder(
  toSort: readonly JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  let items = [...toSort];
  let deletions: JsonValue[] = [];
  if (kind === 'map') {
    for (const item of [...toSort, ...order]) mergeKeyValue(asMap(item), mergeKey);
    [items, deletions] = extractToDeleteItems(toSort);
  }
  const ranked = items.map((item) => ({ item, rank: rankIn(order, item, mergeKey, kind) }));
  ranked.sort((a, b) => (a.rank === b.rank ? 0 : a.rank < b.rank ? -1 : 1));
  return [...ranked.map((r) => r.item), ...deletions];
}

/** Merges the sorted server-only items into the sorted patch items, keeping both relative orders. */
function mergeSortedSlice(
  left: readonly JsonValue[],
  right: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const out: JsonValue[] = [];
  let i = 0;
  let j = 0;
  while (i < left.length || j < right.length) {
    const l = left[i];
    const r = right[j];
    if (l === undefined || (r !== undefined && !serverFirst(l, r, serverOrder, mergeKey, kind))) {
      out.push(r ?? null);
      j++;
    } else {
      out.push(l);
      i++;
    }
  }
  return out;
}

function serverFirst(
  l: JsonValue,
  r: JsonValue,
  order: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): boolean {
  const li = indexIn(order, l, mergeKey, kind);
  const ri = indexIn(order, r, mergeKey, kind);
  return li >= 0 && ri >= 0 && li < ri;
}

/**
 * Orders a merged list: items named by `patchOrder` in that order, the others in
 * `serverOrder`'s order, interleaved where both appear in the live list.
 */
export function normalizeElementOrder(
  patchItems: readonly JsonValue[],
  serverOnly: readonly JsonValue[],
  patchOrder: readonly JsonValue[],
  serverOrder: readonly JsonValue[],
  mergeKey: string,
  kind: ElementKind,
): JsonValue[] {
  const patchSorted = normalizeSliceOrder(patchItems, patchOrder, mergeKey, kind);
  const serverSorted = normalizeSliceOrder(serverOnly, serverOrder, mergeKey, kind);
  return mergeSortedSlice(serverSorted, patchSorted, serverOrder, mergeKey, kind);
}

/** Splits `merged` into the items present in `by` and the rest (by merge key when one is given). */
export function partitionByPresence(
  merged: readonly JsonValue[],
  by: readonly JsonValue[],
  mergeKey: string,
): [JsonValue[], JsonValue[]] {
  const present: JsonValue[] = [];
  const absent: JsonValue[] = [];
  const members = new Set(by);
  for (const item of merged) {
    const found =
      mergeKey === '' ? members.has(item) : findByKey(by, mergeKey, mergeKeyValue(asMap(item), mergeKey)) >= 0;
    (found ? present : absent).push(item);
  }
  return [present, absent];
}

function keyValuesEqual(left: JsonValue | undefined, right: JsonValue | undefined, mergeKey: string): boolean {
  if (mergeKey === '') return left === right;
  return mergeKeyValue(asMap(left), mergeKey) === mergeKeyValue(asMap(right), mergeKey);
}

/**
 * Checks a `$setElementOrder` list against its patch list: every non-directive patch item
 * must appear in the order list, in the same relative order. Throws `SetElementOrderMismatch`.
 */
export function validateSetElementOrder(
  patchList: readonly JsonValue[],
  order: readonly JsonValue[],
  mergeKey: string,
): void {
  if (patchList.length === 0 || order.length === 0) return;
  const items = mergeKey === '' ? patchList : extractToDeleteItems(patchList)[0];
  let p = 0;
  for (let s = 0; p < items.length && s < order.length; s++) {
    while (p < items.length && isJsonObject(items[p]) && hasOwn(items[p] as JsonObject, DIRECTIVE)) p++;
    if (p < items.length && keyValuesEqual(items[p], order[s], mergeKey)) p++;
  }
  if (p < items.length) throw machineryError('SetElementOrderMismatch', patchList, order);
}

/** Removes from `original` every map whose merge key equals `value`. */
function deleteMatching(original: readonly JsonValue[], mergeKey: string, value: JsonValue): JsonValue[] {
  const out = [...original];
  for (let i = findByKey(out, mergeKey, value); i >= 0; i = findByKey(out, mergeKey, value)) out.splice(i, 1);
  return out;
}

/** Applies `$patch` elements: deletions remove live items, `replace` makes the rest of the patch the list. */
function applySpecialElements(
  original: readonly JsonValue[],
  patch: readonly JsonValue[],
  mergeKey: string,
  ctx: ListMergeContext,
): [JsonValue[], JsonObject[]] {
  let live = [...original];
  const rest: JsonObject[] = [];
  let replace = false;
  for (const item of patch.map(asMap)) {
    if (!hasOwn(item, DIRECTIVE)) rest.push(item);
    else if (item[DIRECTIVE] === 'delete') live = deleteMatching(live, mergeKey, mergeKeyValue(item, mergeKey));
    else if (item[DIRECTIVE] === 'replace') replace = true;
    else if (item[DIRECTIVE] === 'merge') throw machineryError('MergeListDirective');
    else throw machineryError('BadPatchType', item[DIRECTIVE] ?? null, item);
  }
  return replace ? [rest.map((item) => ctx.mergeElement(null, item)), []] : [live, rest];
}

/** Merges each patch map into the live map with the same merge key, or appends it. */
function mergeByKey(
  live: readonly JsonValue[],
  patch: readonly JsonObject[],
  mergeKey: string,
  ctx: ListMergeContext,
): JsonValue[] {
  const out = [...live];
  for (const item of patch) {
    const index = findByKey(out, mergeKey, mergeKeyValue(item, mergeKey));
    if (index >= 0) out[index] = ctx.mergeElement(asMap(out[index]), item);
    else out.push(ctx.mergeElement(null, item));
  }
  return out;
}

/**
 * Merges a patch list into a live list with strategy `merge`, as strategicpatch.mergeSlice.
 * Scalars merge as a set (or, for a `$deleteFromPrimitiveList` list, are removed); maps
 * merge by `mergeKey`. Throws MachineryError for mixed element types, lists of lists,
 * missing merge keys and unknown `$patch` values.
 */
export function mergeSlice(
  original: readonly JsonValue[],
  patch: readonly JsonValue[],
  mergeKey: string,
  isDeleteList: boolean,
  ctx: ListMergeContext,
): JsonValue[] {
  if (original.length === 0 && patch.length === 0) return [...original];
  const kind = sliceElementKind([original, patch]);
  if (kind !== 'map') {
    if (isDeleteList) return original.filter((item) => !patch.includes(item));
    const merged = dedupeScalars([...original, ...patch]);
    const [inPatch, serverOnly] = partitionByPresence(merged, patch, mergeKey);
    return normalizeElementOrder(inPatch, serverOnly, patch, original, mergeKey, kind);
  }
  if (mergeKey === '') throw machineryError('NoMergeKeyForType', 'struct');
  const [live, rest] = applySpecialElements(original, patch, mergeKey, ctx);
  const merged = mergeByKey(live, rest, mergeKey, ctx);
  const [inPatch, serverOnly] = partitionByPresence(merged, rest, mergeKey);
  return normalizeElementOrder(inPatch, serverOnly, rest, live, mergeKey, kind);
}
