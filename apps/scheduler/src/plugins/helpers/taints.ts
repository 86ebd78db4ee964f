/** Taints and tolerations (v1helper.TolerationsTolerateTaint, FindMatchingUntoleratedTaint). */
import type { Taint, Toleration } from '@wheelhouse/api';

/** True when the toleration tolerates the taint: same effect (or any), same key (or any), and value by operator. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  switch (t.operator ?? '') {
    case '':
    case 'Equal':
      return (t.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** True when any toleration tolerates the taint. */
export function tolerationsTolerateTaint(tolerations: readonly Toleration[] | undefined, taint: Taint): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** True for the effects Filter enforces: NoSchedule and NoExecute. */
export function doNotScheduleTaint(taint: Taint): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}

/** The first taint passing `inScope` that no toleration tolerates, or undefined. */
export function findUntoleratedTaint(
  taints: readonly Taint[] | undefined,
  tolerations: readonly Toleration[] | undefined,
  inScope: (t: Taint) => boolean,
): Taint | undefined {
  return (taints ?? []).find((taint) => inScope(taint) && !tolerationsTolerateTaint(tolerations, taint));
}
