/** Picks the node with the highest total score; ties are broken uniformly at random (reservoir sampling). */
import type { NodePluginScores } from './run-score.js';

/** The chosen node's name; `random` returns floats in [0, 1). Throws on an empty list. */
export function selectHost(scores: readonly NodePluginScores[], random: () => number): string {
  if (scores.length === 0) throw new Error('empty priorityList');
  let best = scores[0] as NodePluginScores;
  let ties = 1;
  for (let i = 1; i < scores.length; i++) {
    const s = scores[i] as NodePluginScores;
    if (s.totalScore > best.totalScore) {
      best = s;
      ties = 1;
    } else if (s.totalScore === best.totalScore) {
      ties++;
      if (Math.floor(random() * ties) === 0) best = s;
    }
  }
  return best.name;
}
