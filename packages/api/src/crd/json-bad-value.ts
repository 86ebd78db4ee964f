/** How custom-resource values (decoded JSON) appear as the bad value of a field error. */
import type { BadValue } from '../validation/field-errors.js';

/**
 * A decoded JSON value as a field error quotes it: scalars and null as themselves, objects and
 * arrays as their JSON text. (kube-apiserver prints the latter with Go's `%#v`,
 * `map[string]interface {}{...}`; list-types.ts spells list-map keys that way.)
 */
export function jsonBadValue(value: unknown): BadValue {
  if (value === null || value === undefined) return value;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return { goSyntax: JSON.stringify(value) };
}
