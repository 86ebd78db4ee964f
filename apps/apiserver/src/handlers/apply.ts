/**
 * Server-side apply (PATCH with `application/apply-patch+yaml`): creates the object if it
 * is missing (201), else merges the configuration into it (200). Each field manager's
 * applied fields are recorded in `metadata.managedFields` (operation Apply); fields a
 * manager applied before and no longer applies are removed; changing a field another
 * manager owns (an applier, or a writer recorded by managed-fields.ts) is a 409 conflict
 * unless `force=true`, which takes the field over. On /status an apply owns only status
 * fields; on /scale (an autoscaling/v1 Scale) only the parent's spec.replicas; their
 * entries carry `subresource`, and the main resource's apply never owns a status
 * subresource's status (Kubernetes resets those fields). A configuration carrying
 * managedFields is refused with 400, as Kubernetes refuses it.
 */
import {
  deepClone,
  defaultPatchStrategies,
  formatTime,
  type JsonObject,
  requiredField,
  strategicMergePatch,
} from '@wheelhouse/machinery';
import { apiVersionOf, type ManagedFieldsEntry, type ApiObject } from '@wheelhouse/api';
import { finalizeIfDone } from './deletion.js';
import { ApiError, badRequest, fromMachinery, invalid } from '../errors.js';
import {
  fieldSetOf,
  fromFieldsV1,
  isStatusPath,
  prettyPath,
  removeAt,
  removeEmptyParents,
  ownedPrefixes,
  toFieldsV1,
  valueAt,
  type FieldSet,
} from './field-sets.js';
import type { HandlerContext } from './context.js';
import type { ObjectRequest, Reply } from './object-request.js';
import { createDecoded } from './crud.js';
import { checkIdentity } from './identity.js';
import { isRecord, jsonEqual } from '../object.js';
import type { ResourceDef } from '../registry/registry.js';
import { boolParam, decodeBody, dryRunParam, fieldValidationOf, param } from '../http/request.js';
import { checkBody, decodeAs, prepareForUpdate, prepareStatusUpdate } from '../registry/strategy.js';

interface Owner {
  entry: ManagedFieldsEntry;
  set: FieldSet;
}

/** Where an apply writes: the main resource, or its status or scale subresource. */
type Slot = 'status' | 'scale' | undefined;

const REPLICAS = JSON.stringify(['f:spec', 'f:replicas']);

/** The fields an apply to `slot` owns (see the module comment). */
function ownedFields(def: ResourceDef, config: ApiObject, slot: Slot): FieldSet {
  const out: FieldSet = new Set();
  for (const p of fieldSetOf(config, def.kind)) {
    if (slot === 'scale' ? p !== REPLICAS : def.status && isStatusPath(p) !== (slot === 'status')) continue;
    out.add(p);
  }
  return out;
}

function isMine(e: ManagedFieldsEntry, manager: string, slot: Slot): boolean {
  return e.manager === manager && e.operation === 'Apply' && (e.subresource ?? '') === (slot ?? '');
}

interface Conflict {
  manager: string;
  /** The other manager's entry. */
  entry: ManagedFieldsEntry;
  path: string;
}

/**
 * A manager as Kubernetes names it in conflicts (from its identifier, which has no time,
 * and no apiVersion for appliers): `"m"`, `"m" with subresource "status"`, then
 * ` using apps/v1` for an Update.
 */
function printManager(e: ManagedFieldsEntry): string {
  let out = JSON.stringify(e.manager ?? '');
  if (e.subresource) out += ` with subresource ${JSON.stringify(e.subresource)}`;
  return e.operation === 'Update' ? `${out} using ${e.apiVersion ?? ''}` : out;
}

/** The manager's identifier, by which Kubernetes groups and sorts conflicts. */
function managerId(e: ManagedFieldsEntry): string {
  return JSON.stringify({
    manager: e.manager || undefined,
    operation: e.operation || undefined,
    apiVersion: e.operation === 'Apply' ? undefined : e.apiVersion || undefined,
    subresource: e.subresource || undefined,
  });
}

/** `Apply failed with 1 conflict: conflict with "m" using v1: .path`, or several grouped by manager. */
function conflictMessage(conflicts: Conflict[]): string {
  if (conflicts.length === 1)
    return `Apply failed with 1 conflict: conflict with ${printManager(conflicts[0]!.entry)}: ${prettyPath(conflicts[0]!.path)}`;
  const byManager = new Map<string, Conflict[]>();
  for (const c of conflicts) byManager.set(managerId(c.entry), [...(byManager.get(managerId(c.entry)) ?? []), c]);
  const lines: string[] = [];
  for (const id of [...byManager.keys()].sort()) {
    const group = byManager.get(id)!;
    lines.push(`conflicts with ${printManager(group[0]!.entry)}:`, ...group.map((c) => `- ${prettyPath(c.path)}`));
  }
  return `Apply failed with ${conflicts.length} conflicts: ${lines.join('\n')}`;
}

