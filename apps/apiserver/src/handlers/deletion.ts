/**
 * DELETE and deletecollection: preconditions, graceful deletion (the kind's hook says how
 * long: pods bound to a node wait), finalizers (the object is marked with
 * deletionTimestamp and removed once its last finalizer is gone), propagation policies
 * (Foreground and Orphan leave the object to the garbage collector behind the
 * `foregroundDeletion` / `orphan` finalizer, as kube-apiserver's registry does), and
 * kinds with their own delete rules (namespaces; see registry/hooks.ts).
 * Of DeleteOptions the apiserver honours gracePeriodSeconds, preconditions,
 * propagationPolicy and the deprecated orphanDependents.
 */
import { apiVersionOf, type ApiObject, type DeleteOptions } from '@wheelhouse/api';
import { deepClone, formatTime, type FieldError } from '@wheelhouse/machinery';
import { ApiError, badRequest, fromMachinery, invalid } from '../errors.js';
import type { HandlerContext } from './context.js';
import { listObjects } from './list.js';
import type { ObjectRequest, Reply } from './object-request.js';
import { isRecord } from '../object.js';
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from '../registry/gc-finalizers.js';
import { checkPreconditions } from '../registry/preconditions.js';
import type { ResourceDef } from '../registry/registry.js';
import { boolParam, decodeBody, dryRunParam, param, type Query } from '../http/request.js';

const POLICIES = ['Foreground', 'Background', 'Orphan'];

/** 422 for DeleteOptions, as ValidateDeleteOptions reports them. */
function invalidDeleteOptions(err: FieldError): ApiError {
  return invalid('DeleteOptions', { group: 'meta.k8s.io', plural: 'DeleteOptions' }, '', [fromMachinery(err)]);
}

/** Reads DeleteOptions from the body (optional) and query; throws 400 on bad values. */
export function deleteOptions(body: unknown, contentType: string | undefined, q: Query): DeleteOptions {
  const empty = body === undefined || (Buffer.isBuffer(body) && body.length === 0);
  const raw = empty ? {} : decodeBody(body, contentType);
  if (!isRecord(raw)) throw badRequest('DeleteOptions must be an object');
  const opts = raw as DeleteOptions;
  const grace = param(q, 'gracePeriodSeconds');
  if (grace !== undefined) opts.gracePeriodSeconds = Number(grace);
  const policy = param(q, 'propagationPolicy') ?? opts.propagationPolicy;
  // A *bool: present means a value, read as kube's parameter codec reads booleans ('True' and '' are true).
  if (param(q, 'orphanDependents') !== undefined) opts.orphanDependents = boolParam(q, 'orphanDependents');
  if (policy !== undefined) {
    opts.propagationPolicy = policy;
    if (!POLICIES.includes(policy))
      throw invalidDeleteOptions({
        type: 'FieldValueNotSupported',
        field: 'propagationPolicy',
        badValue: policy,
        detail: 'supported values: "Foreground", "Background", "Orphan"',
      });
    if (opts.orphanDependents !== undefined)
      throw invalidDeleteOptions({
        type: 'FieldValueInvalid',
        field: 'propagationPolicy',
        badValue: policy,
        detail: 'orphanDependents and deletionPropagation cannot be both set',
      });
  }
  if (
    opts.gracePeriodSeconds !== undefined &&
    (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)
  )
    throw badRequest('gracePeriodSeconds must be a non-negative integer');
  return opts;
}

/** How long a delete waits: as the kind's graceful-deletion hook says; kinds without one go at once. */
function graceSeconds(ctx: HandlerContext, def: ResourceDef, obj: ApiObject, opts: DeleteOptions): number {
  return ctx.hooks(def).gracePeriodSeconds?.(obj, opts) ?? 0;
}

/** Whether dependents are orphaned, as shouldOrphanDependents: options, then the object's finalizers, then the kind's default. */
function shouldOrphan(def: ResourceDef, obj: ApiObject, opts: DeleteOptions): boolean {
  if (opts.orphanDependents !== undefined) return opts.orphanDependents;
  if (opts.propagationPolicy !== undefined) return opts.propagationPolicy === 'Orphan';
  for (const f of obj.metadata.finalizers ?? []) {
    if (f === ORPHAN_FINALIZER) return true;
    if (f === FOREGROUND_FINALIZER) return false;
  }
  return def.api.defaultGarbageCollectionPolicy === 'OrphanDependents';
}

/** Whether the delete waits for dependents, as shouldDeleteDependents. */
function shouldDeleteDependents(obj: ApiObject, opts: DeleteOptions): boolean {
  if (opts.orphanDependents !== undefined) return false;
  if (opts.propagationPolicy !== undefined) return opts.propagationPolicy === 'Foreground';
  for (const f of obj.metadata.finalizers ?? []) {
    if (f === FOREGROUND_FINALIZER) return true;
    if (f === ORPHAN_FINALIZER) return false;
  }
  return false;
}

/**
 * The object's finalizers after this delete: the garbage collector's two removed, then
 * the one the policy asks for added (deletionFinalizersForGarbageCollection).
 */
function finalizersFor(def: ResourceDef, obj: ApiObject, opts: DeleteOptions): string[] {
  const kept = (obj.metadata.finalizers ?? []).filter((f) => f !== ORPHAN_FINALIZER && f !== FOREGROUND_FINALIZER);
  if (shouldOrphan(def, obj, opts)) kept.push(ORPHAN_FINALIZER);
  if (shouldDeleteDependents(obj, opts)) kept.push(FOREGROUND_FINALIZER);
  return kept;
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}

