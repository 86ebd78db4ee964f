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
