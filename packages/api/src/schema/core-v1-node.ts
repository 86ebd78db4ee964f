/** core/v1 Node: a machine (simulated here) that runs pods. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import {
  named,
  namedKind,
  optBool,
  optInt32,
  optInt64,
  optList,
  optString,
  optStringList,
  ResourceListSchema,
  TimeSchema,
} from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

/** A taint: pods that do not tolerate it are repelled (or evicted, for NoExecute). */
export const TaintSchema = named(
  `${CORE}Taint`,
  z.strictObject({ key: optString(), value: optString(), effect: optString(), timeAdded: TimeSchema.optional() }),
  'The node this Taint is attached to has the "effect" on any pod that does not tolerate the Taint.',
);
/** A node taint. */
export type Taint = z.infer<typeof TaintSchema>;

/** The desired state of a node. */
export const NodeSpecSchema = named(
  `${CORE}NodeSpec`,
  z.strictObject({
    podCIDR: optString(),
    podCIDRs: optStringList(),
    providerID: optString(),
    unschedulable: optBool(),
    taints: optList(TaintSchema),
    configSource: z.looseObject({}).optional(),
    externalID: optString(),
  }),
  'NodeSpec describes the attributes that a node is created with.',
);

/** A node condition (Ready, MemoryPressure, DiskPressure, PIDPressure, NetworkUnavailable). */
export const NodeConditionSchema = named(
  `${CORE}NodeCondition`,
  z.strictObject({
    type: optString(),
    status: optString(),
    lastHeartbeatTime: TimeSchema.optional(),
    lastTransitionTime: TimeSchema.optional(),
    reason: optString(),
    message: optString(),
  }),
  'NodeCondition contains condition information for a node.',
);
/** A node condition. */
export type NodeCondition = z.infer<typeof NodeConditionSchema>;

/** An address of a node (InternalIP, ExternalIP, Hostname, ...). */
export const NodeAddressSchema = named(
  `${CORE}NodeAddress`,
  z.strictObject({ type: optString(), address: optString() }),
  "NodeAddress contains information for the node's address.",
);
/** An address of a node. */
export type NodeAddress = z.infer<typeof NodeAddressSchema>;

/** Facts a kubelet reports about its node. */
export const NodeSystemInfoSchema = named(
  `${CORE}NodeSystemInfo`,
  z.strictObject({
    machineID: optString(),
    systemUUID: optString(),
    bootID: optString(),
    kernelVersion: optString(),
    osImage: optString(),
    containerRuntimeVersion: optString(),
    kubeletVersion: optString(),
    kubeProxyVersion: optString(),
    operatingSystem: optString(),
    architecture: optString(),
  }),
  'NodeSystemInfo is a set of ids/uuids to uniquely identify the node.',
);

/** The observed state of a node. */
export const NodeStatusSchema = named(
  `${CORE}NodeStatus`,
  z.strictObject({
    capacity: ResourceListSchema.optional(),
    allocatable: ResourceListSchema.optional(),
    phase: optString(),
    conditions: optList(NodeConditionSchema),
    addresses: optList(NodeAddressSchema),
    daemonEndpoints: named(
      `${CORE}NodeDaemonEndpoints`,
      z.strictObject({ kubeletEndpoint: z.strictObject({ Port: optInt32() }).optional() }),
    ).optional(),
    nodeInfo: NodeSystemInfoSchema.optional(),
    images: optList(named(`${CORE}ContainerImage`, z.strictObject({ names: optStringList(), sizeBytes: optInt64() }))),
    volumesInUse: optStringList(),
    volumesAttached: optList(z.strictObject({ name: optString(), devicePath: optString() })),
    config: z.looseObject({}).optional(),
    runtimeHandlers: optList(z.looseObject({})),
    features: z.looseObject({}).optional(),
  }),
  'NodeStatus is information about the current status of a node.',
);
/** The observed state of a node. */
export type NodeStatus = z.infer<typeof NodeStatusSchema>;

/** A node. */
export const NodeSchema = namedKind(
  `${CORE}Node`,
  { group: '', version: 'v1', kind: 'Node' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: NodeSpecSchema.optional(),
    status: NodeStatusSchema.optional(),
  }),
  'Node is a worker node in Kubernetes.',
);
/** A node. */
export type Node = z.infer<typeof NodeSchema>;
