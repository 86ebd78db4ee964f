/** node.k8s.io/v1 RuntimeClass: a class of container runtime a pod may ask for (gVisor, Kata, Wasm). */
import { z } from 'zod';
import { TolerationSchema } from './core-v1-scheduling.js';
import { ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optList, optString, optStringMap, ResourceListSchema } from './primitives.js';

/** The API group of RuntimeClass. */
export const NODE_GROUP = 'node.k8s.io';

/** The resources a pod of this class costs beyond its containers' (set as the pod's spec.overhead). */
export const OverheadSchema = named(
  'io.k8s.api.node.v1.Overhead',
  z.strictObject({ podFixed: ResourceListSchema.optional() }),
  'Overhead structure represents the resource overhead associated with running a pod.',
);

/** Where pods of this class may run: a node selector merged into the pod's, tolerations added to its. */
export const SchedulingSchema = named(
  'io.k8s.api.node.v1.Scheduling',
  z.strictObject({ nodeSelector: optStringMap(), tolerations: optList(TolerationSchema) }),
  'Scheduling specifies the scheduling constraints for nodes supporting a RuntimeClass.',
);

/** A RuntimeClass. */
export const RuntimeClassSchema = namedKind(
  'io.k8s.api.node.v1.RuntimeClass',
  { group: NODE_GROUP, version: 'v1', kind: 'RuntimeClass' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    handler: optString(),
    overhead: OverheadSchema.optional(),
    scheduling: SchedulingSchema.optional(),
  }),
  'RuntimeClass defines a class of container runtime supported in the cluster. The RuntimeClass is used to determine which container runtime is used to run all containers in a pod. RuntimeClasses are manually defined by a user or cluster provisioner, and referenced in the PodSpec. The Kubelet is responsible for resolving the RuntimeClassName reference before running the pod.  For more details, see https://kubernetes.io/docs/concepts/containers/runtime-class/',
);
/** A RuntimeClass. */
export type RuntimeClass = z.infer<typeof RuntimeClassSchema>;
/** A RuntimeClass's scheduling constraints. */
export type RuntimeClassScheduling = NonNullable<RuntimeClass['scheduling']>;
