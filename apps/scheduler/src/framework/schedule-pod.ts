/**
 * One pod's placement decision over a snapshot (Scheduler.schedulePod): PreFilter, the
 * nominated node first, Filter from a rotating start until enough feasible nodes are
 * found, then PreScore, Score and a random choice among the best.
 */
import type { NodeInfo } from '../cache/node-info.js';
import type { CycleState } from './cycle-state.js';
import { addPluginStatus, FitError, newDiagnosis, type Diagnosis } from './diagnosis.js';
import type { NodeInfoLister } from './handle.js';
import { NodeToStatus } from './node-to-status.js';
import { numFeasibleNodesToFind } from './num-feasible.js';
import type { PodInfo } from './pod-info.js';
import type { Framework } from './runtime.js';
import { selectHost } from './select-host.js';
import { Code, isSuccess, Status, unresolvable } from './status.js';

/** kube-scheduler's ErrNoNodesAvailable text. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** Where the next cycle starts filtering, so every node gets its turn (nextStartNodeIndex). */
export interface FilterCursor {
  next: number;
}

/** The outcome of schedulePod. */
export type ScheduleResult =
  | { kind: 'scheduled'; host: string; evaluatedNodes: number; feasibleNodes: number }
  | { kind: 'unschedulable'; fitError: FitError }
  | { kind: 'error'; status: Status };

/** What schedulePod reads besides the pod. */
export interface ScheduleContext {
  readonly fwk: Framework;
  readonly state: CycleState;
  readonly snapshot: NodeInfoLister;
  readonly cursor: FilterCursor;
  /** The scheduler-wide percentageOfNodesToScore (a profile's own value wins). */
  readonly percentageOfNodesToScore: number;
}

type Found = { feasible: NodeInfo[]; diagnosis: Diagnosis } | Status;

/** Decides where `pod` goes. Never throws for plugin failures: they come back as `error`. */
export function schedulePod(ctx: ScheduleContext, pod: PodInfo): ScheduleResult {
  const numNodes = ctx.snapshot.list().length;
  if (numNodes === 0) return { kind: 'error', status: unresolvable(NO_NODES_AVAILABLE) };
  const found = findNodesThatFitPod(ctx, pod);
  if (found instanceof Status) return { kind: 'error', status: found };
  const { feasible, diagnosis } = found;
  if (feasible.length === 0) return { kind: 'unschedulable', fitError: new FitError(numNodes, diagnosis) };
  const evaluatedNodes = feasible.length + diagnosis.nodeToStatus.size;
  if (feasible.length === 1) {
    return { kind: 'scheduled', host: feasible[0]?.name ?? '', evaluatedNodes, feasibleNodes: 1 };
  }
  const host = prioritize(ctx, pod, feasible);
  if (host instanceof Status) return { kind: 'error', status: host };
  return { kind: 'scheduled', host, evaluatedNodes, feasibleNodes: feasible.length };
}

function findNodesThatFitPod(ctx: ScheduleContext, pod: PodInfo): Found {
  const diagnosis = newDiagnosis(new NodeToStatus());
  const allNodes = ctx.snapshot.list();
  const pre = ctx.fwk.runPreFilterPlugins(ctx.state, pod, allNodes);
  diagnosis.unschedulablePlugins = pre.unschedulablePlugins;
  if (!isSuccess(pre.status)) {
    const s = pre.status as Status;
    if (!s.isRejected()) return s;
    diagnosis.nodeToStatus.setAbsentNodesStatus(s);
    diagnosis.preFilterMsg = s.message();
    addPluginStatus(diagnosis, s);
    return { feasible: [], diagnosis };
  }
  const nominated = evaluateNominatedNode(ctx, pod, diagnosis);
  if (nominated instanceof Status) return nominated;
  if (nominated.length > 0) return { feasible: nominated, diagnosis };
  const nodes = restrictNodes(ctx, pre.result?.nodeNames, allNodes, diagnosis);
  const feasible = findNodesThatPassFilters(ctx, pod, diagnosis, nodes);
  const processed = (Array.isArray(feasible) ? feasible.length : 0) + diagnosis.nodeToStatus.size;
  ctx.cursor.next = (ctx.cursor.next + processed) % allNodes.length;
  return feasible instanceof Status ? feasible : { feasible, diagnosis };
}

function restrictNodes(
  ctx: ScheduleContext,
  names: ReadonlySet<string> | undefined,
  all: readonly NodeInfo[],
  diagnosis: Diagnosis,
): readonly NodeInfo[] {
  if (!names) return all;
  const plugins = [...diagnosis.unschedulablePlugins].sort().join(' ');
  diagnosis.nodeToStatus.setAbsentNodesStatus(unresolvable(`node(s) didn't satisfy plugin(s) [${plugins}]`));
  return [...names].flatMap((n) => ctx.snapshot.get(n) ?? []);
}

function evaluateNominatedNode(ctx: ScheduleContext, pod: PodInfo, diagnosis: Diagnosis): NodeInfo[] | Status {
  const name = pod.pod.status?.nominatedNodeName;
  if (!name) return [];
  const nodeInfo = ctx.snapshot.get(name);
  if (!nodeInfo) return [];
  return findNodesThatPassFilters(ctx, pod, diagnosis, [nodeInfo]);
}

function findNodesThatPassFilters(
  ctx: ScheduleContext,
  pod: PodInfo,
  diagnosis: Diagnosis,
  nodes: readonly NodeInfo[],
): NodeInfo[] | Status {
  const { fwk } = ctx;
  const numAll = nodes.length;
  const pct = fwk.percentageOfNodesToScore ?? ctx.percentageOfNodesToScore;
  const toFind = fwk.hasScorePlugins() ? numFeasibleNodesToFind(pct, numAll) : Math.min(1, numAll);
  const start = ctx.cursor.next;
  const at = (i: number) => nodes[(start + i) % numAll] as NodeInfo;
  if (!fwk.hasFilterPlugins()) return Array.from({ length: toFind }, (_, i) => at(i));
  const feasible: NodeInfo[] = [];
  for (let i = 0; i < numAll && feasible.length < toFind; i++) {
    const nodeInfo = at(i);
    const s = fwk.runFilterPluginsWithNominatedPods(ctx.state, pod, nodeInfo);
    if (isSuccess(s)) feasible.push(nodeInfo);
    else if (s?.code === Code.Error) return s;
    else {
      diagnosis.nodeToStatus.set(nodeInfo.name, s as Status);
      addPluginStatus(diagnosis, s as Status);
    }
  }
  return feasible;
}

function prioritize(ctx: ScheduleContext, pod: PodInfo, nodes: NodeInfo[]): string | Status {
  const { fwk, state } = ctx;
  if (!fwk.hasScorePlugins())
    return selectHost(
      nodes.map((n) => ({ name: n.name, totalScore: 1 })),
      fwk.random,
    );
  const pre = fwk.runPreScorePlugins(state, pod, nodes);
  if (!isSuccess(pre)) return pre as Status;
  const { scores, status } = fwk.runScorePlugins(state, pod, nodes);
  if (!isSuccess(status)) return status as Status;
  return selectHost(scores, fwk.random);
}