function conflictError(conflicts: Conflict[]): ApiError {
  const causes = conflicts.map((c) => ({
    reason: 'FieldManagerConflict',
    message: `conflict with ${printManager(c.entry)}`,
    field: prettyPath(c.path),
  }));
  return new ApiError('Conflict', conflictMessage(conflicts), { causes });
}

function findConflicts(owned: FieldSet, others: Owner[], current: ApiObject, config: ApiObject): Conflict[] {
  const out: Conflict[] = [];
  for (const p of owned) {
    // Element markers (`.`) only say an element exists; its fields are compared one by one.
    if (p.endsWith('"."]')) continue;
    for (const o of others) {
      if (o.set.has(p) && !jsonEqual(valueAt(current, p), valueAt(config, p)))
        out.push({ manager: o.entry.manager ?? '', entry: o.entry, path: p });
    }
  }
  return out;
}

function entry(def: ResourceDef, manager: string, owned: FieldSet, time: string, slot: Slot): ManagedFieldsEntry {
  const e: ManagedFieldsEntry = {
    manager,
    operation: 'Apply',
    apiVersion: apiVersionOf(def),
    time,
    fieldsType: 'FieldsV1',
    fieldsV1: toFieldsV1(owned),
  };
  if (slot) e.subresource = slot;
  return e;
}

function rebuildEntries(
  def: ResourceDef,
  current: ApiObject,
  manager: string,
  owned: FieldSet,
  taken: Conflict[],
  now: number,
  slot: Slot,
): ManagedFieldsEntry[] {
  const entries = current.metadata.managedFields ?? [];
  const mine = entries.find((e) => isMine(e, manager, slot));
  const unchanged = mine !== undefined && jsonEqual(mine.fieldsV1, toFieldsV1(owned));
  const out = entries
    .filter((e) => e !== mine)
    .map((e) => {
      const lost = taken.filter((c) => c.manager === e.manager).map((c) => c.path);
      if (!lost.length) return e;
      const set = fromFieldsV1(e.fieldsV1);
      for (const p of lost) set.delete(p);
      return { ...e, fieldsV1: toFieldsV1(set) };
    });
  return [...out, unchanged ? mine : entry(def, manager, owned, formatTime(now), slot)];
}

/** The applier whose conflicts the last-applied annotation may excuse (kube upgrades only kubectl's). */
const UPGRADING_MANAGER = 'kubectl';
/** Where client-side apply (`kubectl apply`) keeps the configuration it last applied. */
const LAST_APPLIED_ANNOTATION = 'kubectl.kubernetes.io/last-applied-configuration';

/**
 * The fields of the object's last client-side applied configuration that still hold the
 * values it applied (undefined without a usable annotation), as kube's lastAppliedManager
 * computes them: conflicts on these fields do not stop kubectl's server-side apply, which
 * then takes them over, so a client-side applied object upgrades to server-side apply.
 */
function unchangedSinceLastApplied(def: ResourceDef, live: ApiObject, slot: Slot): FieldSet | undefined {
  const text = live.metadata.annotations?.[LAST_APPLIED_ANNOTATION];
  if (!text) return undefined;
  let last: unknown;
  try {
    last = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(last) || last.apiVersion !== apiVersionOf(def)) return undefined;
  const applied = last as unknown as ApiObject;
  const out: FieldSet = new Set();
  for (const p of ownedFields(def, applied, slot)) {
    const was = valueAt(applied, p);
    if (was !== undefined && jsonEqual(was, valueAt(live, p))) out.add(p);
  }
  return out;
}

function mergeApplied(
  ctx: HandlerContext,
  def: ResourceDef,
  current: ApiObject,
  config: ApiObject,
  manager: string,
  force: boolean,
  slot: Slot,
): ApiObject {
  const owned = ownedFields(def, config, slot);
  const entries = current.metadata.managedFields ?? [];
  const mine = entries.find((e) => isMine(e, manager, slot));
  const others: Owner[] = entries.filter((e) => e !== mine).map((e) => ({ entry: e, set: fromFieldsV1(e.fieldsV1) }));
  let conflicts = findConflicts(owned, others, current, config);
  if (conflicts.length && !force && manager === UPGRADING_MANAGER) {
    // kubectl's first server-side apply over client-side applies (kube's lastAppliedManager).
    const allowed = unchangedSinceLastApplied(def, current, slot);
    if (allowed) {
      const left = conflicts.filter((c) => !allowed.has(c.path));
      if (left.length) conflicts = left;
      else force = true;
    }
  }
  if (conflicts.length && !force) throw conflictError(conflicts);
  const next = deepClone(current);
  const dropped = [...fromFieldsV1(mine?.fieldsV1)].filter((p) => !owned.has(p) && !others.some((o) => o.set.has(p)));
  for (const p of dropped) removeAt(next, p);
  if (dropped.length) {
    const stillOwned = ownedPrefixes([owned, ...others.map((o) => o.set)]);
    for (const p of dropped) removeEmptyParents(next, p, stillOwned);
  }
  const merged = strategicMergePatch(
    next as unknown as JsonObject,
    config as unknown as JsonObject,
    defaultPatchStrategies(def.kind),
  ) as unknown as ApiObject;
  merged.metadata.managedFields = rebuildEntries(def, current, manager, owned, conflicts, ctx.now(), slot);
  if (slot === 'status') return prepareStatusUpdate(def, merged, current);
  const out = prepareForUpdate(def, merged, current);
  ctx.hooks(def).allocateOnUpdate?.(out, current);
  return out;
}

