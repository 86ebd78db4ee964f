/**
 * TaintToleration: Filter rejects nodes with an untolerated NoSchedule/NoExecute taint;
 * Score prefers nodes with fewer untolerated PreferNoSchedule taints (normalized, reversed).
 */
import {
  type Node,
  type Toleration,
  doNotScheduleTaint,
  findUntoleratedTaint,
  tolerationsTolerateTaint,
} from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import {
  MAX_NODE_SCORE,
  type EnqueueExtensions,
  type FilterPlugin,
  type NodeScore,
  type PreScorePlugin,
  type ScorePlugin,
} from '../../framework/interfaces.js';
import { defaultNormalizeScore } from '../../framework/normalize.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { unresolvable, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

const PRE_SCORE_KEY = `PreScore${Names.TaintToleration}`;

class PreScoreState implements StateData {
  constructor(readonly tolerationsPreferNoSchedule: readonly Toleration[]) {}
  clone(): StateData {
    return this;
  }
}

function untoleratedPreferNoSchedule(node: Node | undefined, tolerations: readonly Toleration[]): number {
  let n = 0;
  for (const taint of node?.spec?.taints ?? []) {
    if (taint.effect === 'PreferNoSchedule' && !tolerationsTolerateTaint(tolerations, taint)) n++;
  }
  return n;
}

/** The TaintToleration plugin. */
export class TaintToleration implements FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.TaintToleration;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const taint = findUntoleratedTaint(nodeInfo.node?.spec?.taints, pod.pod.spec?.tolerations, doNotScheduleTaint);
    if (!taint) return undefined;
    return unresolvable(`node(s) had untolerated taint {${taint.key ?? ''}: ${taint.value ?? ''}}`);
  }

  preScore(state: CycleState, pod: PodInfo): StatusResult {
    const tolerations = (pod.pod.spec?.tolerations ?? []).filter((t) => !t.effect || t.effect === 'PreferNoSchedule');
    state.write(PRE_SCORE_KEY, new PreScoreState(tolerations));
    return undefined;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const s = state.read<PreScoreState>(PRE_SCORE_KEY);
    const tolerations = s?.tolerationsPreferNoSchedule ?? pod.pod.spec?.tolerations ?? [];
    return untoleratedPreferNoSchedule(nodeInfo.node, tolerations);
  }

  normalizeScore(_state: CycleState, _pod: PodInfo, scores: NodeScore[]): StatusResult {
    defaultNormalizeScore(MAX_NODE_SCORE, true, scores);
    return undefined;
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: Action.Add | Action.UpdateNodeTaint },
        hint: (pod, _old, node) =>
          findUntoleratedTaint((node as Node | undefined)?.spec?.taints, pod.spec?.tolerations, doNotScheduleTaint)
            ? 'QueueSkip'
            : 'Queue',
      },
      { event: { resource: 'UnscheduledPod', actionType: Action.UpdatePodToleration } },
    ];
  }
}

/** Factory for the registry. */
export const newTaintToleration: PluginFactory = () => new TaintToleration();
