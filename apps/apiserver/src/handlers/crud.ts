/**
 * The verbs on single objects: get, create, update (PUT) and patch, and the /status and
 * /scale subresources (delete is in deletion.ts). Each takes the parsed request and
 * returns the response body and code; errors are thrown as ApiErrors.
 */
import { validateScale, type Scale, type ApiObject } from '@wheelhouse/api';
import { deepClone, generateName, spreadWith } from '@wheelhouse/machinery';
import type { HandlerContext } from './context.js';
import { finalizeIfDone } from './deletion.js';
import type { ObjectRequest, Reply } from './object-request.js';
import { ApiError, badRequest, invalid, methodNotAllowed, unsupportedMediaType } from '../errors.js';
import { PATCH_MEDIA_TYPES } from '../http/content-type.js';
import { isRecord } from '../object.js';
import { applyPatch, patchTypeOf } from './patch.js';
import { subresourceHook } from '../registry/hooks.js';
import type { ResourceDef } from '../registry/registry.js';
import { decodeBody, dryRunParam, fieldValidationOf, param, type Target } from '../http/request.js';
import { recordUpdate, updateManager } from './managed-fields.js';
import { storageKey } from '../storage/storage.js';
import { checkIdentity } from './identity.js';
import { allowsUnconditionalUpdate, resourceVersionRequired } from '../registry/update-policy.js';
import {
  checkBody,
  checkResourceVersion,
  decodeAs,
  prepareForCreate,
  prepareForUpdate,
  prepareStatusUpdate,
} from '../registry/strategy.js';

function managerOf(req: ObjectRequest): string {
  return updateManager(param(req.query, 'fieldManager'), req.userAgent);
}

function nameOf(t: Target): string {
  if (t.name === undefined) throw badRequest('a resource name is required');
  return t.name;
}

/** GET one object (or its /status or /scale view); resourceVersion=0 may be answered from the watch cache. */
export async function getObject(ctx: HandlerContext, req: ObjectRequest): Promise<Reply> {
  const { def, namespace } = req.target;
  const name = nameOf(req.target);
  const cached =
    param(req.query, 'resourceVersion') === '0' ? ctx.cache.get(def, storageKey(def, namespace, name)) : undefined;
  const obj = cached ?? (await ctx.storage.get(def, namespace, name));
  if (req.target.subresource === 'scale') return { code: 200, body: def.scale!.toScale(obj) };
  return { code: 200, body: obj };
}

/** POST to a collection: creates the object (201), or validates only with dryRun=All. */
export async function createObject(ctx: HandlerContext, req: ObjectRequest): Promise<Reply> {
  const { def, namespace } = req.target;
  if (req.target.name !== undefined || (def.namespaced && namespace === undefined))
    throw methodNotAllowed('POST', def.kind);
  const warnings: string[] = [];
  const decoded = decodeAs(
    def,
    checkBody(def, decodeBody(req.body, req.contentType)),
    fieldValidationOf(req.query),
    warnings,
  );
  return {
    code: 201,
    body: await createDecoded(ctx, def, namespace, decoded, dryRunParam(req.query), managerOf(req)),
    warnings,
  };
}

/**
 * Creates a decoded object: defaults, metadata, strategy, validation, admission
 * (NamespaceLifecycle first), the kind's create hook (a Service's addresses), then
 * storage (not with `dryRun`). With a `manager`, its Update entry in managedFields owns
 * every field (server-side apply passes none: it brings its own Apply entry).
 */
export async function createDecoded(
  ctx: HandlerContext,
  def: ResourceDef,
  namespace: string | undefined,
  decoded: ApiObject,
  dryRun: boolean,
  manager?: string,
): Promise<ApiObject> {
  const generated = decoded.metadata.name ? undefined : decoded.metadata.generateName;
  const obj = prepareForCreate(def, decoded, namespace, ctx.now());
  await ctx.admit(def, obj, namespace, { operation: 'CREATE', dryRun });
  ctx.hooks(def).beforeCreate?.(obj);
  if (manager !== undefined) {
    delete obj.metadata.managedFields;
    recordUpdate(def, undefined, obj, manager, undefined, ctx.now());
  }
  if (dryRun) return obj;
  try {
    return await storeGenerating(ctx, def, obj, generated);
  } catch (err) {
    // As kube-apiserver: too large to store, try once more without managedFields (not for apply).
    if (manager === undefined || !isTooLarge(err)) throw err;
    delete obj.metadata.managedFields;
    return storeGenerating(ctx, def, obj, generated);
  }
}