/** An applied Scale as the parent's configuration: only spec.replicas (when set). */
function scaleConfig(def: ResourceDef, body: unknown): ApiObject {
  if (!isRecord(body) || (body.kind !== undefined && body.kind !== 'Scale'))
    throw badRequest('the body of the request must be an autoscaling/v1 Scale');
  const spec = isRecord(body.spec) ? body.spec : {};
  const replicas = spec.replicas;
  if (replicas !== undefined && (!Number.isInteger(replicas) || (replicas as number) < 0)) {
    throw invalid('Scale', { group: 'autoscaling', plural: 'scale' }, '', [
      fromMachinery({
        type: 'FieldValueInvalid',
        field: 'spec.replicas',
        badValue: replicas,
        detail: 'must be greater than or equal to 0',
      }),
    ]);
  }
  const metadata = isRecord(body.metadata) ? { ...body.metadata } : {};
  return {
    apiVersion: apiVersionOf(def),
    kind: def.kind,
    metadata,
    ...(replicas === undefined ? {} : { spec: { replicas } }),
  } as ApiObject;
}

function decodeConfig(def: ResourceDef, req: ObjectRequest, slot: Slot, warnings: string[]): ApiObject {
  const body = decodeBody(req.body, 'application/apply-patch+yaml');
  if (slot === 'scale') return scaleConfig(def, body);
  return decodeAs(def, checkBody(def, body), fieldValidationOf(req.query), warnings);
}

function slotOf(subresource: string | undefined, def: ResourceDef): Slot {
  if (subresource === undefined) return undefined;
  if ((subresource === 'status' && def.status) || (subresource === 'scale' && def.scale)) return subresource;
  throw new ApiError('UnsupportedMediaType', `server-side apply of the ${subresource} subresource is not supported`);
}

function applyParams(req: ObjectRequest): { manager: string; force: boolean } {
  const manager = param(req.query, 'fieldManager') ?? '';
  if (!manager)
    throw invalid('PatchOptions', { group: 'meta.k8s.io', plural: 'patchoptions' }, '', [
      fromMachinery(requiredField('fieldManager', 'is required for apply patch')),
    ]);
  return { manager, force: boolParam(req.query, 'force') };
}

async function exists(
  ctx: HandlerContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
): Promise<boolean> {
  try {
    await ctx.storage.get(def, namespace, name);
    return true;
  } catch (err) {
    if (err instanceof ApiError && err.reason === 'NotFound') return false;
    throw err;
  }
}

/** PATCH with `application/apply-patch+yaml`: see the module comment. */
export async function applyObject(ctx: HandlerContext, req: ObjectRequest): Promise<Reply> {
  const { def, namespace, name, subresource } = req.target;
  const slot = slotOf(subresource, def);
  const { manager, force } = applyParams(req);
  const warnings: string[] = [];
  const config = decodeConfig(def, req, slot, warnings);
  // As kube-apiserver (structuredMergeManager.Apply): a configuration owns no managedFields.
  if (config.metadata.managedFields != null) throw badRequest('metadata.managedFields must be nil');
  if (config.metadata.name !== undefined && config.metadata.name !== name)
    throw badRequest(`the name of the object (${config.metadata.name}) does not match the name on the URL (${name!})`);
  config.metadata = { ...config.metadata, name: name! };
  checkIdentity(def, config, namespace, name!);
  delete config.metadata.managedFields;
  const dryRun = dryRunParam(req.query);
  if (slot === undefined && !(await exists(ctx, def, namespace, name!))) {
    try {
      const copy = deepClone(config);
      const created = {
        ...copy,
        metadata: {
          ...copy.metadata,
          managedFields: [entry(def, manager, ownedFields(def, config, slot), formatTime(ctx.now()), slot)],
        },
      };
      return { code: 201, body: await createDecoded(ctx, def, namespace, created, dryRun), warnings };
    } catch (err) {
      // Created by someone else meanwhile: apply to it.
      if (!(err instanceof ApiError && err.reason === 'AlreadyExists')) throw err;
    }
  }
  const fn = async (current: ApiObject): Promise<ApiObject> => {
    const next = mergeApplied(ctx, def, current, config, manager, force, slot);
    await ctx.admit(def, next, namespace, { operation: 'UPDATE', oldObject: current, dryRun, subresource: slot });
    return next;
  };
  const out = dryRun
    ? await fn(await ctx.storage.get(def, namespace, name!))
    : await finalizeIfDone(ctx, def, await ctx.storage.update(def, namespace, name!, fn));
  return { code: 200, body: slot === 'scale' ? def.scale!.toScale(out) : out, warnings };
}
