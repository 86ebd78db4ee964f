/** helper.DefaultNormalizeScore: scale scores to [0, maxPriority], optionally reversed. */
import type { NodeScore } from './interfaces.js';

/**
 * Scales scores so the highest becomes `maxPriority` (integer division, as Go). When all
 * are zero they stay zero (or all become maxPriority when `reverse`). With `reverse` the
 * result is maxPriority minus the scaled score.
 */
export function defaultNormalizeScore(maxPriority: number, reverse: boolean, scores: NodeScore[]): void {
  let max = 0;
  for (const s of scores) if (s.score > max) max = s.score;
  if (max === 0) {
    if (reverse) for (const s of scores) s.score = maxPriority;
    return;
  }
  for (const s of scores) {
    let score = Math.trunc((maxPriority * s.score) / max);
    if (reverse) score = maxPriority - score;
    s.score = score;
  }
}