/** kube-apiserver's attempts at a create whose name comes from generateName (RetryGenerateName, on by default in 1.32). */
const MAX_NAME_GENERATION_CREATE_ATTEMPTS = 8;

/**
 * Stores a new object; when its name was generated from `generateName` and is taken, stores it
 * again under a fresh name, up to eight attempts, as kube-apiserver does (27^5 suffixes: without
 * retries a collision is likely once a prefix has a few thousand objects).
 */
async function storeGenerating(
  ctx: HandlerContext,
  def: ResourceDef,
  obj: ApiObject,
  prefix: string | undefined,
): Promise<ApiObject> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await ctx.storage.create(def, obj);
    } catch (err) {
      const taken = err instanceof ApiError && err.reason === 'AlreadyExists';
      if (!taken || !prefix || attempt >= MAX_NAME_GENERATION_CREATE_ATTEMPTS) throw err;
      obj.metadata.name = generateName(prefix);
    }
  }
}

/** True for the 413 storage answers for an object bigger than the store accepts. */
function isTooLarge(err: unknown): boolean {
  return err instanceof ApiError && err.reason === 'RequestEntityTooLarge';
}

function checkScale(name: string, body: unknown): Scale {
  if (!isRecord(body)) throw badRequest('the body of the request must be an autoscaling/v1 Scale');
  const scale = body as Scale;
  const errs = validateScale(scale);
  if (errs.length) throw invalid('Scale', { group: 'autoscaling', plural: 'scale' }, name, errs);
  return scale;
}

/** The update of `sub` (undefined: the main resource): status and scale for every kind, others from the kind's hooks. */
function updateFn(
  ctx: HandlerContext,
  def: ResourceDef,
  sub: string | undefined,
  incoming: (current: ApiObject) => ApiObject,
): (current: ApiObject) => ApiObject {
  if (sub === 'status') return (current) => prepareStatusUpdate(def, incoming(current), current);
  if (sub === 'scale') return (current) => applyScale(def, incoming(current), current);
  const hooks = ctx.hooks(def);
  const own = subresourceHook(hooks.updateSubresource, sub);
  if (own) return (current) => own(incoming(current), current);
  const { beforeUpdate: before, allocateOnUpdate: allocate } = hooks;
  if (!before && !allocate) return (current) => prepareForUpdate(def, incoming(current), current);
  return (current) => {
    const next = incoming(current);
    before?.(next, current);
    const out = prepareForUpdate(def, next, current);
    allocate?.(out, current);
    return out;
  };
}

function applyScale(def: ResourceDef, scale: ApiObject, current: ApiObject): ApiObject {
  checkResourceVersion(def, scale, current);
  const checked = checkScale(current.metadata.name ?? '', scale);
  return prepareForUpdate(def, def.scale!.applyScale(deepClone(current), checked) as ApiObject, current);
}

async function writeUpdate(
  ctx: HandlerContext,
  req: ObjectRequest,
  incoming: (current: ApiObject) => ApiObject,
): Promise<Reply> {
  const { def, namespace, subresource } = req.target;
  const name = nameOf(req.target);
  const prepare = updateFn(ctx, def, subresource, incoming);
  const manager = managerOf(req);
  const dryRun = dryRunParam(req.query);
  const fn = async (current: ApiObject): Promise<ApiObject> => {
    const next = prepare(current);
    await ctx.admit(def, next, namespace, { operation: 'UPDATE', oldObject: current, dryRun, subresource });
    recordUpdate(def, current, next, manager, subresource, ctx.now());
    return next;
  };
  if (dryRun) return { code: 200, body: await fn(await ctx.storage.get(def, namespace, name)) };
  const out = await finalizeIfDone(ctx, def, await updateOrStrip(ctx, def, namespace, name, fn));
  return { code: 200, body: subresource === 'scale' ? def.scale!.toScale(out) : out };
}

