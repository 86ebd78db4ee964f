/**
 * The framework runtime of one profile (runtime.frameworkImpl): runs the plugins of each
 * extension point in order with kube-scheduler's rules for codes, Skip, weights and the
 * 0-100 score range. It is also the Handle its plugins were built with.
 */
import type { Pod } from '@wheelhouse/api';
import type { Clock } from '@wheelhouse/client';
import type { NodeInfo } from '../cache/node-info.js';
import type { CycleState } from './cycle-state.js';
import type {
  ClusterListers,
  ClusterWriter,
  Handle,
  NodeInfoLister,
  PluginMetrics,
  PodNominator,
  SchedulerEvents,
  WaitingPodHandle,
} from './handle.js';
import type { PostFilterResult, PreFilterExtensions, QueueSortPlugin } from './interfaces.js';
import type { NodeToStatus } from './node-to-status.js';
import { buildPluginSet, type PluginSet } from './plugin-set.js';
import type { PodInfo } from './pod-info.js';
import type { QueuedPodInfo } from './queued-pod-info.js';
import type { ProfileSpec, Registry } from './registry.js';
import { runPreFilter, type PreFilterOutcome } from './run-prefilter.js';
import { runScore, type NodePluginScores } from './run-score.js';
import { asStatus, Code, codeName, isSuccess, Status, type StatusResult } from './status.js';
import { WaitingPod, WaitingPods } from './waiting-pods.js';

/** Observes how long each extension point took (for scheduler_framework_extension_point_duration_seconds). */
export type ExtensionPointObserver = (point: string, status: string, profile: string, seconds: number) => void;

/** What a framework needs besides its profile. */
export interface FrameworkDeps {
  readonly registry: Registry;
  readonly nominator: PodNominator;
  readonly listers: ClusterListers;
  readonly writer: ClusterWriter;
  readonly events: SchedulerEvents;
  readonly clock: Clock;
  readonly random: () => number;
  readonly observe?: ExtensionPointObserver;
  readonly metrics?: PluginMetrics;
}

const NO_METRICS: PluginMetrics = { preemptionAttempted: () => undefined, preemptionVictims: () => undefined };

const EMPTY_LISTER: NodeInfoLister = {
  list: () => [],
  havePodsWithAffinityList: () => [],
  havePodsWithRequiredAntiAffinityList: () => [],
  get: () => undefined,
};

function wrapError(point: string, plugin: string, s: Status): Status {
  return asStatus(new Error(`running ${point} plugin "${plugin}": ${s.message()}`, { cause: s.error })).withPlugin(
    plugin,
  );
}

/** A profile's plugins, ready to run. */
export class Framework implements Handle {
  readonly profileName: string;
  readonly percentageOfNodesToScore: number | undefined;
  readonly plugins: PluginSet;
  readonly nominator: PodNominator;
  readonly listers: ClusterListers;
  readonly writer: ClusterWriter;
  readonly events: SchedulerEvents;
  readonly metrics: PluginMetrics;
  readonly clock: Clock;
  readonly random: () => number;
  readonly waitingPods = new WaitingPods();
  private lister: NodeInfoLister = EMPTY_LISTER;
  private readonly observe: ExtensionPointObserver | undefined;

  /** Builds every plugin of `profile`; throws when one is unknown, misplaced or has bad arguments. */
  constructor(profile: ProfileSpec, deps: FrameworkDeps) {
    this.profileName = profile.schedulerName;
    this.percentageOfNodesToScore = profile.percentageOfNodesToScore;
    this.nominator = deps.nominator;
    this.listers = deps.listers;
    this.writer = deps.writer;
    this.events = deps.events;
    this.metrics = deps.metrics ?? NO_METRICS;
    this.clock = deps.clock;
    this.random = deps.random;
    this.observe = deps.observe;
    this.plugins = buildPluginSet(profile, deps.registry, this);
  }

  /** The snapshot plugins read during the current cycle. */
  snapshot(): NodeInfoLister {
    return this.lister;
  }

  waitingPod(key: string): WaitingPodHandle | undefined {
    return this.waitingPods.get(key);
  }

  /** Sets the snapshot for the next cycle. */
  setSnapshot(lister: NodeInfoLister): void {
    this.lister = lister;
  }

  /** The QueueSort plugin (exactly one per profile). */
  queueSort(): QueueSortPlugin | undefined {
    return this.plugins.queueSort[0];
  }

  hasFilterPlugins(): boolean {
    return this.plugins.filter.length > 0;
  }

  hasScorePlugins(): boolean {
    return this.plugins.score.length > 0;
  }

  hasPostFilterPlugins(): boolean {
    return this.plugins.postFilter.length > 0;
  }

