/**
 * Field sets for server-side apply: which fields a configuration sets, in Kubernetes'
 * FieldsV1 shape (`f:spec` / `k:{"name":"c"}` / `v:"x"` / `.`), list elements identified
 * by the kind's merge keys from @wheelhouse/machinery's patch strategies.
 */
import { defaultPatchStrategies, getOwn, setOwn, toStrategyLookup } from '@wheelhouse/machinery';
import { isRecord } from '../object.js';

/** A set of field paths; each path is a JSON array of FieldsV1 segments. */
export type FieldSet = Set<string>;

/** A FieldsV1 tree (or a node of one): segments to the nodes below them, `{}` for a leaf. */
export type FieldsTree = Record<string, unknown>;

/**
 * The node at `seg` under `node`, added when missing. Segments can come from a client's
 * FieldsV1, so only an own key counts and a new one is an own key even when it is
 * `__proto__` (which `node[seg] ??= {}` would resolve to Object.prototype, writing the
 * next segment onto it for the whole process).
 */
export function subtree(node: FieldsTree, seg: string): FieldsTree {
  const child = getOwn(node, seg);
  if (child !== undefined) return child as FieldsTree;
  const made: FieldsTree = {};
  setOwn(node, seg, made);
  return made;
}

/** Metadata fields a configuration may own (the rest is the server's). */
const OWNED_METADATA = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

function add(set: FieldSet, segs: string[]): void {
  set.add(JSON.stringify(segs));
}

/** Receives each field path a configuration sets. */
type Emit = (segs: string[]) => void;

/** Answers a field path (`spec.containers.env`: JSON names joined by `.`, list elements adding none) with its patch strategy. */
export type StrategyLookup = ReturnType<typeof toStrategyLookup>;

/** The lookup of `kind`'s default patch strategies, which decide how field sets walk its lists. */
export function strategyLookup(kind: string): StrategyLookup {
  return toStrategyLookup(defaultPatchStrategies(kind));
}

/** Whether field sets hold the field `k` of the record at `segs`: not apiVersion or kind, nor metadata the server owns. */
export function tracksField(segs: readonly string[], k: string): boolean {
  if (segs.length === 0) return k !== 'apiVersion' && k !== 'kind';
  return segs.length !== 1 || segs[0] !== 'f:metadata' || OWNED_METADATA.has(k);
}

/** The `k:` segment naming an element of a list merged by `mergeKey` whose key, as JSON, is `key` (`k:{}` without one). */
export function keySegment(mergeKey: string, key: string | undefined): string {
  return key === undefined ? 'k:{}' : `k:{${JSON.stringify(mergeKey)}:${key}}`;
}

function walkList(emit: Emit, list: unknown[], segs: string[], spath: string, lookup: StrategyLookup): void {
  const strategy = lookup(spath);
  if (strategy?.strategy === 'merge' && strategy.mergeKey) {
    for (const item of list) {
      if (!isRecord(item)) continue;
      const key = keySegment(strategy.mergeKey, JSON.stringify(item[strategy.mergeKey]));
      emit([...segs, key, '.']);
      walk(emit, item, [...segs, key], spath, lookup);
    }
  } else if (strategy?.strategy === 'merge') {
    for (const v of list) emit([...segs, `v:${JSON.stringify(v)}`]);
  } else emit(segs);
}

function walk(emit: Emit, value: unknown, segs: string[], spath: string, lookup: StrategyLookup): void {
  if (Array.isArray(value)) return walkList(emit, value, segs, spath, lookup);
  if (!isRecord(value) || (Object.keys(value).length === 0 && segs.length > 0)) return emit(segs);
  for (const [k, v] of Object.entries(value)) {
    if (tracksField(segs, k)) walk(emit, v, [...segs, `f:${k}`], spath ? `${spath}.${k}` : k, lookup);
  }
}

/** Whether a path lies under `status`. */
export function isStatusPath(p: string): boolean {
  return p.startsWith('["f:status"');
}

/** The fields `config` (an object of `kind`) sets. */
export function fieldSetOf(config: unknown, kind: string): FieldSet {
  const set: FieldSet = new Set();
  walk((segs) => add(set, segs), config, [], '', strategyLookup(kind));
  return set;
}

/**
 * `toFieldsV1(fieldSetOf(obj, kind))` built directly, without the top-level fields
 * `skip` names: what a create records, at a fraction of the cost.
 */
export function fieldsV1Of(obj: Record<string, unknown>, kind: string, skip: ReadonlySet<string>): FieldsTree {
  const root: FieldsTree = {};
  const top = Object.fromEntries(Object.entries(obj).filter(([k]) => !skip.has(k)));
  const insert = (segs: string[]): void => {
    let node = root;
    for (const seg of segs) node = subtree(node, seg);
  };
  walk(insert, top, [], '', strategyLookup(kind));
  return root;
}

/** Converts a field set to the FieldsV1 JSON stored in managedFields. */
export function toFieldsV1(set: FieldSet): FieldsTree {
  const root: FieldsTree = {};
  for (const p of set) {
    let node = root;
    for (const seg of JSON.parse(p) as string[]) node = subtree(node, seg);
  }
  return root;
}

/**
 * Converts FieldsV1 JSON back to a field set (leaves and `.` markers). Its keys are taken as
 * they are, `__proto__` too (an own key of parsed JSON): what reads or builds objects from
 * the paths must go by own keys (childAt, subtree).
 */
