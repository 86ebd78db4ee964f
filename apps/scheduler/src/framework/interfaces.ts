/**
 * The extension points of the scheduling framework (kube-scheduler's framework.Plugin
 * family). A plugin implements the interfaces of the points it needs; Filter and Score run
 * synchronously over the cycle's snapshot; every status is `undefined` for Success.
 */
import type { Pod } from '@wheelhouse/api';
import type { NodeInfo } from '../cache/node-info.js';
import type { CycleState } from './cycle-state.js';
import type { ClusterEventWithHint } from './events.js';
import type { NodeToStatus } from './node-to-status.js';
import type { PodInfo } from './pod-info.js';
import type { QueuedPodInfo } from './queued-pod-info.js';
import type { Status, StatusResult } from './status.js';

/** The highest score a Score plugin may give after normalizing. */
export const MAX_NODE_SCORE = 100;
/** The lowest score. */
export const MIN_NODE_SCORE = 0;

/** Every plugin has a name (kube-scheduler's plugin names). */
export interface Plugin {
  readonly name: string;
}

/** Orders the active queue. */
export interface QueueSortPlugin extends Plugin {
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean;
}

/** Keeps a pod out of the active queue until it returns Success (e.g. scheduling gates). */
export interface PreEnqueuePlugin extends Plugin {
  preEnqueue(pod: Pod): StatusResult;
}

/** Registers the cluster events that may make a pod this plugin rejected schedulable. */
export interface EnqueueExtensions {
  eventsToRegister(): ClusterEventWithHint[];
}

/** Restricts the nodes to evaluate (PreFilterResult); undefined node names means all. */
export class PreFilterResult {
  constructor(readonly nodeNames: ReadonlySet<string>) {}
}

/** Incremental updates of a PreFilter state when preemption adds or removes pods. */
export interface PreFilterExtensions {
  addPod(state: CycleState, podToSchedule: PodInfo, podToAdd: PodInfo, nodeInfo: NodeInfo): StatusResult;
  removePod(state: CycleState, podToSchedule: PodInfo, podToRemove: PodInfo, nodeInfo: NodeInfo): StatusResult;
}

/** Runs once per cycle before Filter; may narrow the node set or return Skip for its Filter. */
export interface PreFilterPlugin extends Plugin {
  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | PreFilterResult | undefined;
  readonly preFilterExtensions?: PreFilterExtensions;
}

/** Decides whether the pod can run on one node. */
export interface FilterPlugin extends Plugin {
  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult;
}

/** What a PostFilter plugin suggests: the node to nominate ('' clears the nomination). */
export interface PostFilterResult {
  readonly nominatedNodeName: string;
}

/** Runs when no node fits (preemption). */
export interface PostFilterPlugin extends Plugin {
  postFilter(
    state: CycleState,
    pod: PodInfo,
    statuses: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status: StatusResult }>;
}

/** Runs once per cycle before Score over the feasible nodes; Skip skips its Score. */
export interface PreScorePlugin extends Plugin {
  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): StatusResult;
}

/** A node's score at one plugin. */
export interface NodeScore {
  readonly name: string;
  score: number;
}

/** Scores one feasible node (any integer; normalized to 0-100 by normalizeScore when present). */
export interface ScorePlugin extends Plugin {
  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number;
  normalizeScore?(state: CycleState, pod: PodInfo, scores: NodeScore[]): StatusResult;
}

/** Reserves (and releases) plugin-held state for the chosen node. */
export interface ReservePlugin extends Plugin {
  reserve(state: CycleState, pod: PodInfo, nodeName: string): StatusResult;
  unreserve(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** Approves, rejects or delays (Wait with a timeout) the binding. */
export interface PermitPlugin extends Plugin {
  permit(state: CycleState, pod: PodInfo, nodeName: string): { status: StatusResult; timeoutMs?: number };
}

/** Runs before binding (e.g. to provision something); may reject. */
export interface PreBindPlugin extends Plugin {
  preBind(state: CycleState, pod: PodInfo, nodeName: string): Promise<StatusResult>;
}

/** Binds the pod; Skip passes the pod to the next binder. */
export interface BindPlugin extends Plugin {
  bind(state: CycleState, pod: PodInfo, nodeName: string): Promise<StatusResult>;
}

/** Informational, after a successful bind. */
export interface PostBindPlugin extends Plugin {
  postBind(state: CycleState, pod: PodInfo, nodeName: string): void;
}

/** Every extension point, as kube-scheduler's configuration names them. */
export const EXTENSION_POINTS = [
  'preEnqueue',
  'queueSort',
  'preFilter',
  'filter',
  'postFilter',
  'preScore',
  'score',
  'reserve',
  'permit',
  'preBind',
  'bind',
  'postBind',
] as const;
/** One extension point name. */
export type ExtensionPoint = (typeof EXTENSION_POINTS)[number];

/** The method that tells whether a plugin implements each extension point. */
const POINT_METHOD: Readonly<Record<ExtensionPoint, string>> = {
  preEnqueue: 'preEnqueue',
  queueSort: 'less',
  preFilter: 'preFilter',
  filter: 'filter',
  postFilter: 'postFilter',
  preScore: 'preScore',
  score: 'score',
  reserve: 'reserve',
  permit: 'permit',
  preBind: 'preBind',
  bind: 'bind',
  postBind: 'postBind',
};

/** Whether `plugin` has the method of extension point `point`. */
export function implementsPoint(plugin: Plugin, point: ExtensionPoint): boolean {
  return typeof (plugin as unknown as Record<string, unknown>)[POINT_METHOD[point]] === 'function';
}
