/** LimitRange defaulting (SetDefaults_LimitRangeItem). */
import { deepClone } from '@wheelhouse/machinery';
import type { LimitRange } from '../schema/core-v1-quota.js';

/**
 * For each `Container` limit: an unset default limit takes the max, an unset default
 * request takes the default limit, else the min. Returns a copy.
 */
export function defaultLimitRange(lr: LimitRange): LimitRange {
  const copy = deepClone(lr);
  for (const item of copy.spec?.limits ?? []) {
    if (item.type !== 'Container') continue;
    const def = (item.default ??= {});
    const req = (item.defaultRequest ??= {});
    for (const [k, v] of Object.entries(item.max ?? {})) if (!Object.hasOwn(def, k)) def[k] = v;
    for (const [k, v] of Object.entries(def)) if (!Object.hasOwn(req, k)) req[k] = v;
    for (const [k, v] of Object.entries(item.min ?? {})) if (!Object.hasOwn(req, k)) req[k] = v;
    // Go's empty maps are omitted from JSON.
    if (Object.keys(def).length === 0) delete item.default;
    if (Object.keys(req).length === 0) delete item.defaultRequest;
  }
  return copy;
}
