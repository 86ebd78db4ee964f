/** The in-tree plugin registry: every plugin kube-scheduler's default profile uses that Wheelhouse implements. */
import type { Registry } from '../framework/registry.js';
import { newBalancedAllocation } from './balancedallocation/balanced-allocation.js';
import { newDefaultBinder } from './defaultbinder/default-binder.js';
import { newDefaultPreemption } from './defaultpreemption/default-preemption.js';
import { newInterPodAffinity } from './interpodaffinity/inter-pod-affinity.js';
import { Names } from './names.js';
import { newNodeAffinity } from './nodeaffinity/node-affinity.js';
import { newNodeName } from './nodename/node-name.js';
import { newNodePorts } from './nodeports/node-ports.js';
import { newNodeResourcesFit } from './noderesourcesfit/fit.js';
import { newNodeUnschedulable } from './nodeunschedulable/node-unschedulable.js';
import { newPodTopologySpread } from './podtopologyspread/pod-topology-spread.js';
import { newPrioritySort } from './prioritysort/priority-sort.js';
import { newSchedulingGates } from './schedulinggates/scheduling-gates.js';
import { newTaintToleration } from './tainttoleration/taint-toleration.js';
import { newVolumeBinding } from './volumebinding/volume-binding.js';

/** Plugin name -> factory for the in-tree plugins. */
export function inTreeRegistry(): Registry {
  return new Map([
    [Names.PrioritySort, newPrioritySort],
    [Names.SchedulingGates, newSchedulingGates],
    [Names.NodeUnschedulable, newNodeUnschedulable],
    [Names.NodeName, newNodeName],
    [Names.TaintToleration, newTaintToleration],
    [Names.NodeAffinity, newNodeAffinity],
    [Names.NodePorts, newNodePorts],
    [Names.NodeResourcesFit, newNodeResourcesFit],
    [Names.NodeResourcesBalancedAllocation, newBalancedAllocation],
    [Names.InterPodAffinity, newInterPodAffinity],
    [Names.PodTopologySpread, newPodTopologySpread],
    [Names.DefaultPreemption, newDefaultPreemption],
    [Names.DefaultBinder, newDefaultBinder],
    [Names.VolumeBinding, newVolumeBinding],
  ]);
}
