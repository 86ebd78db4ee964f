/**
 * Taints and tolerations as Kubernetes matches them (core/v1 Toleration.ToleratesTaint,
 * v1helper.TolerationsTolerateTaint, FindMatchingUntoleratedTaint). Used by the scheduler's
 * TaintToleration plugin, the DaemonSet controller and the kubelet's admission.
 */
import type { DeepReadonly } from '@wheelhouse/machinery';
import type { Taint } from '../schema/core-v1-node.js';
import type { Toleration } from '../schema/core-v1-scheduling.js';

type TaintLike = DeepReadonly<Taint>;
type TolerationLike = DeepReadonly<Toleration>;

/**
 * True when `toleration` tolerates `taint`: same effect (or any), same key (or any), and by
 * operator: Equal (or empty) compares values, Exists matches any value, others match nothing.
 */
export function toleratesTaint(toleration: TolerationLike, taint: TaintLike): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if (toleration.key && toleration.key !== taint.key) return false;
  switch (toleration.operator ?? '') {
    case '':
    case 'Equal':
      return (toleration.value ?? '') === (taint.value ?? '');
    case 'Exists':
      return true;
    default:
      return false;
  }
}

/** True when any of `tolerations` tolerates `taint`. */
export function tolerationsTolerateTaint(
  tolerations: readonly TolerationLike[] | undefined,
  taint: TaintLike,
): boolean {
  return (tolerations ?? []).some((t) => toleratesTaint(t, taint));
}

/** True for the effects that keep new pods off a node: NoSchedule and NoExecute. */
export function doNotScheduleTaint(taint: TaintLike): boolean {
  return taint.effect === 'NoSchedule' || taint.effect === 'NoExecute';
}

/** The first of `taints` passing `inScope` that no toleration tolerates, or undefined. */
export function findUntoleratedTaint<T extends TaintLike>(
  taints: readonly T[] | undefined,
  tolerations: readonly TolerationLike[] | undefined,
  inScope: (taint: T) => boolean,
): T | undefined {
  return (taints ?? []).find((taint) => inScope(taint) && !tolerationsTolerateTaint(tolerations, taint));
}
