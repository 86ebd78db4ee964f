/**
 * PodTopologySpread: DoNotSchedule constraints in Filter (maxSkew, minDomains, node
 * inclusion policies), ScheduleAnyway constraints in Score; pods without constraints get
 * the default ones (system: hostname maxSkew 3, zone maxSkew 5, both ScheduleAnyway).
 */
import type { Node, TopologySpreadConstraint } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import type { Handle } from '../../framework/handle.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  NodeScore,
  PreFilterExtensions,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { asStatus, skip, unresolvable, unschedulable, type Status, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';
import { defaultConstraintsOf, PodTopologySpreadArgsSchema } from './args.js';
import { podConstraints } from './constraints.js';
import { SpreadPreFilterState, spreadViolation } from './filtering.js';
import { DomainTotalsCache } from './domain-totals.js';
import { SpreadPreScoreState } from './scoring.js';

const PRE_FILTER_KEY = `PreFilter${Names.PodTopologySpread}`;
const PRE_SCORE_KEY = `PreScore${Names.PodTopologySpread}`;

function missingState(): Status {
  return asStatus(new Error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`));
}

/** The PodTopologySpread plugin. */
export class PodTopologySpread
  implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions
{
  readonly name = Names.PodTopologySpread;
  readonly preFilterExtensions: PreFilterExtensions;
  /** Scoring's sums of matching pods per domain, kept across pods. */
  private readonly totals = new DomainTotalsCache();

  constructor(
    private readonly defaults: readonly TopologySpreadConstraint[],
    private readonly systemDefaulted: boolean,
    private readonly handle: Handle,
  ) {
    const update = (state: CycleState, pod: PodInfo, other: PodInfo, nodeInfo: NodeInfo, delta: number) => {
      const s = state.read<SpreadPreFilterState>(PRE_FILTER_KEY);
      if (!s) return missingState();
      s.updateWithPod(other.pod, pod.pod, nodeInfo.node as Node, delta);
      return undefined;
    };
    this.preFilterExtensions = {
      addPod: (state, pod, toAdd, nodeInfo) => update(state, pod, toAdd, nodeInfo, 1),
      removePod: (state, pod, toRemove, nodeInfo) => update(state, pod, toRemove, nodeInfo, -1),
    };
  }

  preFilter(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): Status | undefined {
    let constraints;
    try {
      constraints = podConstraints(pod.pod, this.defaults, this.handle.listers, 'DoNotSchedule');
    } catch (err) {
      return asStatus(new Error(`get constraints from pod: ${(err as Error).message}`));
    }
    if (constraints.length === 0) return skip();
    const s = new SpreadPreFilterState(constraints);
    s.compute(pod.pod, nodes);
    state.write(PRE_FILTER_KEY, s);
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const s = state.read<SpreadPreFilterState>(PRE_FILTER_KEY);
    if (!s) return missingState();
    const v = spreadViolation(s, pod.pod, nodeInfo.node as Node);
    if (!v) return undefined;
    return v.unresolvable ? unresolvable(v.reason) : unschedulable(v.reason);
  }

  preScore(state: CycleState, pod: PodInfo, filtered: readonly NodeInfo[]): StatusResult {
    const all = this.handle.snapshot().list();
    if (filtered.length === 0 || all.length === 0) return skip();
    let constraints;
    try {
      constraints = podConstraints(pod.pod, this.defaults, this.handle.listers, 'ScheduleAnyway');
    } catch (err) {
      return asStatus(new Error(`calculating preScoreState: ${(err as Error).message}`));
    }
    if (constraints.length === 0) return skip();
    const requireAll = (pod.pod.spec?.topologySpreadConstraints ?? []).length > 0 || !this.systemDefaulted;
    const s = new SpreadPreScoreState(constraints);
    s.init(filtered, requireAll);
    s.count(pod.pod, all, requireAll, this.totals);
    state.write(PRE_SCORE_KEY, s);
    return undefined;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<SpreadPreScoreState>(PRE_SCORE_KEY);
    if (!s) throw new Error(`reading "${PRE_SCORE_KEY}" from cycleState: not found`);
    return s.scoreOf(pod.pod, nodeInfo);
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: NodeScore[]): StatusResult {
    state.read<SpreadPreScoreState>(PRE_SCORE_KEY)?.normalize(scores);
    return undefined;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'AssignedPod', actionType: Action.Add | Action.UpdatePodLabel | Action.Delete } },
      {
        event: {
          resource: 'Node',
          actionType: Action.Add | Action.Delete | Action.UpdateNodeLabel | Action.UpdateNodeTaint,
        },
      },
    ];
  }
}

/** Factory for the registry; validates PodTopologySpreadArgs. */
export const newPodTopologySpread: PluginFactory = (args, handle) => {
  const { constraints, systemDefaulted } = defaultConstraintsOf(PodTopologySpreadArgsSchema.parse(args ?? {}));
  return new PodTopologySpread(constraints, systemDefaulted, handle);
};
