/**
 * What create, update and status updates do to an object, in kube-apiserver's order:
 * decode (strict or not, per `fieldValidation`), default, server-owned metadata (name
 * from generateName, uid, creationTimestamp), the kind's strategy from @wheelhouse/api
 * (status handling, generation), then validation. Pure functions; callers pass fresh copies.
 */
import { randomUUID } from 'node:crypto';
import {
  apiVersionOf,
  decodeChanged,
  decodeObject,
  validateObjectMetaUpdate,
  type FieldValidationMode,
  type ApiObject,
} from '@wheelhouse/api';
import { formatTime, generateName } from '@wheelhouse/machinery';
import { badRequest, conflict, invalid } from '../errors.js';
import { isRecord, numberLiteralsOf, rememberNumberLiterals } from '../object.js';
import type { ResourceDef } from './registry.js';

/** Checks a request body is an object of this resource's kind and apiVersion; fills them if absent. Throws 400. */
export function checkBody(r: ResourceDef, body: unknown): ApiObject {
  if (!isRecord(body)) throw badRequest('the body of the request must be a JSON or YAML object');
  const obj = body as ApiObject;
  if (obj.metadata !== undefined && obj.metadata !== null && !isRecord(obj.metadata))
    throw badRequest('metadata must be an object');
  const want = apiVersionOf(r);
  if (obj.kind !== undefined && obj.kind !== r.kind)
    throw badRequest(`the kind in the data (${String(obj.kind)}) does not match the expected kind (${r.kind})`);
  if (obj.apiVersion !== undefined && obj.apiVersion !== want)
    throw badRequest(
      `the API version in the data (${String(obj.apiVersion)}) does not match the expected API version (${want})`,
    );
  const { apiVersion: _a, kind: _k, metadata, ...rest } = obj;
  const out = {
    apiVersion: want,
    kind: r.kind,
    metadata: (metadata ?? {}) as ApiObject['metadata'],
    ...rest,
  } as ApiObject;
  // The same fields at the same paths: the body's number literals still apply.
  rememberNumberLiterals(out, numberLiteralsOf(body) ?? new Map());
  return out;
}

/**
 * Decodes with the kind's schema: `Strict` fails on unknown fields, `Warn` drops them
 * with warnings, `Ignore` drops them. Throws 400 with Kubernetes' wording. With `prior` (the
 * stored object a patch produced `obj` from) only the top-level fields the patch changed are
 * decoded again (decodeChanged): the result is the same.
 */
export function decodeAs(
  r: ResourceDef,
  obj: ApiObject,
  mode: FieldValidationMode,
  warnings: string[],
  prior?: ApiObject,
): ApiObject {
  const numberLiterals = numberLiteralsOf(obj);
  const options = numberLiterals ? { numberLiterals } : {};
  const res = prior
    ? decodeChanged(r.api.schema, obj, prior, mode, options)
    : decodeObject(r.api.schema, obj, mode, options);
  if (!res.ok) throw badRequest(`${r.kind} in version "${r.version}" cannot be handled as a ${r.kind}: ${res.message}`);
  warnings.push(...res.warnings);
  const out = res.value as ApiObject;
  out.metadata ??= {};
  omitEmptyMetadata(out.metadata);
  return out;
}

/**
 * ObjectMeta's map and list fields, each `omitempty` in Go (apimachinery's types.go), so an
 * empty one is never stored or served. Not managedFields: an empty list there is a request
 * (the field manager resets them, and an apply configuration with one is refused), and the
 * field manager never stores an empty one.
 */
const OMIT_EMPTY_METADATA = ['labels', 'annotations', 'finalizers', 'ownerReferences'] as const;

/**
 * Drops empty maps and lists from decoded metadata, as Go's encoding of ObjectMeta does: a
 * client that sends `labels: {}` or `finalizers: []` gets an object without them back, from
 * kube-apiserver as from this one.
 */
function omitEmptyMetadata(meta: ApiObject['metadata']): void {
  for (const key of OMIT_EMPTY_METADATA) {
    const value: unknown = meta[key];
    if (Array.isArray(value) ? value.length === 0 : isRecord(value) && Object.keys(value).length === 0)
      delete meta[key];
  }
}

