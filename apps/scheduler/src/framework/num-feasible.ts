/**
 * How many feasible nodes a cycle looks for before it stops filtering
 * (numFeasibleNodesToFind): all nodes below 100; otherwise percentageOfNodesToScore of
 * them, where 0 means adaptive (50% minus 1% per 125 nodes, at least 5%), and never fewer
 * than 100.
 */

/** kube-scheduler's minFeasibleNodesToFind. */
export const MIN_FEASIBLE_NODES_TO_FIND = 100;
/** kube-scheduler's minFeasibleNodesPercentageToFind. */
export const MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

/** The number of feasible nodes to find among `numAllNodes` for `percentage` (0 = adaptive). */
export function numFeasibleNodesToFind(percentage: number, numAllNodes: number): number {
  if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) return numAllNodes;
  let pct = percentage;
  if (pct === 0) pct = Math.max(50 - Math.trunc(numAllNodes / 125), MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND);
  const n = Math.trunc((numAllNodes * pct) / 100);
  return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
}
