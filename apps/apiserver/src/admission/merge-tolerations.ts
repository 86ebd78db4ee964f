/** kube's pkg/util/tolerations MergeTolerations: a union of two toleration lists without redundant entries. */
import type { Toleration } from '@wheelhouse/api';

const FIELDS = ['key', 'operator', 'value', 'effect'] as const;

/** Semantic equality of two tolerations: an absent string is empty, as in Go. */
function equal(a: Toleration, b: Toleration): boolean {
  return FIELDS.every((f) => (a[f] ?? '') === (b[f] ?? '')) && a.tolerationSeconds === b.tolerationSeconds;
}

function keyCovers(ss: Toleration, t: Toleration): boolean {
  // An empty key with Exists matches every key and value.
  return (t.key ?? '') === (ss.key ?? '') || ((ss.key ?? '') === '' && ss.operator === 'Exists');
}

function secondsCover(ss: Toleration, t: Toleration): boolean {
  if (ss.effect !== 'NoExecute' || ss.tolerationSeconds === undefined) return true;
  return t.tolerationSeconds !== undefined && t.tolerationSeconds <= ss.tolerationSeconds;
}

/** Whether `ss` tolerates every taint `t` does (kube's isSuperset). */
function isSuperset(ss: Toleration, t: Toleration): boolean {
  if (equal(t, ss)) return true;
  if (!keyCovers(ss, t)) return false;
  // An empty effect matches every effect.
  if ((t.effect ?? '') !== (ss.effect ?? '') && (ss.effect ?? '') !== '') return false;
  if (!secondsCover(ss, t)) return false;
  if (ss.operator === 'Exists') return true;
  if (ss.operator === 'Equal' || (ss.operator ?? '') === '')
    return t.operator === 'Equal' && (t.value ?? '') === (ss.value ?? '');
  return false;
}

/**
 * `first` then `second`, leaving out each toleration another one already covers (the first of
 * equal ones is kept). Returns a new list; neither input is changed.
 */
export function mergeTolerations(first: readonly Toleration[], second: readonly Toleration[]): Toleration[] {
  const all = [...first, ...second];
  const merged: Toleration[] = [];
  all.forEach((t, i) => {
    if (merged.some((m) => isSuperset(m, t))) return;
    if (all.slice(i + 1).some((later) => !equal(t, later) && isSuperset(later, t))) return;
    merged.push(t);
  });
  return merged;
}
