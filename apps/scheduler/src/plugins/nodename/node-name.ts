/** NodeName (Filter): a pod with spec.nodeName set fits only that node. */
import type { Node } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import type { CycleState } from '../../framework/cycle-state.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { unresolvable, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler's reason for a node other than the requested one. */
export const ERR_REASON_NODE_NAME = "node(s) didn't match the requested node name";

/** Rejects every node but the one the pod names. */
export class NodeName implements FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodeName;

  filter(_state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const wanted = pod.pod.spec?.nodeName;
    if (!wanted || wanted === nodeInfo.name) return undefined;
    return unresolvable(ERR_REASON_NODE_NAME);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'Node', actionType: Action.Add },
        hint: (pod, _old, node) =>
          (node as Node | undefined)?.metadata?.name === pod.spec?.nodeName ? 'Queue' : 'QueueSkip',
      },
    ];
  }
}

/** Factory for the registry. */
export const newNodeName: PluginFactory = () => new NodeName();
