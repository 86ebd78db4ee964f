/**
 * managedFields for writes that are not server-side apply (create, PUT, ordinary patches):
 * the writer's manager (`fieldManager`, else the User-Agent's program name) gets an Update
 * entry owning every field it set or changed, and other managers lose those fields, as
 * Kubernetes records them. Server-side apply then reports conflicts with these managers too.
 */
import { apiVersionOf, type ManagedFieldsEntry, type ApiObject } from '@wheelhouse/api';
import { formatTime, getOwn, setOwn } from '@wheelhouse/machinery';
import { changedFields, type ChangedFields } from './field-diff.js';
import { childAt, fieldsV1Of, type FieldsTree } from './field-sets.js';
import { decodesAsManagedFields } from './managed-fields-decode.js';
import { isRecord, jsonEqual } from '../object.js';
import type { ResourceDef } from '../registry/registry.js';

/** The manager of a non-apply write: `fieldManager`, else the User-Agent up to its first `/` (as Kubernetes). */
export function updateManager(fieldManager: string | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  return (userAgent ?? '').split('/')[0]?.trim() || 'unknown';
}

/** Fields of `next` this write sets: on the main resource everything but a status subresource's status; on /status only status. */
function writtenFields(
  def: ResourceDef,
  current: ApiObject,
  next: ApiObject,
  subresource: string | undefined,
): ChangedFields {
  const onStatus = subresource === 'status';
  return changedFields(def.kind, current, next, (field) => !def.status || (field === 'status') === onStatus);
}

function sameSlot(e: ManagedFieldsEntry, manager: string, subresource: string | undefined): boolean {
  return e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? '');
}

/**
 * FieldsV1 `node` rebuilt from its children as `kept` returns them (undefined: gone), as
 * toFieldsV1 would rebuild it from its leaves: `node` itself when every child came back
 * as it was; undefined when none came back. Only leaves (empty records) and what lies
 * above one count; anything else in a FieldsV1 tree is dropped, as fromFieldsV1 skips it.
 */
function rebuilt(
  node: FieldsTree,
  keys: string[],
  kept: (child: FieldsTree, key: string) => FieldsTree | undefined,
): FieldsTree | undefined {
  let out: FieldsTree | undefined;
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    const child = node[k];
    const got = isRecord(child) ? kept(child, k) : undefined;
    if (got === child && out === undefined) continue;
    out ??= Object.fromEntries(keys.slice(0, i).map((j) => [j, node[j]]));
    if (got !== undefined) setOwn(out, k, got);
  }
  if (out === undefined) return node;
  return Object.keys(out).length > 0 ? out : undefined;
}

/** Whether FieldsV1 has a leaf (fromFieldsV1 finds a path in it). */
function hasFields(v: unknown): v is FieldsTree {
  return isRecord(v) && Object.keys(v).length > 0;
}

/** What pruning another manager's entry needs: the fields this write takes, and whether a leaf went. */
interface Pruning {
  readonly taken: ChangedFields;
  dropped: boolean;
}

/** The leaves under FieldsV1 `node` that stay: not `taken` (the written tree there), still at `at` (the value of next there). */
function keptFields(p: Pruning, node: FieldsTree, at: unknown, taken: unknown): FieldsTree | undefined {
  const keys = Object.keys(node);
  if (keys.length > 0) {
    return rebuilt(node, keys, (child, k) =>
      keptFields(p, child, k === '.' ? at : childAt(at, k), isRecord(taken) ? getOwn(taken, k) : undefined),
    );
  }
  if (at !== undefined && !(isRecord(taken) && p.taken.paths.has(taken))) return node;
  p.dropped = true;
  return undefined;
}

/** An entry without `taken` and without paths `next` no longer has; undefined when nothing is left. */
function prune(e: ManagedFieldsEntry, taken: ChangedFields, next: ApiObject): ManagedFieldsEntry | undefined {
  if (!hasFields(e.fieldsV1)) return undefined;
  const p: Pruning = { taken, dropped: false };
  const kept = keptFields(p, e.fieldsV1, next, taken.tree);
  if (kept === undefined) return undefined;
  return p.dropped ? { ...e, fieldsV1: kept } : e;
}

/** FieldsV1 `node` with only its leaves and what lies above them (see {@link rebuilt}). */
function leavesOf(node: FieldsTree): FieldsTree | undefined {
  const keys = Object.keys(node);
  return keys.length === 0 ? node : rebuilt(node, keys, leavesOf);
}