/**
 * storage.update; if the result is too large to store, once more without managedFields (as
 * kube-apiserver). `fn` only reads the current object (the PUT body or the patched result is
 * its own; what the strategies, hooks, admission and the field manager take from the current
 * object they copy, or never change), so storage hands it the current object, not a copy.
 */
async function updateOrStrip(
  ctx: HandlerContext,
  def: ResourceDef,
  namespace: string | undefined,
  name: string,
  fn: (current: ApiObject) => Promise<ApiObject>,
): Promise<ApiObject> {
  const opts = { readsCurrentOnly: true };
  try {
    return await ctx.storage.update(def, namespace, name, fn, opts);
  } catch (err) {
    if (!isTooLarge(err)) throw err;
    const stripped = async (current: ApiObject): Promise<ApiObject> => {
      const next = await fn(current);
      delete next.metadata.managedFields;
      return next;
    };
    return ctx.storage.update(def, namespace, name, stripped, opts);
  }
}

/**
 * Decodes a full object (PUT body or patched result) with the request's fieldValidation mode;
 * a patched result with `prior`, the object the patch applied to (see decodeAs).
 */
function decodeFull(
  def: ResourceDef,
  sub: string | undefined,
  body: unknown,
  req: ObjectRequest,
  warnings: string[],
  prior?: ApiObject,
): ApiObject {
  if (sub === 'scale') {
    if (!isRecord(body)) throw badRequest('the body of the request must be an autoscaling/v1 Scale');
    return { ...body, metadata: isRecord(body.metadata) ? body.metadata : {} } as ApiObject;
  }
  return decodeAs(def, checkBody(def, body), fieldValidationOf(req.query), warnings, prior);
}

/**
 * PUT: replaces the object (or its status / scale). Without a resourceVersion it overwrites
 * whatever is stored (retried on conflict; 422 where the strategy forbids that); with one,
 * 409 if it is stale. 400 if the body names another object.
 */
export async function updateObject(ctx: HandlerContext, req: ObjectRequest): Promise<Reply> {
  const { def, namespace } = req.target;
  const warnings: string[] = [];
  const parsed = decodeFull(def, req.target.subresource, decodeBody(req.body, req.contentType), req, warnings);
  const name = nameOf(req.target);
  checkIdentity(def, parsed, namespace, name);
  const unconditional = !parsed.metadata.resourceVersion;
  // The update changes what it is given: the first attempt gets the decoded body itself, a
  // retry (another write got in first) the body decoded again, not a copy kept on every PUT.
  let first: ApiObject | undefined = parsed;
  const incoming = (): ApiObject => {
    if (unconditional && !allowsUnconditionalUpdate(def)) throw resourceVersionRequired(def, name);
    const next = first ?? decodeFull(def, req.target.subresource, decodeBody(req.body, req.contentType), req, []);
    first = undefined;
    return next;
  };
  return spreadWith(await writeUpdate(ctx, req, incoming), { warnings });
}

/**
 * PATCH: json, merge or strategic-merge patch of the object (or its status / scale),
 * re-applied to the newer object whenever another write got in first (so a 409 only
 * comes from a resourceVersion the patch itself sets). 400 if the result names another object.
 */
export async function patchObject(ctx: HandlerContext, req: ObjectRequest): Promise<Reply> {
  const type = patchTypeOf(req.contentType);
  const { def, namespace, subresource } = req.target;
  // Custom resources have no patch strategies: kube accepts every patch type but strategic merge.
  if (type === 'strategic' && def.crd !== undefined)
    throw unsupportedMediaType(PATCH_MEDIA_TYPES.filter((t) => t !== 'application/strategic-merge-patch+json'));
  const patch = decodeBody(req.body, 'application/json');
  const name = nameOf(req.target);
  const warnings: string[] = [];
  const reply = await writeUpdate(ctx, req, (current) => {
    const base = subresource === 'scale' ? (def.scale!.toScale(current) as ApiObject) : current;
    const patched = applyPatch(type, base, patch, subresource === 'scale' ? 'Scale' : def.kind);
    warnings.length = 0;
    const decoded = decodeFull(def, subresource, patched, req, warnings, base);
    checkIdentity(def, decoded, namespace, name);
    return decoded;
  });
  return spreadWith(reply, { warnings });
}
