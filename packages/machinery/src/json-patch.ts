/**
 * JSON Patch (RFC 6902): add, remove, replace, move, copy and test, applied in order to a
 * copy of the document. Semantics are the RFC's (replace and remove need an existing
 * target; array indexes are `0` or digits without a leading zero, `-` appends for add);
 * error texts are those of gopkg.in/evanphx/json-patch.v4, which kube-apiserver uses.
 */
import { machineryError } from './errors.js';
import {
  deepClone,
  hasOwn,
  isJsonObject,
  jsonEqual,
  type JsonObject,
  type JsonValue,
  type ReadonlyJsonValue,
} from './json.js';
import { child, isArrayIndex, parseJsonPointer } from './json-pointer.js';

/** One JSON Patch operation as it arrives on the wire. */
export interface JsonPatchOperation {
  op: 'add' | 'remove' | 'replace' | 'move' | 'copy' | 'test';
  path: string;
  from?: string;
  value?: JsonValue;
}

/** Limits of applyJsonPatch. */
export interface JsonPatchLimits {
  /**
   * Most bytes (of the copied values' JSON) all `copy` operations of one patch may add;
   * 0 or absent = no limit (json-patch's AccumulatedCopySizeLimit).
   */
  maxCopyBytes?: number;
}

/** The working document; `root` changes when an operation targets the whole document (''). */
interface Doc {
  root: JsonValue;
  /** Bytes the `copy` operations have added so far, and their limit (0 = none). */
  copied: number;
  maxCopyBytes: number;
}

/** The container holding a pointer's target and the target's key in it. */
interface Slot {
  readonly container: JsonObject | JsonValue[];
  readonly key: string;
}

/** Locates the parent container of a non-empty pointer; undefined when a step is missing or not a container. */
function locate(doc: Doc, tokens: readonly string[]): Slot | undefined {
  let current: JsonValue | undefined = doc.root;
  for (const token of tokens.slice(0, -1)) current = child(current, token);
  const key = tokens[tokens.length - 1];
  if (key === undefined || (!Array.isArray(current) && !isJsonObject(current))) return undefined;
  return { container: current, key };
}

function stringField(op: JsonObject, field: 'path' | 'from', name: string): string {
  const value = op[field];
  if (typeof value !== 'string') throw machineryError('JsonPatchMissingField', name, field);
  return value;
}

function valueField(op: JsonObject, name: string): JsonValue {
  if (!hasOwn(op, 'value')) throw machineryError('JsonPatchMissingField', name, 'value');
  return deepClone(op['value'] ?? null);
}