/**
 * `base` and then `added`'s paths, as toFieldsV1 builds them in that order: `base` itself
 * when `added` has nothing new. Neither is changed; the result may share parts of either.
 */
function merged(base: FieldsTree, added: FieldsTree): FieldsTree {
  let out: FieldsTree | undefined;
  for (const [k, v] of Object.entries(added)) {
    const was = getOwn(base, k);
    const now = isRecord(was) ? merged(was, v as FieldsTree) : v;
    if (now !== was) setOwn((out ??= { ...base }), k, now);
  }
  return out ?? base;
}

/** The writer's fields: those of its previous entry, then the ones it wrote now. */
function ownedFields(previous: unknown, written: ChangedFields): FieldsTree {
  const base = hasFields(previous) ? leavesOf(previous) : undefined;
  return base ? merged(base, written.tree) : written.tree;
}

const STATUS = new Set(['status']);
const NOTHING = new Set<string>();

/**
 * Whether client-sent managedFields ask for a reset (kube's isResetManagedFields): an empty
 * list, or a list of one empty entry. The Server-Side Apply docs name only `[{}]`; the field
 * manager has taken `[]` as a reset too since kubernetes/kubernetes#91748.
 */
function isReset(given: readonly ManagedFieldsEntry[]): boolean {
  if (given.length === 0) return true;
  return given.length === 1 && Object.values(given[0]!).every((v) => v === undefined || v === '');
}

/**
 * The entries a non-apply write of `next` starts from, as kube's field manager decodes them
 * (decodeManagedFields in fieldmanager.go): on a subresource the live object's; none when
 * the client resets them; the client's own when it sends entries that decode (so a client
 * may edit them, e.g. hand fields to another manager); else the live object's (a client
 * that leaves them out, or sends ones that do not decode, loses nothing).
 */
function baseEntries(current: ApiObject, next: ApiObject, subresource: string | undefined): ManagedFieldsEntry[] {
  const live = current.metadata.managedFields ?? [];
  const given = next.metadata.managedFields;
  if (subresource || given === undefined) return live;
  if (isReset(given)) return [];
  // Usually what the client read: the live entries then, the very objects.
  if (given === live || jsonEqual(given, live)) return live;
  return decodesAsManagedFields(given) ? given : live;
}

/** A create: the writer owns every field it set (but a status subresource's status). */
function recordCreate(def: ResourceDef, next: ApiObject, manager: string, now: number): void {
  const given = next.metadata.managedFields;
  if (given && isReset(given)) delete next.metadata.managedFields;
  const fieldsV1 = fieldsV1Of(next, def.kind, def.status ? STATUS : NOTHING);
  if (Object.keys(fieldsV1).length === 0) return;
  next.metadata.managedFields = [
    {
      manager,
      operation: 'Update',
      apiVersion: apiVersionOf(def),
      time: formatTime(now),
      fieldsType: 'FieldsV1',
      fieldsV1,
    },
  ];
}

/**
 * Records a non-apply write of `next` (from `current`, undefined on create) by `manager`
 * in `next.metadata.managedFields`, starting from the entries {@link baseEntries} picks.
 * Entries left without fields go (structured-merge-diff drops empty managers); a write that
 * changes no field adds no entry and leaves the others' times as they were.
 */
export function recordUpdate(
  def: ResourceDef,
  current: ApiObject | undefined,
  next: ApiObject,
  manager: string,
  subresource: string | undefined,
  now: number,
): void {
  if (current === undefined) return recordCreate(def, next, manager, now);
  const previous = baseEntries(current, next, subresource);
  const written = writtenFields(def, current, next, subresource);
  if (written.paths.size === 0) {
    const kept = previous.filter((e) => hasFields(e.fieldsV1) && leavesOf(e.fieldsV1) !== undefined);
    if (kept.length) next.metadata.managedFields = kept.length === previous.length ? previous : kept;
    else delete next.metadata.managedFields;
    return;
  }
  const mine = previous.find((e) => sameSlot(e, manager, subresource));
  const others = previous
    .filter((e) => e !== mine)
    .map((e) => prune(e, written, next))
    .filter((e): e is ManagedFieldsEntry => e !== undefined);
  const entry: ManagedFieldsEntry = {
    manager,
    operation: 'Update',
    apiVersion: apiVersionOf(def),
    time: formatTime(now),
    fieldsType: 'FieldsV1',
    fieldsV1: ownedFields(mine?.fieldsV1, written),
  };
  if (subresource) entry.subresource = subresource;
  next.metadata.managedFields = [...others, entry];
}