export function fromFieldsV1(v: unknown, segs: string[] = [], set: FieldSet = new Set()): FieldSet {
  if (!isRecord(v)) return set;
  const keys = Object.keys(v);
  if (keys.length === 0 && segs.length > 0) add(set, segs);
  for (const k of keys) fromFieldsV1(v[k], [...segs, k], set);
  return set;
}

/** A `k:` segment's key field and its value as JSON; the first entry when a segment names several. */
interface ParsedKey {
  readonly field: string;
  readonly json: string;
  /** The value when it is a string: a JSON value has the same JSON as it only if it is that string. */
  readonly text: string | undefined;
}

// Parsed `k:` segments: the same few (container names, condition types) recur on every write.
const parsedKeys = new Map<string, ParsedKey>();
const PARSED_KEYS_MAX = 4096;

function parseKey(seg: string): ParsedKey {
  let parsed = parsedKeys.get(seg);
  if (parsed) return parsed;
  const [[field, val]] = Object.entries(JSON.parse(seg.slice(2)) as Record<string, unknown>) as [[string, unknown]];
  parsed = { field, json: JSON.stringify(val), text: typeof val === 'string' ? val : undefined };
  if (parsedKeys.size >= PARSED_KEYS_MAX) parsedKeys.clear();
  parsedKeys.set(seg, parsed);
  return parsed;
}

/**
 * The value one segment below `node`: a record's own field, or the first list element a `k:`
 * or `v:` segment matches by its own key field; undefined when there is none (never a value
 * from the prototype: `f:__proto__` is a field like any other). A `k:` segment without a key
 * (`k:{}`) or not JSON throws when `node` is a list.
 */
export function childAt(node: unknown, seg: string): unknown {
  if (seg.startsWith('f:')) return isRecord(node) ? getOwn(node, seg.slice(2)) : undefined;
  if (!Array.isArray(node)) return undefined;
  if (seg.startsWith('k:')) {
    const { field, json, text } = parseKey(seg);
    if (text !== undefined) return node.find((i) => isRecord(i) && getOwn(i, field) === text);
    return node.find((i) => isRecord(i) && JSON.stringify(getOwn(i, field)) === json);
  }
  if (seg.startsWith('v:')) return node.find((i) => JSON.stringify(i) === seg.slice(2));
  return undefined;
}

/** The value at a field path (a `.`-terminated path names the list element itself). */
export function valueAt(obj: unknown, path: string): unknown {
  const segs = (JSON.parse(path) as string[]).filter((s) => s !== '.');
  return segs.reduce<unknown>((node, seg) => childAt(node, seg), obj);
}

/** Removes the field or list element at `path` from `obj` in place; missing paths are ignored. */
export function removeAt(obj: unknown, path: string): void {
  const segs = (JSON.parse(path) as string[]).filter((s) => s !== '.');
  const last = segs.pop();
  const parent = segs.reduce<unknown>((node, seg) => childAt(node, seg), obj);
  if (last === undefined) return;
  if (last.startsWith('f:') && isRecord(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) {
    const item = childAt(parent, last);
    const i = parent.indexOf(item);
    if (i >= 0) parent.splice(i, 1);
  }
}

/** Every path in `sets` and every field above one (without `.` markers): the fields somebody still owns a part of. */
export function ownedPrefixes(sets: Iterable<FieldSet>): Set<string> {
  const out = new Set<string>();
  for (const set of sets)
    for (const p of set) {
      const segs = (JSON.parse(p) as string[]).filter((s) => s !== '.');
      for (let n = 1; n <= segs.length; n++) out.add(JSON.stringify(segs.slice(0, n)));
    }
  return out;
}

/**
 * After an apply removed the field at `path` (a field its manager no longer applies), removes
 * the fields above it that are left empty and that no manager owns a part of (`owned`, from
 * {@link ownedPrefixes}), as structured-merge-diff prunes a named field nobody owns: a
 * `conversion: {}` left behind would not be defaulted again, the way a missing one is.
 */
export function removeEmptyParents(obj: unknown, path: string, owned: ReadonlySet<string>): void {
  const segs = (JSON.parse(path) as string[]).filter((s) => s !== '.');
  for (let n = segs.length - 1; n >= 1; n--) {
    const last = segs[n - 1]!;
    if (!last.startsWith('f:') || owned.has(JSON.stringify(segs.slice(0, n)))) return;
    const parent = segs.slice(0, n - 1).reduce<unknown>((node, seg) => childAt(node, seg), obj);
    const value = childAt(parent, last);
    if (!isRecord(value) || Object.keys(value).length > 0 || !isRecord(parent)) return;
    delete parent[last.slice(2)];
  }
}

/** `.spec.replicas`, `.spec.containers[name="c"].image`: a path as Kubernetes prints it in conflicts. */
export function prettyPath(path: string): string {
  return (JSON.parse(path) as string[])
    .filter((s) => s !== '.')
    .map((s) => {
      if (s.startsWith('f:')) return `.${s.slice(2)}`;
      if (s.startsWith('k:'))
        return `[${Object.entries(JSON.parse(s.slice(2)) as object)
          .map(([k, v]) => `${k}=${JSON.stringify(v)}`)
          .join(',')}]`;
      return `[=${s.slice(2)}]`;
    })
    .join('');
}
