/**
 * The Score extension point (RunScorePlugins): each plugin scores every feasible node,
 * normalizes if it can, must land in [0, 100], and is multiplied by its weight; a node's
 * total is the sum.
 */
import type { NodeInfo } from '../cache/node-info.js';
import type { CycleState } from './cycle-state.js';
import { MAX_NODE_SCORE, MIN_NODE_SCORE, type NodeScore } from './interfaces.js';
import type { WeightedScorePlugin } from './plugin-set.js';
import type { PodInfo } from './pod-info.js';
import { asStatus, isSuccess, type StatusResult } from './status.js';

/** A node's total weighted score (framework.NodePluginScores without the per-plugin breakdown). */
export interface NodePluginScores {
  readonly name: string;
  totalScore: number;
}

function scoreAll(ws: WeightedScorePlugin, state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): NodeScore[] {
  return nodes.map((n) => ({ name: n.name, score: ws.plugin.score(state, pod, n) }));
}

function checkRange(plugin: string, scores: NodeScore[]): StatusResult {
  const bad = scores.find((s) => s.score > MAX_NODE_SCORE || s.score < MIN_NODE_SCORE);
  if (!bad) return undefined;
  return asStatus(
    new Error(
      `plugin "${plugin}" returns an invalid score ${bad.score}, it should in the range of [${MIN_NODE_SCORE}, ${MAX_NODE_SCORE}] after normalizing`,
    ),
  ).withPlugin(plugin);
}

function pluginScores(
  ws: WeightedScorePlugin,
  state: CycleState,
  pod: PodInfo,
  nodes: readonly NodeInfo[],
): NodeScore[] | StatusResult {
  const name = ws.plugin.name;
  let scores: NodeScore[];
  try {
    scores = scoreAll(ws, state, pod, nodes);
  } catch (err) {
    return asStatus(new Error(`running Score plugin "${name}": ${(err as Error).message}`, { cause: err })).withPlugin(
      name,
    );
  }
  const normalized = ws.plugin.normalizeScore?.(state, pod, scores);
  if (!isSuccess(normalized))
    return asStatus(new Error(`running Normalize on Score plugin "${name}": ${normalized?.message()}`)).withPlugin(
      name,
    );
  return checkRange(name, scores) ?? scores;
}

/** Scores `nodes` with every Score plugin not skipped in this cycle. */
export function runScore(
  plugins: readonly WeightedScorePlugin[],
  state: CycleState,
  pod: PodInfo,
  nodes: readonly NodeInfo[],
): { scores: NodePluginScores[]; status: StatusResult } {
  const result: NodePluginScores[] = nodes.map((n) => ({ name: n.name, totalScore: 0 }));
  for (const ws of plugins) {
    if (state.skipScorePlugins.has(ws.plugin.name)) continue;
    const scores = pluginScores(ws, state, pod, nodes);
    if (!Array.isArray(scores)) return { scores: [], status: scores };
    for (let i = 0; i < scores.length; i++)
      (result[i] as NodePluginScores).totalScore += (scores[i] as NodeScore).score * ws.weight;
  }
  return { scores: result, status: undefined };
}
