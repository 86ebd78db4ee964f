/** Taints and tolerations (kube's component-helpers: ToleratesTaint, FindMatchingUntoleratedTaint). */
import type { Taint, Toleration } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';

/** True when `toleration` tolerates `taint`: same effect (or any), same key (or any), and Equal value or Exists. */
export function toleratesTaint(toleration: DeepReadonly<Toleration>, taint: DeepReadonly<Taint>): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  const op = toleration.operator ?? '';
  if (op === '' || op === 'Equal') return (toleration.value ?? '') === (taint.value ?? '');
  return op === 'Exists';
}

/** The first taint passing `filter` that no toleration tolerates, if any. */
export function findUntoleratedTaint(
  taints: readonly DeepReadonly<Taint>[] | undefined,
  tolerations: readonly DeepReadonly<Toleration>[] | undefined,
  filter: (t: DeepReadonly<Taint>) => boolean,
): DeepReadonly<Taint> | undefined {
  return (taints ?? []).find((t) => filter(t) && !(tolerations ?? []).some((tol) => toleratesTaint(tol, t)));
}
