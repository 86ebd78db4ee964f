/** Semantic equality of JSON objects; deep copies are @wheelhouse/machinery's `deepClone`. */

function isEmptyish(value: unknown): boolean {
  return value === undefined || (Array.isArray(value) && value.length === 0);
}

function equalObjects(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
  for (const key of keys) if (!semanticEqual(a[key], b[key])) return false;
  return true;
}

/**
 * Deep equality in the spirit of Kubernetes' `Semantic.DeepEqual`: absent fields equal
 * `undefined`, and an empty list equals an absent one; everything else compares by value.
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (isEmptyish(a) && isEmptyish(b)) return true;
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, i) => semanticEqual(item, b[i]));
  }
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) return false;
  return equalObjects(a as Record<string, unknown>, b as Record<string, unknown>);
}
