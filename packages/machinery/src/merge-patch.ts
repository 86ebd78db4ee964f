/**
 * JSON Merge Patch (RFC 7386), the `application/merge-patch+json` patch type: objects merge
 * key by key, `null` deletes a key, anything else (arrays included) replaces.
 */
import {
  deepClone,
  isJsonObject,
  type JsonObject,
  type JsonValue,
  type ReadonlyJsonObject,
  type ReadonlyJsonValue,
} from './json.js';
import { strategicMergeDiff } from './strategic-diff.js';

/**
 * Applies a merge patch to `target` and returns the result as a new value (neither input is
 * modified). A patch that is not an object replaces the target outright; nulls inside a patch
 * object never reach the result.
 */
export function applyMergePatch(target: ReadonlyJsonValue | undefined, patch: ReadonlyJsonValue): JsonValue {
  if (!isJsonObject(patch)) return deepClone(patch);
  return mergeInto(isJsonObject(target) ? deepClone(target) : {}, patch);
}

/**
 * Merges `patch` into `result` in place and returns it. `result` is the caller's own copy, so
 * the objects the patch reaches into are changed where they are, not copied again at each level.
 */
function mergeInto(result: JsonObject, patch: ReadonlyJsonObject): JsonObject {
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else if (!isJsonObject(value)) result[key] = deepClone(value);
    else {
      const current = result[key];
      result[key] = mergeInto(isJsonObject(current) ? current : {}, value);
    }
  }
  return result;
}

/**
 * The merge patch that turns `original` into `modified` (objects diffed recursively, removed
 * keys set to null, everything else replaced when different); `{}` when they are equal. It is
 * the strategic diff with no strategies, where every list is replaced whole.
 */
export function createMergePatch(original: ReadonlyJsonObject, modified: ReadonlyJsonObject): JsonObject {
  return strategicMergeDiff(original, modified);
}
