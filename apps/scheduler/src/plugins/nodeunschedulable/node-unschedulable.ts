/** NodeUnschedulable (Filter): cordoned nodes take only pods tolerating node.kubernetes.io/unschedulable. */
import { type Node, tolerationsTolerateTaint } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { unresolvable, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler's reason for a cordoned node. */
export const ERR_REASON_UNSCHEDULABLE = 'node(s) were unschedulable';

const UNSCHEDULABLE_TAINT = { key: 'node.kubernetes.io/unschedulable', effect: 'NoSchedule' };

/** Rejects cordoned nodes (spec.unschedulable) unless the pod tolerates the unschedulable taint. */
export class NodeUnschedulable implements FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodeUnschedulable;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    if (!nodeInfo.node?.spec?.unschedulable) return undefined;
    if (tolerationsTolerateTaint(pod.pod.spec?.tolerations, UNSCHEDULABLE_TAINT)) return undefined;
    return unresolvable(ERR_REASON_UNSCHEDULABLE);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: Action.Add | Action.UpdateNodeTaint | Action.UpdateOther },
        hint: (_pod, _old, node) => ((node as Node | undefined)?.spec?.unschedulable ? 'QueueSkip' : 'Queue'),
      },
      { event: { resource: 'UnscheduledPod', actionType: Action.UpdatePodToleration } },
    ];
  }
}

/** Factory for the registry. */
export const newNodeUnschedulable: PluginFactory = () => new NodeUnschedulable();