function throwIfInvalid(r: ResourceDef, obj: ApiObject, errs: ReturnType<ResourceDef['api']['validate']>): void {
  if (errs.length) throw invalid(r.kind, r, obj.metadata.name ?? '', errs);
}

function assignSystemMetadata(r: ResourceDef, obj: ApiObject, namespace: string | undefined, now: number): void {
  const meta = obj.metadata;
  if (r.namespaced && meta.namespace !== undefined && meta.namespace !== '' && meta.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  if (!meta.name && meta.generateName) meta.name = generateName(meta.generateName);
  if (r.namespaced) meta.namespace = namespace;
  else delete meta.namespace;
  Object.assign(meta, { uid: randomUUID(), creationTimestamp: formatTime(now) });
  for (const k of ['resourceVersion', 'selfLink'] as const) delete meta[k];
}

/**
 * Prepares a new (decoded) object: defaults, server-owned metadata, the kind's create
 * strategy and validation. `namespace` is the request's namespace. Throws 400 / 422.
 */
export function prepareForCreate(
  r: ResourceDef,
  decoded: ApiObject,
  namespace: string | undefined,
  now: number,
): ApiObject {
  const obj = r.api.defaults(decoded) as ApiObject;
  obj.metadata ??= {};
  assignSystemMetadata(r, obj, namespace, now);
  const out = r.api.strategy.prepareForCreate(obj) as ApiObject;
  throwIfInvalid(r, out, r.api.validate(out));
  return out;
}

/** Throws 409 Conflict if the request names a resourceVersion other than the current one. */
export function checkResourceVersion(r: ResourceDef, requested: ApiObject, current: ApiObject): void {
  const rv = requested.metadata?.resourceVersion;
  if (rv !== undefined && rv !== '' && rv !== current.metadata.resourceVersion)
    throw conflict(r, current.metadata.name ?? '');
}

function keepIdentity(out: ApiObject, current: ApiObject): ApiObject {
  out.metadata ??= {};
  out.metadata.resourceVersion = current.metadata.resourceVersion;
  if (current.metadata.namespace !== undefined) out.metadata.namespace = current.metadata.namespace;
  return out;
}

/**
 * Prepares an update of the main resource: defaults, then the kind's update strategy
 * (server-owned metadata kept, status kept when there is a /status subresource, generation
 * bumped on spec changes), then update validation. Throws 400 / 409 / 422.
 */
export function prepareForUpdate(r: ResourceDef, next: ApiObject, current: ApiObject): ApiObject {
  const name = next.metadata?.name;
  if (name !== undefined && name !== current.metadata.name) {
    throw badRequest(
      `the name of the object (${String(name)}) does not match the name on the URL (${String(current.metadata.name)})`,
    );
  }
  checkResourceVersion(r, next, current);
  const defaulted = r.api.defaults({
    ...next,
    metadata: { ...next.metadata, name: current.metadata.name, namespace: current.metadata.namespace },
  }) as ApiObject;
  const out = keepIdentity(r.api.strategy.prepareForUpdate(defaulted, current) as ApiObject, current);
  throwIfInvalid(r, out, r.api.validateUpdate(out, current));
  return out;
}

/**
 * Prepares a /status update: only status (and what the kind allows) changes, then the
 * resource's status validation when it has one (custom resources). Throws 409 on a stale
 * resourceVersion, 422 when invalid: kube's BeforeUpdate validates every update's uid, the
 * status subresource's too, so a uid other than the object's (the kubelet's status patches
 * carry the pod's as a precondition) is `metadata.uid: ... field is immutable`.
 */
export function prepareStatusUpdate(r: ResourceDef, next: ApiObject, current: ApiObject): ApiObject {
  checkResourceVersion(r, next, current);
  const uid = next.metadata?.uid;
  if (uid && uid !== current.metadata.uid)
    throwIfInvalid(r, next, validateObjectMetaUpdate({ ...current.metadata, uid }, current.metadata));
  const out = keepIdentity(r.api.strategy.prepareForStatusUpdate(next, current) as ApiObject, current);
  if (r.validateStatusUpdate) throwIfInvalid(r, out, r.validateStatusUpdate(out, current));
  return out;
}
