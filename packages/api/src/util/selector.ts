/**
 * The API's structured label selector handed to @wheelhouse/machinery, which does the
 * conversion (metav1.LabelSelectorAsSelector), matching and printing; its selector type takes
 * the API's as it is.
 */
import { isMachineryError, labelSelectorFromStructured, type ParsedLabelSelector } from '@wheelhouse/machinery';
import type { LabelSelector } from '../schema/meta-v1.js';

/**
 * The selector converted as metav1.LabelSelectorAsSelector (absent selects nothing, empty
 * everything), or undefined when it does not convert (bad key, value or operator).
 */
export function parseSelector(selector: LabelSelector | undefined): ParsedLabelSelector | undefined {
  try {
    return labelSelectorFromStructured(selector);
  } catch (err) {
    if (isMachineryError(err)) return undefined;
    throw err;
  }
}

/** A label selector to print: the API's, or a read-only view of one. */
export interface LabelSelectorView {
  readonly matchLabels?: Readonly<Record<string, string>> | undefined;
  readonly matchExpressions?:
    | ReadonlyArray<{
        readonly key?: string | undefined;
        readonly operator?: string | undefined;
        readonly values?: readonly string[] | undefined;
      }>
    | undefined;
}

/**
 * Go's `%v` of a *metav1.LabelSelector (its generated String method; `nil` for none), as kube
 * prints it in the disruption controller's events and the binding printer's PARAMREF column.
 */
export function goLabelSelectorString(s: LabelSelectorView | undefined | null): string {
  if (!s) return 'nil';
  const matchLabels = s.matchLabels ?? {};
  const labels = Object.keys(matchLabels)
    .sort()
    .map((k) => `${k}: ${matchLabels[k]},`)
    .join('');
  const exprs = (s.matchExpressions ?? [])
    .map(
      (e) =>
        `LabelSelectorRequirement{Key:${e.key ?? ''},Operator:${e.operator ?? ''},Values:[${(e.values ?? []).join(' ')}],},`,
    )
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${exprs}},}`;
}
