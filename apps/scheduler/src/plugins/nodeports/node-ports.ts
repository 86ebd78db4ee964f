/** NodePorts (Filter): the pod's host ports must be free on the node (0.0.0.0 clashes with every IP). */
import type { ContainerPort, Pod } from '@wheelhouse/api';
import type { NodeInfo } from '../../cache/node-info.js';
import { podHostPorts } from '../../cache/host-ports.js';
import type { CycleState, StateData } from '../../framework/cycle-state.js';
import { Action, type ClusterEventWithHint } from '../../framework/events.js';
import type { EnqueueExtensions, FilterPlugin, PreFilterPlugin } from '../../framework/interfaces.js';
import type { PodInfo } from '../../framework/pod-info.js';
import type { PluginFactory } from '../../framework/registry.js';
import { skip, unschedulable, type Status, type StatusResult } from '../../framework/status.js';
import { Names } from '../names.js';

/** kube-scheduler's reason for a node whose host ports are taken. */
export const ERR_REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";

const PRE_FILTER_KEY = `PreFilter${Names.NodePorts}`;

class WantedPorts implements StateData {
  constructor(readonly ports: readonly ContainerPort[]) {}
  clone(): StateData {
    return this;
  }
}

function fits(ports: readonly ContainerPort[], nodeInfo: NodeInfo): boolean {
  return ports.every((p) => !nodeInfo.usedPorts.conflicts(p.hostIP, p.protocol, p.hostPort ?? 0));
}

/** The NodePorts plugin. */
export class NodePorts implements PreFilterPlugin, FilterPlugin, EnqueueExtensions {
  readonly name = Names.NodePorts;

  preFilter(state: CycleState, pod: PodInfo): Status | undefined {
    const ports = podHostPorts(pod.pod);
    if (ports.length === 0) return skip();
    state.write(PRE_FILTER_KEY, new WantedPorts(ports));
    return undefined;
  }

  filter(state: CycleState, pod: PodInfo, nodeInfo: NodeInfo): StatusResult {
    const ports = state.read<WantedPorts>(PRE_FILTER_KEY)?.ports ?? podHostPorts(pod.pod);
    return fits(ports, nodeInfo) ? undefined : unschedulable(ERR_REASON_PORTS);
  }

  eventsToRegister(): ClusterEventWithHint[] {
    return [
      {
        event: { resource: 'AssignedPod', actionType: Action.Delete },
        hint: (pod, deleted) => (sharesPort(pod, deleted as Pod) ? 'Queue' : 'QueueSkip'),
      },
      { event: { resource: 'Node', actionType: Action.Add } },
    ];
  }
}

function sharesPort(pod: Pod, other: Pod | undefined): boolean {
  if (!other) return true;
  const theirs = new Set(podHostPorts(other).map((p) => `${p.protocol || 'TCP'}/${p.hostPort}`));
  return podHostPorts(pod).some((p) => theirs.has(`${p.protocol || 'TCP'}/${p.hostPort}`));
}

/** Factory for the registry. */
export const newNodePorts: PluginFactory = () => new NodePorts();
