/**
 * kube-scheduler 1.32's default plugins (getDefaultPlugins), all enabled through
 * multiPoint with their default weights. VolumeBinding is in; the other volume plugins and
 * ImageLocality are left out: Wheelhouse's simulated nodes have no volume limits or images.
 */
import type { PluginSetConfig } from './schema.js';

/** The default multiPoint set: names and Score weights. */
export const DEFAULT_MULTI_POINT: Required<Pick<PluginSetConfig, 'enabled'>> = {
  enabled: [
    { name: 'SchedulingGates' },
    { name: 'PrioritySort' },
    { name: 'NodeUnschedulable' },
    { name: 'NodeName' },
    { name: 'TaintToleration', weight: 3 },
    { name: 'NodeAffinity', weight: 2 },
    { name: 'NodePorts' },
    { name: 'NodeResourcesFit', weight: 1 },
    { name: 'VolumeBinding' },
    { name: 'PodTopologySpread', weight: 2 },
    { name: 'InterPodAffinity', weight: 2 },
    { name: 'DefaultPreemption' },
    { name: 'NodeResourcesBalancedAllocation', weight: 1 },
    { name: 'DefaultBinder' },
  ],
};

/** kube-scheduler's plugins Wheelhouse does not implement; disabling them is accepted (they never run). */
export const NOT_IMPLEMENTED = new Set([
  'VolumeRestrictions',
  'NodeVolumeLimits',
  'VolumeZone',
  'ImageLocality',
  'DynamicResources',
]);
