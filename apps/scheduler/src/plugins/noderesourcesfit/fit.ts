/**
 * NodeResourcesFit: Filter rejects nodes without room for the pod's requests ("Insufficient
 * cpu", "Too many pods", ...); Score ranks nodes by the configured strategy (default
 * LeastAllocated over cpu and memory, weight 1 each).
 */
import type { Node, Pod } from '@wheelhouse/api';
import { NodeInfo } from '../../cache/node-info.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import type {
  EnqueueExtensions,
  FilterPlugin,
  PreFilterPlugin,
  PreScorePlugin,
  ScorePlugin,
} from '../../framework/interfaces.js';
import { newPodInfo, type PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { unschedulable, type StatusResult } from '../../framework/status.js';
import { allocationScore, podRequestList, type ResourceScorer } from '../helpers/resource-allocation.js';
import { Names } from '../names.js';
import { defaultFitArgs, NodeResourcesFitArgsSchema, type NodeResourcesFitArgs } from './args.js';
import { fitsRequest, insufficientResources, type Ignored } from './fits.js';
import { leastAllocated, mostAllocated, requestedToCapacityRatio } from './scoring-strategies.js';

const PRE_SCORE_KEY = `PreScore${Names.NodeResourcesFit}`;

class PodRequests implements StateData {
  constructor(readonly list: readonly number[]) {}
  clone(): StateData {
    return this;
  }
}

/** True when the pod would fit the node if it were empty (the queueing hint's isFit). */
function fitsEmptyNode(pod: Pod, node: Node): boolean {
  return insufficientResources(newPodInfo(pod).resources.resource, new NodeInfo(node)).length === 0;
}

/** The NodeResourcesFit plugin. */
export class Fit implements PreFilterPlugin, FilterPlugin, PreScorePlugin, ScorePlugin, EnqueueExtensions {
  readonly name = Names.NodeResourcesFit;
  private readonly ignored: Ignored;
  private readonly args: ReturnType<typeof defaultFitArgs>;
  private readonly scorer: ResourceScorer;

  constructor(args: NodeResourcesFitArgs) {
    this.args = defaultFitArgs(args);
    this.ignored = { names: this.args.ignoredResources, groups: this.args.ignoredResourceGroups };
    const { type, resources, shape } = this.args;
    if (type === 'MostAllocated') this.scorer = mostAllocated(resources);
    else if (type === 'RequestedToCapacityRatio') this.scorer = requestedToCapacityRatio(resources, shape);
    else this.scorer = leastAllocated(resources);
  }

  /** Requests are computed once per pod (PodInfo), so PreFilter has nothing to store. */
  preFilter(): undefined {
    return undefined;
  }

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    if (fitsRequest(pod.resources.resource, nodeInfo, this.ignored)) return undefined;
    const missing = insufficientResources(pod.resources.resource, nodeInfo, this.ignored);
    return missing.length === 0 ? undefined : unschedulable(...missing.map((m) => m.reason));
  }

  preScore(state: CycleState, pod: PodInfo): StatusResult {
    state.write(PRE_SCORE_KEY, new PodRequests(podRequestList(pod.pod, this.args.resources, false)));
    return undefined;
  }

  score(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): number {
    const reqs = state.read<PodRequests>(PRE_SCORE_KEY)?.list ?? podRequestList(pod.pod, this.args.resources, false);
    return allocationScore(nodeInfo, this.args.resources, reqs, false, this.scorer);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Pod', actionType: Action.Delete | Action.UpdatePodScaleDown },
        hint: (_pod, old) => ((old as Pod | undefined)?.spec?.nodeName ? 'Queue' : 'QueueSkip'),
      },
      {
        event: {
          resource: 'Node',
          actionType: Action.Add | Action.UpdateNodeAllocatable | Action.UpdateNodeTaint | Action.UpdateNodeLabel,
        },
        hint: (pod, _old, node) => (fitsEmptyNode(pod, node as Node) ? 'Queue' : 'QueueSkip'),
      },
    ];
  }
}

/** Factory for the registry; validates NodeResourcesFitArgs. */
export const newNodeResourcesFit: PluginFactory = (args) => new Fit(NodeResourcesFitArgsSchema.parse(args ?? {}));
