/**
 * Applying a strategic merge patch (`application/strategic-merge-patch+json`), ported from
 * strategicpatch.StrategicMergeMapPatch. Maps merge key by key and `null` deletes; lists
 * follow the strategy table (merge by key, merge as a set, or replace); the directives
 * `$patch: replace|delete|merge`, `$setElementOrder/<list>`, `$retainKeys` and
 * `$deleteFromPrimitiveList/<list>` are honoured.
 *
 * Deliberate differences from Kubernetes, which decodes the merged map into a typed struct
 * afterwards: a value the live object lacks is itself merged into an empty value (so nulls
 * and directives in it never reach the result, as typed decoding would drop them), and a
 * `$deleteFromPrimitiveList` list never inserts its own items where no list exists.
 */
import { isMachineryError, machineryError } from './errors.js';
import { deepClone, hasOwn, isJsonObject, type JsonObject, type JsonValue, type ReadonlyJsonObject } from './json.js';
import {
  normalizeElementOrder,
  partitionByPresence,
  sliceElementKind,
  mergeSlice,
  validateSetElementOrder,
  type ListMergeContext,
} from './strategic-merge-lists.js';
import { toStrategyLookup, type PatchStrategy, type PatchStrategyLookup } from './patch-strategies.js';

const DIRECTIVE = '$patch';
const RETAIN_KEYS = '$retainKeys';
const DELETE_PREFIX = '$deleteFromPrimitiveList';
const ORDER_PREFIX = '$setElementOrder';
const LIST_TYPE = '[]interface {}';

type Lookup = (path: string) => PatchStrategy | undefined;