/** Inserts `value` at `slot` (array insert or `-` append, or object set); `where` names the path in errors. */
function insert(slot: Slot, value: JsonValue, op: string, where: string): void {
  const { container, key } = slot;
  if (!Array.isArray(container)) {
    container[key] = value;
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  if (!isArrayIndex(key)) throw machineryError('JsonPatchBadIndex', op, where, key);
  if (Number(key) > container.length) throw machineryError('JsonPatchInvalidIndex', op, where, key);
  container.splice(Number(key), 0, value);
}

/** Removes and returns the value at `slot`; `where` names the path in errors. */
function extract(slot: Slot, op: string, where: string): JsonValue {
  const { container, key } = slot;
  if (!Array.isArray(container)) {
    if (!hasOwn(container, key)) throw machineryError('JsonPatchNonexistentKey', op, where, key);
    const value = container[key] ?? null;
    delete container[key];
    return value;
  }
  if (!isArrayIndex(key)) throw machineryError('JsonPatchBadIndex', op, where, key);
  if (Number(key) >= container.length) throw machineryError('JsonPatchInvalidIndex', op, where, key);
  return container.splice(Number(key), 1)[0] ?? null;
}

function applyAdd(doc: Doc, op: JsonObject): void {
  const path = stringField(op, 'path', 'add');
  const value = valueField(op, 'add');
  const tokens = parseJsonPointer(path);
  if (tokens !== undefined && tokens.length === 0) {
    doc.root = value;
    return;
  }
  const slot = tokens === undefined ? undefined : locate(doc, tokens);
  if (slot === undefined) throw machineryError('JsonPatchMissingPath', 'add', path);
  insert(slot, value, 'add', path);
}

function applyRemove(doc: Doc, op: JsonObject): void {
  const path = stringField(op, 'path', 'remove');
  const tokens = parseJsonPointer(path);
  const slot = tokens === undefined ? undefined : locate(doc, tokens);
  if (slot === undefined) throw machineryError('JsonPatchMissingPath', 'remove', path);
  extract(slot, 'remove', path);
}

function applyReplace(doc: Doc, op: JsonObject): void {
  const path = stringField(op, 'path', 'replace');
  const value = valueField(op, 'replace');
  const tokens = parseJsonPointer(path);
  if (tokens !== undefined && tokens.length === 0) {
    doc.root = value;
    return;
  }
  const slot = tokens === undefined ? undefined : locate(doc, tokens);
  if (slot === undefined) throw machineryError('JsonPatchMissingPath', 'replace', path);
  if (child(slot.container, slot.key) === undefined) throw machineryError('JsonPatchMissingKey', path);
  if (Array.isArray(slot.container)) slot.container[Number(slot.key)] = value;
  else slot.container[slot.key] = value;
}

/** The value at `from` (removed from the document for move; not yet copied for copy). */
function source(doc: Doc, op: JsonObject, name: 'move' | 'copy'): JsonValue {
  const from = stringField(op, 'from', name);
  const tokens = parseJsonPointer(from);
  const slot = tokens === undefined ? undefined : locate(doc, tokens);
  if (slot === undefined) throw machineryError('JsonPatchMissingFrom', name, from);
  if (name === 'move') return extract(slot, 'move', slot.key);
  const value = child(slot.container, slot.key);
  if (value === undefined) throw machineryError('JsonPatchMissingFrom', name, from);
  return value;
}

/** Counts a copied value's JSON bytes against the patch's copy limit, before the copy is made. */
function chargeCopy(doc: Doc, value: JsonValue): void {
  doc.copied += Buffer.byteLength(JSON.stringify(value));
  if (doc.maxCopyBytes > 0 && doc.copied > doc.maxCopyBytes)
    throw machineryError('JsonPatchCopyTooLarge', doc.copied, doc.maxCopyBytes);
}

function applyMoveOrCopy(doc: Doc, op: JsonObject, name: 'move' | 'copy'): void {
  const path = stringField(op, 'path', name);
  const found = source(doc, op, name);
  const tokens = parseJsonPointer(path);
  const whole = tokens !== undefined && tokens.length === 0;
  const slot = whole || tokens === undefined ? undefined : locate(doc, tokens);
  if (!whole && slot === undefined) throw machineryError('JsonPatchMissingDestination', name, path);
  if (name === 'copy') chargeCopy(doc, found);
  const value = name === 'copy' ? deepClone(found) : found;
  if (slot === undefined) doc.root = value;
  else insert(slot, value, name, path);
}

function applyTest(doc: Doc, op: JsonObject): void {
  const path = stringField(op, 'path', 'test');
  const expected = valueField(op, 'test');
  const tokens = parseJsonPointer(path);
  if (tokens !== undefined && tokens.length === 0) {
    if (!jsonEqual(doc.root, expected)) throw machineryError('JsonPatchTestFailed', path);
    return;
  }
  const slot = tokens === undefined ? undefined : locate(doc, tokens);
  if (slot === undefined) throw machineryError('JsonPatchTestMissingPath', path);
  const actual = child(slot.container, slot.key);
  if (actual === undefined && Array.isArray(slot.container)) {
    throw machineryError('JsonPatchInvalidIndex', 'test', path, slot.key);
  }
  // Like evanphx/json-patch, a missing object member tests equal to null.
  if (!jsonEqual(actual ?? null, expected)) throw machineryError('JsonPatchTestFailed', path);
}

function applyOperation(doc: Doc, op: unknown): void {
  const operation = isJsonObject(op) ? op : {};
  const name = typeof operation['op'] === 'string' ? operation['op'] : 'unknown';
  switch (name) {
    case 'add':
      return applyAdd(doc, operation);
    case 'remove':
      return applyRemove(doc, operation);
    case 'replace':
      return applyReplace(doc, operation);
    case 'move':
    case 'copy':
      return applyMoveOrCopy(doc, operation, name);
    case 'test':
      return applyTest(doc, operation);
    default:
      throw machineryError('JsonPatchUnknownOp', name);
  }
}

function goJsonKind(value: unknown): string {
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'boolean') return 'bool';
  return typeof value;
}

/**
 * Applies a JSON Patch document (an array of operations) to `doc` and returns the patched
 * copy; `doc` and `patch` are not modified. A null patch is an empty patch. Throws
 * MachineryError (`JsonPatchNotArray` for a patch that is not an array, `JsonPatchTestFailed`,
 * `JsonPatchMissingPath`, ... with evanphx/json-patch's texts) at the first failing operation,
 * and `JsonPatchCopyTooLarge` as soon as the copies pass `limits.maxCopyBytes` (checked
 * before each copy is made, so a patch cannot grow the document past the limit).
 */
export function applyJsonPatch(doc: ReadonlyJsonValue, patch: unknown, limits: JsonPatchLimits = {}): JsonValue {
  if (patch === null) return deepClone(doc);
  if (!Array.isArray(patch)) throw machineryError('JsonPatchNotArray', goJsonKind(patch));
  const working: Doc = { root: deepClone(doc), copied: 0, maxCopyBytes: limits.maxCopyBytes ?? 0 };
  for (const op of patch) applyOperation(working, op);
  return working.root;
}
