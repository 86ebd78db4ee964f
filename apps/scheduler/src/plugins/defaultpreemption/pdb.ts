/**
 * Splits potential victims by whether evicting them would violate a PodDisruptionBudget
 * (filterPodsWithPDBViolation). Order is preserved; each PDB's allowance is spent in order.
 */
import type { PodDisruptionBudget } from '@wheelhouse/api';
import { isEmptyLabelSelector, matchesLabels } from '@wheelhouse/machinery';
import type { PodInfo } from '../../framework/pod-info.js';
import { parseSelector } from '../../framework/selector.js';

function selectorOf(pdb: PodDisruptionBudget) {
  try {
    return parseSelector(pdb.spec?.selector);
  } catch {
    return undefined;
  }
}

/** [violating, nonViolating] victims. */
export function filterPodsWithPDBViolation(
  pods: readonly PodInfo[],
  pdbs: readonly PodDisruptionBudget[],
): [PodInfo[], PodInfo[]] {
  const allowed = pdbs.map((p) => p.status?.disruptionsAllowed ?? 0);
  const selectors = pdbs.map(selectorOf);
  const violating: PodInfo[] = [];
  const nonViolating: PodInfo[] = [];
  for (const pi of pods) {
    const labels = pi.pod.metadata?.labels ?? {};
    let violated = false;
    if (Object.keys(labels).length > 0) {
      pdbs.forEach((pdb, i) => {
        const sel = selectors[i];
        if (pdb.metadata?.namespace !== pi.pod.metadata?.namespace || !sel) return;
        if (sel.matchesNothing || isEmptyLabelSelector(sel) || !matchesLabels(sel, labels)) return;
        if (pdb.status?.disruptedPods?.[pi.pod.metadata?.name ?? ''] !== undefined) return;
        allowed[i] = (allowed[i] ?? 0) - 1;
        if ((allowed[i] as number) < 0) violated = true;
      });
    }
    (violated ? violating : nonViolating).push(pi);
  }
  return [violating, nonViolating];
}
