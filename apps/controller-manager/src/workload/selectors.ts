/** Label selectors as controllers use them (kube's metav1.LabelSelectorAsSelector and labels.Set). */
import type { LabelSelector } from '@wheelhouse/api';
import type { DeepReadonly } from '@wheelhouse/client';
import { type ParsedLabelSelector, isEmptyLabelSelector, matchesLabels } from '@wheelhouse/machinery';

/**
 * True when `selector` (an owner's) selects `labels`; a missing or empty selector selects
 * nothing here, as kube's listers do for owners (an owner never claims every pod).
 */
export function ownerSelects(
  selector: ParsedLabelSelector | undefined,
  labels: DeepReadonly<Record<string, string>> | undefined,
): boolean {
  if (!selector || isEmptyLabelSelector(selector)) return false;
  return matchesLabels(selector, labels);
}

/** True when the selector is present and empty: "select everything", which workload controllers refuse. */
export function selectsEverything(selector: DeepReadonly<LabelSelector> | undefined): boolean {
  return (
    selector !== undefined &&
    Object.keys(selector.matchLabels ?? {}).length === 0 &&
    (selector.matchExpressions ?? []).length === 0
  );
}
