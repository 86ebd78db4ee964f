/** Whether a quota's status already says what a sync computed, and whether an object's usage changed (quantities compared by value). */
import { usageOf } from '@wheelhouse/api';
import type { ResourceList, Usage } from '@wheelhouse/api';

/** True when both usages name the same resources with equal quantities. */
export function sameUsage(x: Usage, y: Usage): boolean {
  if (x.size !== y.size) return false;
  for (const [k, v] of x) if (!y.has(k) || y.get(k)!.cmp(v) !== 0) return false;
  return true;
}

function sameList(a: ResourceList | undefined, b: ResourceList | undefined): boolean {
  if (Object.keys(a ?? {}).length !== Object.keys(b ?? {}).length) return false;
  return sameUsage(usageOf(a), usageOf(b));
}

/** True when `current` has the same hard and used quantities as `next`. */
export function semanticallyEqual(
  current: { hard?: ResourceList | undefined; used?: ResourceList | undefined } | undefined,
  next: { hard: ResourceList; used: ResourceList },
): boolean {
  return sameList(current?.hard, next.hard) && sameList(current?.used, next.used);
}