  /** Runs `fn`, reporting its duration for `point` when an observer is set. */
  private timed<T>(point: string, fn: () => T, statusOf: (r: T) => StatusResult): T {
    if (!this.observe) return fn();
    const start = performance.now();
    const r = fn();
    this.observe(
      point,
      codeName(statusOf(r)?.code ?? Code.Success),
      this.profileName,
      (performance.now() - start) / 1000,
    );
    return r;
  }

  /** PreEnqueue: the first non-success status keeps the pod out of the active queue. */
  runPreEnqueuePlugins(pod: Pod): StatusResult {
    for (const p of this.plugins.preEnqueue) {
      const s = p.preEnqueue(pod);
      if (!isSuccess(s)) return s?.isRejected() ? s.withPlugin(p.name) : wrapError('PreEnqueue', p.name, s as Status);
    }
    return undefined;
  }

  /** PreFilter (see run-prefilter.ts); records the plugins whose Filter is skipped in `state`. */
  runPreFilterPlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): PreFilterOutcome {
    return this.timed(
      'PreFilter',
      () => runPreFilter(this.plugins.preFilter, state, pod, nodes),
      (r) => r.status,
    );
  }

  /** AddPod of every PreFilter extension (preemption and nominated pods). */
  runPreFilterExtensionAddPod(state: CycleState, pod: PodInfo, toAdd: PodInfo, nodeInfo: NodeInfo): StatusResult {
    return this.runExtensions(state, (ext) => ext.addPod(state, pod, toAdd, nodeInfo), 'AddPod');
  }

  /** RemovePod of every PreFilter extension. */
  runPreFilterExtensionRemovePod(state: CycleState, pod: PodInfo, toRemove: PodInfo, nodeInfo: NodeInfo): StatusResult {
    return this.runExtensions(state, (ext) => ext.removePod(state, pod, toRemove, nodeInfo), 'RemovePod');
  }

  private runExtensions(
    state: CycleState,
    call: (ext: PreFilterExtensions) => StatusResult,
    what: string,
  ): StatusResult {
    for (const p of this.plugins.preFilter) {
      if (!p.preFilterExtensions || state.skipFilterPlugins.has(p.name)) continue;
      const s = call(p.preFilterExtensions);
      if (!isSuccess(s)) return wrapError(`PreFilterExtension${what}`, p.name, s as Status);
    }
    return undefined;
  }

  /** Filter: the first rejecting plugin decides; anything but a rejection becomes Error. */
  runFilterPlugins(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    for (const p of this.plugins.filter) {
      if (state.skipFilterPlugins.has(p.name)) continue;
      const s = p.filter(state, pod, nodeInfo);
      if (isSuccess(s)) continue;
      return s?.isRejected() ? s.withPlugin(p.name) : wrapError('filter', p.name, s as Status);
    }
    return undefined;
  }

  /**
   * Filter with the pods nominated to the node that are at least as important as `pod`
   * counted as running there; a node must pass both with and without them
   * (RunFilterPluginsWithNominatedPods).
   */
  runFilterPluginsWithNominatedPods(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const withNominated = this.addNominatedPods(state, pod, nodeInfo);
    if (withNominated === undefined) return this.runFilterPlugins(state, pod, nodeInfo);
    if (withNominated instanceof Status) return withNominated;
    const s = this.runFilterPlugins(withNominated.state, pod, withNominated.nodeInfo);
    if (!isSuccess(s)) return s;
    return this.runFilterPlugins(state, pod, nodeInfo);
  }

  private addNominatedPods(
    state: CycleState,
    pod: PodInfo,
    nodeInfo: NodeInfo,
  ): { state: CycleState; nodeInfo: NodeInfo } | Status | undefined {
    const nominated = this.nominator.nominatedPodsForNode(nodeInfo.name);
    if (nominated.length === 0) return undefined;
    const relevant = nominated.filter((pi) => pi.priority >= pod.priority && pi.key !== pod.key);
    if (relevant.length === 0) return undefined;
    const out = { state: state.clone(), nodeInfo: nodeInfo.snapshot() };
    for (const pi of relevant) {
      out.nodeInfo.addPodInfo(pi);
      const s = this.runPreFilterExtensionAddPod(out.state, pod, pi, out.nodeInfo);
      if (!isSuccess(s)) return s;
    }
    return out;
  }

  /**
   * PostFilter: the first plugin that succeeds (or says UnschedulableAndUnresolvable)
   * decides; otherwise the reasons of all are combined into one Unschedulable status.
   */
  async runPostFilterPlugins(
    state: CycleState,
    pod: PodInfo,
    statuses: NodeToStatus,
  ): Promise<{ result?: PostFilterResult; status: StatusResult }> {
    let result: PostFilterResult | undefined;
    const reasons: string[] = [];
    let rejector = '';
    for (const p of this.plugins.postFilter) {
      const { result: r, status: s } = await p.postFilter(state, pod, statuses);
      if (isSuccess(s)) return { result: r, status: s };
      if (s?.code === Code.UnschedulableAndUnresolvable) return { result: r, status: s.withPlugin(p.name) };
      if (!s?.isRejected()) return { status: asStatus((s as Status).asError()).withPlugin(p.name) };
      if (r) result = r;
      reasons.push(...s.reasons);
      if (rejector === '') rejector = p.name;
    }
    return { result, status: new Status(Code.Unschedulable, reasons).withPlugin(rejector) };
  }

  /** PreScore: Skip removes the plugin's Score for this cycle; anything else than Success is an Error. */
  runPreScorePlugins(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): StatusResult {
    const skipped = new Set<string>();
    for (const p of this.plugins.preScore) {
      const s = p.preScore(state, pod, nodes);
      if (s?.code === Code.Skip) skipped.add(p.name);
      else if (!isSuccess(s)) return wrapError('PreScore', p.name, s as Status);
    }
    state.skipScorePlugins = skipped;
    return undefined;
  }

  /** Score, NormalizeScore and weights (see run-score.ts). */
  runScorePlugins(
    state: CycleState,
    pod: PodInfo,
    nodes: readonly NodeInfo[],
  ): { scores: NodePluginScores[]; status: StatusResult } {
    return this.timed(
      'Score',
      () => runScore(this.plugins.score, state, pod, nodes),
      (r) => r.status,
    );
  }

  /** Reserve in order; the first failure stops (the caller runs Unreserve). */
  runReservePluginsReserve(state: CycleState, pod: PodInfo, nodeName: string): StatusResult {
    for (const p of this.plugins.reserve) {
      const s = p.reserve(state, pod, nodeName);
      if (isSuccess(s)) continue;
      return s?.isRejected() ? s.withPlugin(p.name) : wrapError('Reserve', p.name, s as Status);
    }
    return undefined;
  }

  /** Unreserve in reverse order. */
  runReservePluginsUnreserve(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const p of [...this.plugins.reserve].reverse()) p.unreserve(state, pod, nodeName);
  }

  /** Permit: a rejection stops; Wait from any plugin parks the pod until allowed, rejected or timed out. */
  runPermitPlugins(state: CycleState, pod: PodInfo, nodeName: string): StatusResult {
    const timeouts = new Map<string, number>();
    for (const p of this.plugins.permit) {
      const { status: s, timeoutMs } = p.permit(state, pod, nodeName);
      if (isSuccess(s)) continue;
      if (s?.code === Code.Wait) {
        timeouts.set(p.name, timeoutMs ?? 0);
        continue;
      }
      return s?.isRejected() ? s.withPlugin(p.name) : wrapError('Permit', p.name, s as Status);
    }
    if (timeouts.size === 0) return undefined;
    this.waitingPods.add(new WaitingPod(pod, timeouts, this.clock));
    return new Status(Code.Wait);
  }

  /** Waits until a pod parked at Permit is allowed (undefined) or rejected. */
  async waitOnPermit(pod: PodInfo): Promise<StatusResult> {
    const wp = this.waitingPods.get(pod.key);
    if (!wp) return undefined;
    const s = await wp.done;
    this.waitingPods.remove(pod.key);
    return s;
  }

  /** PreBind in order; the first failure stops. */
  async runPreBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<StatusResult> {
    for (const p of this.plugins.preBind) {
      const s = await p.preBind(state, pod, nodeName);
      if (isSuccess(s)) continue;
      return s?.isRejected() ? s.withPlugin(p.name) : wrapError('PreBind', p.name, s as Status);
    }
    return undefined;
  }

  /** Bind: binders are tried in order until one does not Skip; all skipping yields Skip. */
  async runBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): Promise<StatusResult> {
    let last: StatusResult = new Status(Code.Skip);
    for (const p of this.plugins.bind) {
      last = await p.bind(state, pod, nodeName).catch(asStatus);
      if (last?.code === Code.Skip) continue;
      if (isSuccess(last)) return undefined;
      return last?.isRejected() ? last.withPlugin(p.name) : wrapError('Bind', p.name, last as Status);
    }
    return last;
  }

  /** PostBind, informational. */
  runPostBindPlugins(state: CycleState, pod: PodInfo, nodeName: string): void {
    for (const p of this.plugins.postBind) p.postBind(state, pod, nodeName);
  }

  /** QueueSort's order; pods are compared by the profile's single QueueSort plugin. */
  less(a: QueuedPodInfo, b: QueuedPodInfo): boolean {
    return this.queueSort()?.less(a, b) ?? a.timestamp < b.timestamp;
  }
}