function joinPath(path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`;
}

function jsonKind(value: JsonValue): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

/** The list field named by a directive key (`$setElementOrder/containers` gives `containers`). */
function extractKey(key: string, prefix: typeof DELETE_PREFIX | typeof ORDER_PREFIX): string {
  const slash = key.indexOf('/');
  if (slash >= 0 && key.slice(0, slash) === prefix) return key.slice(slash + 1);
  throw machineryError(
    prefix === DELETE_PREFIX ? 'BadPatchFormatForPrimitiveList' : 'BadPatchFormatForSetElementOrderList',
  );
}

/** The list at `obj[key]`, undefined when absent; throws BadArgType when it is not a list. */
function listAt(obj: JsonObject, key: string): JsonValue[] | undefined {
  if (!hasOwn(obj, key)) return undefined;
  const value = obj[key] ?? null;
  if (!Array.isArray(value)) throw machineryError('BadArgType', LIST_TYPE, value);
  return value;
}

/**
 * Applies `$retainKeys`: every non-null patch field must be listed (else
 * BadPatchFormatForRetainKeys), and live fields not listed are cleared.
 */
function applyRetainKeys(target: JsonObject, patch: JsonObject): void {
  if (!hasOwn(patch, RETAIN_KEYS)) return;
  const list = patch[RETAIN_KEYS];
  delete patch[RETAIN_KEYS];
  if (!Array.isArray(list)) throw machineryError('BadPatchFormatForRetainKeys');
  const keep = new Set<JsonValue>(list);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key.startsWith(DELETE_PREFIX) || key.startsWith(ORDER_PREFIX)) continue;
    if (!keep.has(key)) throw machineryError('BadPatchFormatForRetainKeys');
  }
  for (const key of Object.keys(target)) if (!keep.has(key)) delete target[key];
}

/** One strategic merge: holds the strategy lookup; mutates only its own copies. */
class StrategicMerger {
  constructor(private readonly lookup: Lookup) {}

  mergeMap(original: JsonObject | null, patch: JsonObject, path: string): JsonObject {
    if (hasOwn(patch, DIRECTIVE)) return this.mapDirective(patch, path);
    const target = original ?? {};
    applyRetainKeys(target, patch);
    this.mergeElementOrders(target, patch, path);
    for (const [key, value] of Object.entries(patch)) this.mergeEntry(target, key, value, path);
    return target;
  }

  private mapDirective(patch: JsonObject, path: string): JsonObject {
    const directive = patch[DIRECTIVE] ?? null;
    if (directive === 'delete') return {};
    if (directive !== 'replace') throw machineryError('BadPatchType', directive, patch);
    const rest = { ...patch };
    delete rest[DIRECTIVE];
    return this.fresh(rest, path) as JsonObject;
  }

  private mergeEntry(target: JsonObject, rawKey: string, value: JsonValue, path: string): void {
    const isDeleteList = rawKey.startsWith(DELETE_PREFIX);
    const key = isDeleteList ? extractKey(rawKey, DELETE_PREFIX) : rawKey;
    if (value === null) {
      delete target[key];
      return;
    }
    const childPath = joinPath(path, key);
    const current = hasOwn(target, key) ? (target[key] ?? null) : undefined;
    if (current === undefined || jsonKind(current) !== jsonKind(value)) {
      if (!isDeleteList) target[key] = this.fresh(value, childPath);
      return;
    }
    target[key] = this.mergeValues(current, value, childPath, isDeleteList);
  }

  private mergeValues(current: JsonValue, value: JsonValue, path: string, isDeleteList: boolean): JsonValue {
    const strategy = this.lookup(path);
    if (isJsonObject(current) && isJsonObject(value)) {
      return strategy?.strategy === 'replace' ? this.fresh(value, path) : this.mergeMap(current, value, path);
    }
    if (Array.isArray(current) && Array.isArray(value))
      return this.mergeList(current, value, strategy, path, isDeleteList);
    return value;
  }

  private mergeList(
    current: JsonValue[],
    value: JsonValue[],
    strategy: PatchStrategy | undefined,
    path: string,
    isDeleteList: boolean,
  ): JsonValue[] {
    if (strategy?.strategy !== 'merge') return isDeleteList ? current : value;
    return mergeSlice(current, value, strategy.mergeKey ?? '', isDeleteList, this.listContext(path));
  }

  /**
   * A patch value with nothing live to merge into: merged into an empty value of its kind.
   * Where that fails (a malformed new value), the value is kept as sent, as Kubernetes
   * keeps every new value, and later validation reports what is wrong with it.
   */
  private fresh(value: JsonValue, path: string): JsonValue {
    if (!isJsonObject(value) && !Array.isArray(value)) return value;
    try {
      return this.freshContainer(deepClone<JsonObject | JsonValue[]>(value), path);
    } catch (err) {
      if (isMachineryError(err)) return value;
      throw err;
    }
  }

  private freshContainer(value: JsonObject | JsonValue[], path: string): JsonValue {
    if (!Array.isArray(value)) return this.mergeMap(null, value, path);
    const strategy = this.lookup(path);
    if (strategy?.strategy !== 'merge') return value;
    return mergeSlice([], value, strategy.mergeKey ?? '', false, this.listContext(path));
  }

  private listContext(path: string): ListMergeContext {
    return {
      mergeElement: (original, patch) =>
        original === null ? (this.fresh(patch, path) as JsonObject) : this.mergeMap(original, patch, path),
    };
  }

  /** Processes every `$setElementOrder/<list>` directive together with its list, removing both from the patch. */
  private mergeElementOrders(target: JsonObject, patch: JsonObject, path: string): void {
    for (const key of Object.keys(patch)) {
      if (!key.startsWith(ORDER_PREFIX)) continue;
      const order = patch[key] ?? null;
      delete patch[key];
      if (!Array.isArray(order)) throw machineryError('BadArgType', LIST_TYPE, order);
      this.applyElementOrder(target, patch, extractKey(key, ORDER_PREFIX), order, path);
    }
  }

  private applyElementOrder(
    target: JsonObject,
    patch: JsonObject,
    field: string,
    order: JsonValue[],
    path: string,
  ): void {
    const original = listAt(target, field);
    const patchList = listAt(patch, field);
    const childPath = joinPath(path, field);
    const strategy = this.lookup(childPath);
    const mergeKey = strategy?.mergeKey ?? '';
    validateSetElementOrder(patchList ?? [], order, mergeKey);
    if (original === undefined && patchList === undefined) return;
    const merged = this.mergedForOrder(original, patchList, strategy, childPath);
    const [inOrder, serverOnly] = partitionByPresence(merged, order, mergeKey);
    const kind = sliceElementKind([original ?? [], patchList ?? []]);
    target[field] = normalizeElementOrder(inOrder, serverOnly, order, original ?? [], mergeKey, kind);
    delete patch[field];
  }

  private mergedForOrder(
    original: JsonValue[] | undefined,
    patchList: JsonValue[] | undefined,
    strategy: PatchStrategy | undefined,
    path: string,
  ): JsonValue[] {
    if (patchList === undefined) return original ?? [];
    if (original === undefined) return this.fresh(patchList, path) as JsonValue[];
    return this.mergeList(original, patchList, strategy, path, false);
  }
}

/**
 * Applies a strategic merge patch to `original` and returns the merged object; neither
 * input is modified. `strategies` says how each field merges (see defaultPatchStrategies);
 * fields it does not name merge as maps and are replaced as lists, as for an unknown schema.
 * Throws MachineryError with Kubernetes' texts: `BadJSONDoc` when either input is not an
 * object, and the strategic-merge codes (NoMergeKey, BadPatchType, ListElementTypes, ...).
 */
export function strategicMergePatch(
  original: ReadonlyJsonObject,
  patch: ReadonlyJsonObject,
  strategies: PatchStrategyLookup = {},
): JsonObject {
  if (!isJsonObject(original) || !isJsonObject(patch)) throw machineryError('BadJSONDoc');
  const merger = new StrategicMerger(toStrategyLookup(strategies));
  return merger.mergeMap(deepClone(original), deepClone(patch), '');
}
