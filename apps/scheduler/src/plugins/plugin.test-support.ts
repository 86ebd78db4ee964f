/** Runs one plugin the way the scheduler does, over a snapshot built from plain Node and Pod objects. */
import type { Node, Pod } from '@wheelhouse/api';
import { Snapshot } from '../cache/snapshot.js';
import { CycleState } from '../framework/cycle-state.js';
import { fakeListers, newFramework } from '../framework/framework.test-support.js';
import type { ClusterListers } from '../framework/handle.js';
import type { ExtensionPoint } from '../framework/interfaces.js';
import { PreFilterResult } from '../framework/interfaces.js';
import { newPodInfo } from '../framework/pod-info.js';
import type { PluginFactory } from '../framework/registry.js';
import type { Framework } from '../framework/runtime.js';
import type { Status } from '../framework/status.js';
import { codeName, isSuccess } from '../framework/status.js';

/** A framework running only `name` at the given points, over `nodes` holding `pods`. */
export function pluginFramework(
  name: string,
  factory: PluginFactory,
  points: ExtensionPoint[],
  cluster: { nodes: Node[]; pods?: Pod[]; args?: unknown; listers?: ClusterListers },
): { fwk: Framework; snapshot: Snapshot } {
  const plugins = Object.fromEntries(points.map((p) => [p, [{ name }]]));
  const fwk = newFramework({ [name]: factory }, plugins, {
    pluginArgs: new Map([[name, cluster.args]]),
    listers: cluster.listers ?? fakeListers(),
  });
  const snapshot = Snapshot.of(cluster.nodes, cluster.pods ?? []);
  fwk.setSnapshot(snapshot);
  return { fwk, snapshot };
}

function describeStatus(s: Status | undefined): string {
  return isSuccess(s) ? '' : `${codeName((s as Status).code)}: ${(s as Status).message()}`;
}

/** Runs PreFilter then Filter on every node: node -> '' (fits) or 'Code: message'. PreFilter rejections apply to all. */
export function filterNodes(fwk: Framework, snapshot: Snapshot, pod: Pod): Record<string, string> {
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const pre = fwk.runPreFilterPlugins(state, pi, snapshot.list());
  const out: Record<string, string> = {};
  for (const n of snapshot.list()) {
    if (!isSuccess(pre.status)) out[n.name] = describeStatus(pre.status);
    else if (pre.result && !pre.result.nodeNames.has(n.name)) out[n.name] = 'filtered out by PreFilter';
    else out[n.name] = describeStatus(fwk.runFilterPlugins(state, pi, n));
  }
  return out;
}

/** The PreFilter outcome: 'Skip', the status text, or the node names it narrows to. */
export function preFilter(fwk: Framework, snapshot: Snapshot, pod: Pod): string | string[] | undefined {
  const state = new CycleState();
  const out = fwk.runPreFilterPlugins(state, newPodInfo(pod), snapshot.list());
  if (state.skipFilterPlugins.size > 0) return 'Skip';
  if (!isSuccess(out.status)) return describeStatus(out.status);
  return out.result instanceof PreFilterResult ? [...out.result.nodeNames].sort() : undefined;
}

/** Runs PreScore and Score (normalized, weight 1) over `feasible` (default: all nodes): node -> score. */
export function scoreNodes(fwk: Framework, snapshot: Snapshot, pod: Pod, feasible?: string[]): Record<string, number> {
  const state = new CycleState();
  const pi = newPodInfo(pod);
  const nodes = snapshot.list().filter((n) => !feasible || feasible.includes(n.name));
  const pre = fwk.runPreScorePlugins(state, pi, nodes);
  if (!isSuccess(pre)) throw new Error(describeStatus(pre));
  const { scores, status } = fwk.runScorePlugins(state, pi, nodes);
  if (!isSuccess(status)) throw new Error(describeStatus(status));
  return Object.fromEntries(scores.map((s) => [s.name, s.totalScore]));
}
