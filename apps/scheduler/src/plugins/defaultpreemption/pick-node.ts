/**
 * Chooses the node to preempt on (pickOneNodeForPreemption): fewest PDB violations, then
 * the lowest highest-priority victim, the lowest sum of priorities, the fewest victims,
 * the latest start of the highest-priority victims, and finally the first candidate.
 */
import { podPriority } from '../../framework/pod-info.js';
import { earliestStartOfHighest } from './importance.js';
import type { Victims } from './select-victims.js';

const PRIORITY_OFFSET = 2 ** 31;

/** The chosen node's name, or undefined when there is no candidate. */
export function pickOneNodeForPreemption(candidates: ReadonlyMap<string, Victims>, now: number): string | undefined {
  const v = (n: string) => candidates.get(n) as Victims;
  const scoreFuncs: ((node: string) => number)[] = [
    (n) => -v(n).numPDBViolations,
    (n) => -podPriority(v(n).pods[0] ?? {}),
    (n) => -v(n).pods.reduce((sum, p) => sum + podPriority(p) + PRIORITY_OFFSET, 0),
    (n) => -v(n).pods.length,
    (n) => earliestStartOfHighest(v(n).pods, now) ?? Number.MIN_SAFE_INTEGER,
  ];
  let nodes = [...candidates.keys()];
  for (const f of scoreFuncs) {
    if (nodes.length <= 1) break;
    const scores = nodes.map(f);
    const max = Math.max(...scores);
    nodes = nodes.filter((_n, i) => scores[i] === max);
  }
  return nodes[0];
}
