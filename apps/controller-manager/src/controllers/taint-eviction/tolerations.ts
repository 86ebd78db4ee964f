/**
 * Which NoExecute taints a pod tolerates and for how long (kube's getNoExecuteTaints,
 * v1helper.GetMatchingTolerations and the taint manager's getMinTolerationTime).
 */
import { type Taint, type Toleration, tolerationsTolerateTaint } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';

type ReadTaint = DeepReadonly<Taint>;
type ReadToleration = DeepReadonly<Toleration>;

/** The taints of effect NoExecute, in their order. */
export function noExecuteTaints(taints: readonly ReadTaint[] | undefined): ReadTaint[] {
  return (taints ?? []).filter((t) => t.effect === 'NoExecute');
}

/** Whether two taint lists are the same, in order (what makes a node update worth a look). */
export function sameTaints(a: readonly ReadTaint[], b: readonly ReadTaint[]): boolean {
  return a.length === b.length && a.every((t, i) => JSON.stringify(t) === JSON.stringify(b[i]));
}

/**
 * For each taint the first toleration that tolerates it; undefined when some taint is not
 * tolerated (then the pod must go at once).
 */
export function matchingTolerations(
  taints: readonly ReadTaint[],
  tolerations: readonly ReadToleration[] | undefined,
): ReadToleration[] | undefined {
  const used: ReadToleration[] = [];
  for (const taint of taints) {
    const match = (tolerations ?? []).find((t) => tolerationsTolerateTaint([t], taint));
    if (!match) return undefined;
    used.push(match);
  }
  return used;
}

/**
 * The shortest tolerationSeconds of `used`, in milliseconds: 0 when there is none to use or
 * one is <= 0, Infinity when none of them sets tolerationSeconds (tolerated forever).
 */
export function minTolerationMs(used: readonly ReadToleration[]): number {
  if (used.length === 0) return 0;
  let min = Infinity;
  for (const t of used) {
    const seconds = t.tolerationSeconds;
    if (seconds === undefined || seconds === null) continue;
    if (seconds <= 0) return 0;
    min = Math.min(min, seconds);
  }
  return min === Infinity ? Infinity : min * 1000;
}
