/** Sets of completion indexes as kube writes them in status.completedIndexes ("1,3-5,7"). */

/** Sorted, disjoint, non-adjacent [first, last] intervals. */
export type Intervals = readonly (readonly [number, number])[];

/** Parses "1,3-5" (ignoring malformed parts and indexes >= `completions`). */
export function parseIntervals(text: string | undefined, completions: number): Intervals {
  const set: number[] = [];
  for (const part of (text ?? '').split(',')) {
    const m = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!m) continue;
    const first = Number(m[1]);
    const last = Math.min(m[2] === undefined ? first : Number(m[2]), completions - 1);
    for (let i = first; i <= last; i++) set.push(i);
  }
  return withIndexes([], set);
}

/** The union of `intervals` and `indexes`. */
export function withIndexes(intervals: Intervals, indexes: readonly number[]): Intervals {
  const all = new Set<number>(indexes);
  for (const [a, b] of intervals) for (let i = a; i <= b; i++) all.add(i);
  const sorted = [...all].sort((x, y) => x - y);
  const out: [number, number][] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && last[1] + 1 === i) last[1] = i;
    else out.push([i, i]);
  }
  return out;
}

/** True when `index` is in the set. */
export const hasIndex = (intervals: Intervals, index: number): boolean =>
  intervals.some(([a, b]) => index >= a && index <= b);

/** How many indexes the set holds. */
export const totalIndexes = (intervals: Intervals): number => intervals.reduce((n, [a, b]) => n + b - a + 1, 0);

/** kube's orderedIntervals.String(): "a" for one, "a,b" for two adjacent, "a-b" for longer runs. */
export function formatIntervals(intervals: Intervals): string {
  return intervals.map(([a, b]) => (a === b ? `${a}` : b === a + 1 ? `${a},${b}` : `${a}-${b}`)).join(',');
}
