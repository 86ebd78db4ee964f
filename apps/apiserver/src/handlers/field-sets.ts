/**
 * Field sets for server-side apply: which fields a configuration sets, in Kubernetes'
 * FieldsV1 shape (`f:spec` / `k:{"name":"c"}` / `v:"x"` / `.`), list elements identified
 * by the kind's merge keys from @wheelhouse/machinery's patch strategies.
 */
import { defaultPatchStrategies, toStrategyLookup } from '@wheelhouse/machinery';
import { isRecord } from '../object.js';

/** A set of field paths; each path is a JSON array of FieldsV1 segments. */
export type FieldSet = Set<string>;

/** Metadata fields a configuration may own (the rest is the server's). */
const OWNED_METADATA = new Set(['labels', 'annotations', 'finalizers', 'ownerReferences']);

function add(set: FieldSet, segs: string[]): void {
  set.add(JSON.stringify(segs));
}

/** Receives each field path a configuration sets. */
type Emit = (segs: string[]) => void;
type Lookup = ReturnType<typeof toStrategyLookup>;

function walkList(emit: Emit, list: unknown[], segs: string[], spath: string, lookup: Lookup): void {
  const strategy = lookup(spath);
  if (strategy?.strategy === 'merge' && strategy.mergeKey) {
    for (const item of list) {
      if (!isRecord(item)) continue;
      const key = `k:${JSON.stringify({ [strategy.mergeKey]: item[strategy.mergeKey] })}`;
      emit([...segs, key, '.']);
      walk(emit, item, [...segs, key], spath, lookup);
    }
  } else if (strategy?.strategy === 'merge') {
    for (const v of list) emit([...segs, `v:${JSON.stringify(v)}`]);
  } else emit(segs);
}

function walk(emit: Emit, value: unknown, segs: string[], spath: string, lookup: Lookup): void {
  if (Array.isArray(value)) return walkList(emit, value, segs, spath, lookup);
  if (!isRecord(value) || (Object.keys(value).length === 0 && segs.length > 0)) return emit(segs);
  for (const [k, v] of Object.entries(value)) {
    if (segs.length === 0 && (k === 'apiVersion' || k === 'kind')) continue;
    if (segs.length === 1 && segs[0] === 'f:metadata' && !OWNED_METADATA.has(k)) continue;
    walk(emit, v, [...segs, `f:${k}`], spath ? `${spath}.${k}` : k, lookup);
  }
}

/** Whether a path lies under `status`. */
export function isStatusPath(p: string): boolean {
  return p.startsWith('["f:status"');
}

/** The fields `config` (an object of `kind`) sets. */
export function fieldSetOf(config: unknown, kind: string): FieldSet {
  const set: FieldSet = new Set();
  walk((segs) => add(set, segs), config, [], '', toStrategyLookup(defaultPatchStrategies(kind)));
  return set;
}

/**
 * `toFieldsV1(fieldSetOf(obj, kind))` built directly, without the top-level fields
 * `skip` names: what a create records, at a fraction of the cost.
 */
export function fieldsV1Of(
  obj: Record<string, unknown>,
  kind: string,
  skip: ReadonlySet<string>,
): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  const top = Object.fromEntries(Object.entries(obj).filter(([k]) => !skip.has(k)));
  const insert = (segs: string[]): void => {
    let node = root;
    for (const seg of segs) node = (node[seg] ??= {}) as Record<string, unknown>;
  };
  walk(insert, top, [], '', toStrategyLookup(defaultPatchStrategies(kind)));
  return root;
}

/** Converts a field set to the FieldsV1 JSON stored in managedFields. */
export function toFieldsV1(set: FieldSet): Record<string, unknown> {
  const root: Record<string, unknown> = {};
  for (const p of set) {
    let node = root;
    for (const seg of JSON.parse(p) as string[]) node = (node[seg] ??= {}) as Record<string, unknown>;
  }
  return root;
}

/** Converts FieldsV1 JSON back to a field set (leaves and `.` markers). */
export function fromFieldsV1(v: unknown, segs: string[] = [], set: FieldSet = new Set()): FieldSet {
  if (!isRecord(v)) return set;
  const keys = Object.keys(v);
  if (keys.length === 0 && segs.length > 0) add(set, segs);
  for (const k of keys) fromFieldsV1(v[k], [...segs, k], set);
  return set;
}

function step(node: unknown, seg: string): unknown {
  if (seg.startsWith('f:')) return isRecord(node) ? node[seg.slice(2)] : undefined;
  if (!Array.isArray(node)) return undefined;
  if (seg.startsWith('k:')) {
    const [[k, val]] = Object.entries(JSON.parse(seg.slice(2)) as Record<string, unknown>) as [[string, unknown]];
    return node.find((i) => isRecord(i) && JSON.stringify(i[k]) === JSON.stringify(val));
  }
  if (seg.startsWith('v:')) return node.find((i) => JSON.stringify(i) === seg.slice(2));
  return undefined;
}

/** The value at a field path (a `.`-terminated path names the list element itself). */
export function valueAt(obj: unknown, path: string): unknown {
  const segs = (JSON.parse(path) as string[]).filter((s) => s !== '.');
  return segs.reduce<unknown>((node, seg) => step(node, seg), obj);
}

/** Removes the field or list element at `path` from `obj` in place; missing paths are ignored. */
export function removeAt(obj: unknown, path: string): void {
  const segs = (JSON.parse(path) as string[]).filter((s) => s !== '.');
  const last = segs.pop();
  const parent = segs.reduce<unknown>((node, seg) => step(node, seg), obj);
  if (last === undefined) return;
  if (last.startsWith('f:') && isRecord(parent)) delete parent[last.slice(2)];
  else if (Array.isArray(parent)) {
    const item = step(parent, last);
    const i = parent.indexOf(item);
    if (i >= 0) parent.splice(i, 1);
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
