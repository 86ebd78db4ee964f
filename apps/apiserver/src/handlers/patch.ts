/**
 * PATCH bodies: JSON patch (RFC 6902), JSON merge patch (RFC 7386) and Kubernetes'
 * strategic merge patch with each kind's merge keys and directives, all applied by
 * @wheelhouse/machinery. Errors become 400 (malformed patch) or 422 (does not apply).
 */
import {
  applyJsonPatch,
  applyMergePatch,
  defaultPatchStrategies,
  isMachineryError,
  strategicMergePatch,
  type JsonObject,
  type JsonValue,
} from '@wheelhouse/machinery';
import { ApiError, badRequest, unsupportedMediaType } from '../errors.js';
import { isRecord } from '../object.js';
import { PATCH_MEDIA_TYPES } from '../http/content-type.js';

/** The PATCH content types the apiserver accepts. */
export type PatchType = 'json' | 'merge' | 'strategic';

/** True for server-side apply bodies (`application/apply-patch+yaml`), handled by apply.ts. */
export function isApplyPatch(contentType: string | undefined): boolean {
  return (contentType ?? '').split(';')[0]!.trim().toLowerCase() === 'application/apply-patch+yaml';
}

/** Maps a request Content-Type to a patch type; throws 415 for anything else. */
export function patchTypeOf(contentType: string | undefined): PatchType {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'application/json-patch+json') return 'json';
  if (ct === 'application/merge-patch+json') return 'merge';
  if (ct === 'application/strategic-merge-patch+json') return 'strategic';
  throw unsupportedMediaType(PATCH_MEDIA_TYPES);
}

/** Most operations one JSON patch may hold (kube-apiserver's maxJSONPatchOperations). */
export const MAX_JSON_PATCH_OPERATIONS = 10_000;

/**
 * Most bytes the `copy` operations of one JSON patch may add (kube-apiserver's
 * JSONPatchMaxCopyBytes: twice etcd's 1.5 MiB request limit).
 */
export const JSON_PATCH_MAX_COPY_BYTES = 3 * 1024 * 1024;

function checkOperationCount(patch: unknown): void {
  if (Array.isArray(patch) && patch.length > MAX_JSON_PATCH_OPERATIONS)
    throw new ApiError(
      'RequestEntityTooLarge',
      `Request entity too large: The allowed maximum operations in a JSON patch is ${MAX_JSON_PATCH_OPERATIONS}, got ${patch.length}`,
    );
}

function apply(type: PatchType, doc: JsonObject, patch: unknown, kind: string): JsonValue {
  if (type === 'json') {
    checkOperationCount(patch);
    return applyJsonPatch(doc, patch, { maxCopyBytes: JSON_PATCH_MAX_COPY_BYTES });
  }
  if (!isRecord(patch)) throw badRequest('the body of a merge patch must be a JSON object');
  if (type === 'merge') return applyMergePatch(doc, patch as JsonObject);
  return strategicMergePatch(doc, patch as JsonObject, defaultPatchStrategies(kind));
}

/**
 * Applies `patch` of `type` to `doc` (an object of `kind`), returning a new document;
 * `doc` is not modified. Throws 400 for malformed patches, 422 for ones that do not apply
 * (or whose copies would add more than JSON_PATCH_MAX_COPY_BYTES, refused while applying),
 * and 413 for a JSON patch of more than MAX_JSON_PATCH_OPERATIONS operations.
 */
export function applyPatch(type: PatchType, doc: object, patch: unknown, kind: string): unknown {
  try {
    return apply(type, doc as JsonObject, patch, kind);
  } catch (err) {
    if (!isMachineryError(err)) throw err;
    if (err.status === 400) throw badRequest(err.message, err);
    throw new ApiError('Invalid', err.message, undefined, { cause: err });
  }
}
