/** Quantity cells of server-side printers: a value as Go's Quantity.String() prints it. */
import { canonicalString } from '@wheelhouse/machinery';
import type { Quantity } from '../schema/primitives.js';
import { quantityOf } from '../validation/resources.js';

/**
 * `value` in canonical form (`1Gi`, `500m`); `unset` when absent (`0` for a ResourceList
 * entry Go reads as a zero Quantity, `<nil>` for an unset *Quantity); the text as given when
 * it does not parse.
 */
export function quantityCell(value: Quantity | undefined, unset: string): string {
  if (value === undefined) return unset;
  const q = quantityOf(value);
  return q === undefined ? String(value) : canonicalString(q);
}
