/** core/v1 ReplicationController: the original replica keeper, with a map selector. */
import { z } from 'zod';
import { ObjectMetaSchema } from './meta-v1.js';
import { PodTemplateSpecSchema } from './core-v1-pod.js';
import {
  conditionSchema,
  named,
  namedKind,
  optInt32,
  optInt64,
  optList,
  optString,
  optStringMap,
} from './primitives.js';

const CORE = 'io.k8s.api.core.v1.';

/** The desired state of a ReplicationController; `selector` is a plain label map (labels.Set). */
export const ReplicationControllerSpecSchema = named(
  `${CORE}ReplicationControllerSpec`,
  z.strictObject({
    replicas: optInt32(),
    minReadySeconds: optInt32(),
    selector: optStringMap(),
    template: PodTemplateSpecSchema.optional(),
  }),
  'ReplicationControllerSpec is the specification of a replication controller.',
);

/** The observed state of a ReplicationController. */
export const ReplicationControllerStatusSchema = named(
  `${CORE}ReplicationControllerStatus`,
  z.strictObject({
    replicas: optInt32(),
    fullyLabeledReplicas: optInt32(),
    readyReplicas: optInt32(),
    availableReplicas: optInt32(),
    observedGeneration: optInt64(),
    conditions: optList(conditionSchema(`${CORE}ReplicationControllerCondition`)),
  }),
  'ReplicationControllerStatus represents the current status of a replication controller.',
);

/** A ReplicationController (`rc`): keeps a number of identical pods running. */
export const ReplicationControllerSchema = namedKind(
  `${CORE}ReplicationController`,
  { group: '', version: 'v1', kind: 'ReplicationController' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: ReplicationControllerSpecSchema.optional(),
    status: ReplicationControllerStatusSchema.optional(),
  }),
  'ReplicationController represents the configuration of a replication controller.',
);
/** A ReplicationController. */
export type ReplicationController = z.infer<typeof ReplicationControllerSchema>;
