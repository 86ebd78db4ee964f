type Condition = Record<string, unknown> & { type?: unknown; status?: unknown };

/**
 * Makes the conditions of a status patch whole replacements of the conditions they name, as
 * the kubelet sends them: a condition whose status did not change keeps its
 * lastTransitionTime, and fields the old condition had but the new one lacks are sent as null
 * (deleted by the strategic merge, which merges conditions by type). Other conditions are
 * left alone. Returns a new list; neither argument is changed.
 */
export function completeConditions(old: readonly unknown[] | undefined, next: readonly unknown[]): Condition[] {
  const byType = new Map((old ?? []).map((c) => [(c as Condition).type, c as Condition]));
  return next.map((c) => {
    const cond = { ...(c as Condition) };
    const prev = byType.get(cond.type);
    if (!prev) return cond;
    if (prev.status === cond.status && prev['lastTransitionTime'] !== undefined)
      cond['lastTransitionTime'] = prev['lastTransitionTime'];
    for (const key of Object.keys(prev)) if (!(key in cond)) cond[key] = null;
    return cond;
  });
}
