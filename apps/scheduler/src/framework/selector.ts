/** Converts the API's structured label selectors (every field optional) to parsed machinery selectors. */
import type { LabelSelector } from '@wheelhouse/api';
import { labelSelectorFromStructured, type ParsedLabelSelector } from '@wheelhouse/machinery';

/**
 * metav1.LabelSelectorAsSelector: undefined selects nothing, an empty selector selects
 * everything. Throws MachineryError for an invalid requirement (a bad operator or key).
 */
export function parseSelector(selector: LabelSelector | undefined): ParsedLabelSelector {
  if (selector === undefined) return labelSelectorFromStructured(undefined);
  return labelSelectorFromStructured({
    matchLabels: selector.matchLabels,
    matchExpressions: (selector.matchExpressions ?? []).map((e) => ({
      key: e.key ?? '',
      operator: e.operator ?? '',
      values: e.values,
    })),
  });
}