/** Warnings a delete carries: the kind's (batch/v1 Jobs orphan their pods unless told otherwise). */
function deleteWarnings(ctx: HandlerContext, def: ResourceDef, opts: DeleteOptions): string[] {
  return ctx.hooks(def).deleteWarnings?.(opts) ?? [];
}

function markForDeletion(obj: ApiObject, grace: number, now: number): ApiObject {
  const prev = obj.metadata.deletionGracePeriodSeconds;
  if (obj.metadata.deletionTimestamp && (prev === undefined || prev <= grace)) return obj;
  obj.metadata.deletionTimestamp = formatTime(now + grace * 1000);
  obj.metadata.deletionGracePeriodSeconds = grace;
  return obj;
}

/** Deletes (or marks) one object as DELETE does; retries when it changes underneath. */
export async function deleteOne(
  ctx: HandlerContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  opts: DeleteOptions,
  dryRun: boolean,
): Promise<ApiObject> {
  const own = dryRun ? undefined : ctx.hooks(def).delete;
  if (own) {
    // A kind's own delete (namespaces, CRDs) is admitted too, as kube's deleteValidation runs there.
    const current = await ctx.storage.get(def, namespace, name);
    checkPreconditions(def, current, opts.preconditions);
    await ctx.admit(def, current, namespace, { operation: 'DELETE', oldObject: current, dryRun });
    const answered = await own(namespace, name, opts);
    if (answered) return answered;
  }
  // Decided on the watch cache's copy (a stale one fails the write's compare, or a check,
  // and is read again from the store), so a delete costs the store one write, not a read too.
  let { obj: current, fresh } = dryRun
    ? { obj: await ctx.storage.get(def, namespace, name), fresh: true }
    : await ctx.storage.current(def, namespace, name);
  const refresh = async (): Promise<void> => {
    current = await ctx.storage.get(def, namespace, name);
    fresh = true;
  };
  for (;;) {
    try {
      checkPreconditions(def, current, opts.preconditions);
      await ctx.admit(def, current, namespace, { operation: 'DELETE', oldObject: current, dryRun });
    } catch (err) {
      if (fresh) throw err;
      await refresh();
      continue;
    }
    const grace = graceSeconds(ctx, def, current, opts);
    if (dryRun) return current;
    const finalizers = finalizersFor(def, current, opts);
    if (grace > 0 || finalizers.length > 0) {
      return ctx.storage.update(def, namespace, name, (c) => {
        checkPreconditions(def, c, opts.preconditions);
        const next = finalizersFor(def, c, opts);
        if (!sameSet(next, c.metadata.finalizers ?? [])) c.metadata.finalizers = next;
        return markForDeletion(c, grace, ctx.now());
      });
    }
    try {
      const deleted = await ctx.storage.delete(def, current);
      // The answer is the caller's to change; a cached copy is frozen.
      return fresh ? deleted : deepClone(deleted);
    } catch (err) {
      // Changed between read and delete: read again and re-decide.
      if (!(err instanceof ApiError && err.reason === 'Conflict')) throw err;
    }
    await refresh();
  }
}

/** DELETE of one object: answers 200 with the object as last stored, or as marked for deletion. */
export async function deleteObject(ctx: HandlerContext, req: ObjectRequest): Promise<Reply> {
  const { def, namespace, name } = req.target;
  const opts = deleteOptions(req.body, req.contentType, req.query);
  return {
    code: 200,
    body: await deleteOne(ctx, def, namespace, name!, opts, dryRunParam(req.query)),
    warnings: deleteWarnings(ctx, def, opts),
  };
}

/** deletecollection: deletes every object the selectors match; answers the list of them. */
export async function deleteCollection(
  ctx: HandlerContext & Parameters<typeof listObjects>[0],
  req: ObjectRequest,
): Promise<Reply> {
  const { def, namespace } = req.target;
  const opts = deleteOptions(req.body, req.contentType, req.query);
  const dryRun = dryRunParam(req.query);
  const { items, revision } = await listObjects(ctx, def, namespace, {
    labelSelector: req.query.labelSelector,
    fieldSelector: req.query.fieldSelector,
  });
  const out: ApiObject[] = [];
  for (const o of items) {
    try {
      out.push(await deleteOne(ctx, def, o.metadata.namespace, o.metadata.name!, opts, dryRun));
    } catch (err) {
      if (!(err instanceof ApiError && err.reason === 'NotFound')) throw err;
    }
  }
  return {
    code: 200,
    body: {
      kind: def.listKind,
      apiVersion: apiVersionOf(def),
      metadata: { resourceVersion: String(revision) },
      items: out,
    },
    warnings: deleteWarnings(ctx, def, opts),
  };
}

/**
 * After an update (any subresource): an object marked for deletion whose last finalizer is
 * gone and whose grace period is 0 or unset is removed, as kube-apiserver's
 * ShouldDeleteDuringUpdate, if its kind agrees (a namespace also needs empty
 * spec.finalizers). Returns the object as the caller should answer.
 */
export async function finalizeIfDone(ctx: HandlerContext, def: ResourceDef, obj: ApiObject): Promise<ApiObject> {
  const m = obj.metadata;
  if (!m.deletionTimestamp || (m.finalizers?.length ?? 0) > 0 || (m.deletionGracePeriodSeconds ?? 0) > 0) return obj;
  if (ctx.hooks(def).shouldDeleteDuringUpdate?.(obj) === false) return obj;
  try {
    return await ctx.storage.delete(def, obj);
  } catch (err) {
    if (err instanceof ApiError && (err.reason === 'Conflict' || err.reason === 'NotFound')) return obj;
    throw err;
  }
}
