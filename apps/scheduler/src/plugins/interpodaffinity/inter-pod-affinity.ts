/**
 * InterPodAffinity: required pod affinity and anti-affinity (both the incoming pod's and
 * existing pods') in Filter, preferred terms in Score, by topologyKey, namespaces and
 * namespaceSelector.
 */
import type { Node } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import { namespaceLabels, type Handle } from '../../framework/handle.js';
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
import { InterPodAffinityArgsSchema, type InterPodAffinityArgs } from './args.js';
import {
  AffinityPreFilterState,
  ERR_REASON_AFFINITY,
  ERR_REASON_ANTI_AFFINITY,
  ERR_REASON_EXISTING_ANTI_AFFINITY,
  satisfiesExistingPodsAntiAffinity,
  satisfiesPodAffinity,
  satisfiesPodAntiAffinity,
} from './filtering.js';
import { mergeTermNamespaces } from './namespaces.js';
import { normalizeMinMax, processExistingPod, TopologyScores } from './scoring.js';

const PRE_FILTER_KEY = `PreFilter${Names.InterPodAffinity}`;
const PRE_SCORE_KEY = `PreScore${Names.InterPodAffinity}`;

/** The InterPodAffinity plugin. */
export class InterPodAffinity implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.InterPodAffinity;
  readonly preFilterExtensions: PreFilterExtensions;

  constructor(
    private readonly args: InterPodAffinityArgs,
    private readonly handle: Handle,
  ) {
    this.preFilterExtensions = {
      addPod: (state, _pod, toAdd, nodeInfo) => this.updateState(state, toAdd, nodeInfo, 1),
      removePod: (state, _pod, toRemove, nodeInfo) => this.updateState(state, toRemove, nodeInfo, -1),
    };
  }

  preFilter(state: CycleState, pod: PodInfo): Status | undefined {
    if (pod.parseError) return unresolvable(`parsing pod: ${pod.parseError.message}`);
    const listers = this.handle.listers;
    const s = new AffinityPreFilterState(
      pod.requiredAffinityTerms.map((t) => mergeTermNamespaces(t, listers)),
      pod.requiredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, listers)),
      pod,
      namespaceLabels(listers, pod.pod.metadata?.namespace ?? ''),
    );
    const snap = this.handle.snapshot();
    s.compute(snap.list(), snap.havePodsWithRequiredAntiAffinityList());
    if (
      s.existingAntiAffinityCounts.size === 0 &&
      s.requiredAffinity.length === 0 &&
      s.requiredAntiAffinity.length === 0
    ) {
      return skip();
    }
    state.write(PRE_FILTER_KEY, s);
    return undefined;
  }

  private updateState(state: CycleState, other: PodInfo, nodeInfo: NodeInfo, delta: number): StatusResult {
    const s = state.read<AffinityPreFilterState>(PRE_FILTER_KEY);
    if (!s) return asStatus(new Error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`));
    s.updateWithPod(other, nodeInfo.node as Node, delta);
    return undefined;
  }

  filter(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const s = state.read<AffinityPreFilterState>(PRE_FILTER_KEY);
    if (!s) return asStatus(new Error(`reading "${PRE_FILTER_KEY}" from cycleState: not found`));
    const node = nodeInfo.node as Node;
    if (!satisfiesPodAffinity(s, node)) return unresolvable(ERR_REASON_AFFINITY);
    if (!satisfiesPodAntiAffinity(s, node)) return unschedulable(ERR_REASON_ANTI_AFFINITY);
    if (!satisfiesExistingPodsAntiAffinity(s, node)) return unschedulable(ERR_REASON_EXISTING_ANTI_AFFINITY);
    return undefined;
  }

  preScore(state: CycleState, pod: PodInfo, nodes: readonly NodeInfo[]): StatusResult {
    if (nodes.length === 0) return undefined;
    const hasConstraints = pod.preferredAffinityTerms.length > 0 || pod.preferredAntiAffinityTerms.length > 0;
    if (this.args.ignorePreferredTermsOfExistingPods && !hasConstraints) return skip();
    if (pod.parseError) return asStatus(new Error(`failed to parse pod: ${pod.parseError.message}`));
    const scores = this.topologyScores(pod, hasConstraints);
    if (scores.byKey.size === 0) return skip();
    state.write(PRE_SCORE_KEY, scores);
    return undefined;
  }

  private topologyScores(pod: PodInfo, hasConstraints: boolean): TopologyScores {
    const listers = this.handle.listers;
    const input = {
      incoming: pod.pod,
      preferredAffinity: pod.preferredAffinityTerms.map((t) => mergeTermNamespaces(t, listers)),
      preferredAntiAffinity: pod.preferredAntiAffinityTerms.map((t) => mergeTermNamespaces(t, listers)),
      namespaceLabels: namespaceLabels(listers, pod.pod.metadata?.namespace ?? ''),
      hardPodAffinityWeight: this.args.hardPodAffinityWeight,
    };
    const snap = this.handle.snapshot();
    const nodes = hasConstraints ? snap.list() : snap.havePodsWithAffinityList();
    const scores = new TopologyScores();
    for (const n of nodes) {
      for (const existing of hasConstraints ? n.pods : n.podsWithAffinity) {
        processExistingPod(scores, input, existing, n.node as Node);
      }
    }
    return scores;
  }

  score(state: CycleState, _pod: PodInfo, nodeInfo: NodeInfo): number {
    return state.read<TopologyScores>(PRE_SCORE_KEY)?.scoreOf(nodeInfo.node as Node) ?? 0;
  }

  normalizeScore(state: CycleState, _pod: PodInfo, scores: NodeScore[]): StatusResult {
    if (!state.read<TopologyScores>(PRE_SCORE_KEY)?.byKey.size) return undefined;
    normalizeMinMax(scores);
    return undefined;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      { event: { resource: 'AssignedPod', actionType: Action.Add | Action.UpdatePodLabel | Action.Delete } },
      { event: { resource: 'Node', actionType: Action.Add | Action.UpdateNodeLabel } },
    ];
  }
}

/** Factory for the registry; validates InterPodAffinityArgs. */
export const newInterPodAffinity: PluginFactory = (args, handle) =>
  new InterPodAffinity(InterPodAffinityArgsSchema.parse(args ?? {}), handle);
