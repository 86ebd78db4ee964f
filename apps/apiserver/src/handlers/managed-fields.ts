/**
 * managedFields for writes that are not server-side apply (create, PUT, ordinary patches):
 * the writer's manager (`fieldManager`, else the User-Agent's program name) gets an Update
 * entry owning every field it set or changed, and other managers lose those fields, as
 * Kubernetes records them. Server-side apply then reports conflicts with these managers too.
 */
import { apiVersionOf, type ManagedFieldsEntry, type ApiObject } from '@wheelhouse/api';
import { formatTime } from '@wheelhouse/machinery';
import {
  fieldSetOf,
  fieldsV1Of,
  fromFieldsV1,
  isStatusPath,
  toFieldsV1,
  valueAt,
  type FieldSet,
} from './field-sets.js';
import { jsonEqual } from '../object.js';
import type { ResourceDef } from '../registry/registry.js';

/** The manager of a non-apply write: `fieldManager`, else the User-Agent up to its first `/` (as Kubernetes). */
export function updateManager(fieldManager: string | undefined, userAgent: string | undefined): string {
  if (fieldManager) return fieldManager;
  return (userAgent ?? '').split('/')[0]?.trim() || 'unknown';
}

/** Fields of `next` this write sets: on the main resource everything but a status subresource's status; on /status only status. */
function writtenFields(
  def: ResourceDef,
  current: ApiObject | undefined,
  next: ApiObject,
  subresource: string | undefined,
): FieldSet {
  const out: FieldSet = new Set();
  for (const p of fieldSetOf(next, def.kind)) {
    if (def.status && isStatusPath(p) !== (subresource === 'status')) continue;
    if (!current || !jsonEqual(valueAt(current, p), valueAt(next, p))) out.add(p);
  }
  return out;
}

function sameSlot(e: ManagedFieldsEntry, manager: string, subresource: string | undefined): boolean {
  return e.manager === manager && e.operation === 'Update' && (e.subresource ?? '') === (subresource ?? '');
}

/** An entry without `taken` and without paths `next` no longer has; undefined when nothing is left. */
function prune(e: ManagedFieldsEntry, taken: FieldSet, next: ApiObject): ManagedFieldsEntry | undefined {
  const set = fromFieldsV1(e.fieldsV1);
  let changed = false;
  for (const p of set) {
    if (taken.has(p) || valueAt(next, p) === undefined) {
      set.delete(p);
      changed = true;
    }
  }
  if (set.size === 0) return undefined;
  return changed ? { ...e, fieldsV1: toFieldsV1(set) } : e;
}

const STATUS = new Set(['status']);
const NOTHING = new Set<string>();

/** A create: the writer owns every field it set (but a status subresource's status). */
function recordCreate(def: ResourceDef, next: ApiObject, manager: string, now: number): void {
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
 * in `next.metadata.managedFields`. A write that changes nothing leaves them as they were.
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
  const previous = current.metadata.managedFields ?? [];
  const written = writtenFields(def, current, next, subresource);
  if (written.size === 0) {
    if (previous.length) next.metadata.managedFields = previous;
    return;
  }
  const mine = previous.find((e) => sameSlot(e, manager, subresource));
  const owned = fromFieldsV1(mine?.fieldsV1);
  for (const p of written) owned.add(p);
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
    fieldsV1: toFieldsV1(owned),
  };
  if (subresource) entry.subresource = subresource;
  next.metadata.managedFields = [...others, entry];
}
