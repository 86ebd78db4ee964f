/**
 * The API's structured label selector handed to @wheelhouse/machinery, which does the
 * conversion (metav1.LabelSelectorAsSelector), matching and printing.
 */
import {
  isMachineryError,
  labelSelectorFromStructured,
  type LabelSelector as MachinerySelector,
  type ParsedLabelSelector,
} from '@wheelhouse/machinery';
import type { LabelSelector } from '../schema/meta-v1.js';

/** The selector in machinery's shape; an absent key or operator is '', as Go decodes it. */
export function toMachinerySelector(selector: LabelSelector | undefined): MachinerySelector | undefined {
  if (selector === undefined) return undefined;
  return {
    matchLabels: selector.matchLabels,
    matchExpressions: selector.matchExpressions?.map((req) => ({
      key: req.key ?? '',
      operator: req.operator ?? '',
      values: req.values,
    })),
  };
}

/**
 * The selector converted as metav1.LabelSelectorAsSelector (absent selects nothing, empty
 * everything), or undefined when it does not convert (bad key, value or operator).
 */
export function parseSelector(selector: LabelSelector | undefined): ParsedLabelSelector | undefined {
  try {
    return labelSelectorFromStructured(toMachinerySelector(selector));
  } catch (err) {
    if (isMachineryError(err)) return undefined;
    throw err;
  }
}
