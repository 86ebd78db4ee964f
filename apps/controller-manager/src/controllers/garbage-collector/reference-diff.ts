/** How an object's owner references changed between two observations (kube's referencesDiffs). */
import type { OwnerRef } from './graph.js';

/** A reference present before and after with some field changed. */
export interface ChangedReference {
  old: OwnerRef;
  cur: OwnerRef;
}

/** The references added, removed and changed (same uid, other fields differ) from `old` to `cur`. */
export interface ReferenceDiff {
  added: OwnerRef[];
  removed: OwnerRef[];
  changed: ChangedReference[];
}

const sameRef = (a: OwnerRef, b: OwnerRef): boolean =>
  a.apiVersion === b.apiVersion &&
  a.kind === b.kind &&
  a.name === b.name &&
  (a.controller ?? false) === (b.controller ?? false) &&
  (a.blockOwnerDeletion ?? false) === (b.blockOwnerDeletion ?? false);

/** Compares two reference lists by uid. */
export function diffReferences(old: readonly OwnerRef[], cur: readonly OwnerRef[]): ReferenceDiff {
  const before = new Map(old.map((r) => [r.uid ?? '', r]));
  const after = new Map(cur.map((r) => [r.uid ?? '', r]));
  const diff: ReferenceDiff = { added: [], removed: [], changed: [] };
  for (const [uid, r] of after) {
    const was = before.get(uid);
    if (!was) diff.added.push(r);
    else if (!sameRef(was, r)) diff.changed.push({ old: was, cur: r });
  }
  for (const [uid, r] of before) if (!after.has(uid)) diff.removed.push(r);
  return diff;
}

/** Whether the diff touches anything. */
export function isEmptyDiff(d: ReferenceDiff): boolean {
  return d.added.length === 0 && d.removed.length === 0 && d.changed.length === 0;
}
