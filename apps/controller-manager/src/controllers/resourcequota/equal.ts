/** Whether a quota's status already says what a sync computed (quantities compared by value). */
import { usageOf } from '@wheelhouse/api';
import type { ResourceList } from '@wheelhouse/api';

function sameList(a: ResourceList | undefined, b: ResourceList | undefined): boolean {
  const x = usageOf(a);
  const y = usageOf(b);
  if (x.size !== y.size || Object.keys(a ?? {}).length !== Object.keys(b ?? {}).length) return false;
  for (const [k, v] of x) if (!y.has(k) || y.get(k)!.cmp(v) !== 0) return false;
  return true;
}

/** True when `current` has the same hard and used quantities as `next`. */
export function semanticallyEqual(
  current: { hard?: ResourceList | undefined; used?: ResourceList | undefined } | undefined,
  next: { hard: ResourceList; used: ResourceList },
): boolean {
  return sameList(current?.hard, next.hard) && sameList(current?.used, next.used);
}
