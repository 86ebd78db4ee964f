/** apps/v1 Deployment, ReplicaSet, StatefulSet, DaemonSet and ControllerRevision. */
import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
import { PodTemplateSpecSchema } from './core-v1-pod.js';
import { PersistentVolumeClaimSchema } from './core-v1-volume.js';
import {
  conditionSchema,
  IntOrStringSchema,
  named,
  namedKind,
  optBool,
  optInt32,
  optInt64,
  optList,
  optString,
  RawExtensionSchema,
} from './primitives.js';

const APPS = 'io.k8s.api.apps.v1.';
const gvk = (kind: string) => ({ group: 'apps', version: 'v1', kind });
const typeAndMeta = { apiVersion: optString(), kind: optString(), metadata: ObjectMetaSchema.optional() };

const condition = (id: string, withUpdateTime: boolean) => conditionSchema(`${APPS}${id}`, withUpdateTime);

const RollingUpdate = (id: string) =>
  named(
    `${APPS}${id}`,
    z.strictObject({ maxUnavailable: IntOrStringSchema.optional(), maxSurge: IntOrStringSchema.optional() }),
  );

/** The desired state of a Deployment. */
export const DeploymentSpecSchema = named(
  `${APPS}DeploymentSpec`,
  z.strictObject({
    replicas: optInt32(),
    selector: LabelSelectorSchema.optional(),
    template: PodTemplateSpecSchema.optional(),
    strategy: named(
      `${APPS}DeploymentStrategy`,
      z.strictObject({ type: optString(), rollingUpdate: RollingUpdate('RollingUpdateDeployment').optional() }),
    ).optional(),
    minReadySeconds: optInt32(),
    revisionHistoryLimit: optInt32(),
    paused: optBool(),
    progressDeadlineSeconds: optInt32(),
  }),
  'DeploymentSpec is the specification of the desired behavior of the Deployment.',
);

/** The observed state of a Deployment. */
export const DeploymentStatusSchema = named(
  `${APPS}DeploymentStatus`,
  z.strictObject({
    observedGeneration: optInt64(),
    replicas: optInt32(),
    updatedReplicas: optInt32(),
    readyReplicas: optInt32(),
    availableReplicas: optInt32(),
    unavailableReplicas: optInt32(),
    terminatingReplicas: optInt32(),
    conditions: optList(condition('DeploymentCondition', true)),
    collisionCount: optInt32(),
  }),
  'DeploymentStatus is the most recently observed status of the Deployment.',
);
/** The observed state of a Deployment. */
export type DeploymentStatus = z.infer<typeof DeploymentStatusSchema>;

/** A Deployment: declarative rollouts of ReplicaSets. */
export const DeploymentSchema = namedKind(
  `${APPS}Deployment`,
  gvk('Deployment'),
  z.strictObject({ ...typeAndMeta, spec: DeploymentSpecSchema.optional(), status: DeploymentStatusSchema.optional() }),
  'Deployment enables declarative updates for Pods and ReplicaSets.',
);
/** A Deployment. */
export type Deployment = z.infer<typeof DeploymentSchema>;

/** A ReplicaSet: keeps a number of identical pods running. */
export const ReplicaSetSchema = namedKind(
  `${APPS}ReplicaSet`,
  gvk('ReplicaSet'),
  z.strictObject({
    ...typeAndMeta,
    spec: named(
      `${APPS}ReplicaSetSpec`,
      z.strictObject({
        replicas: optInt32(),
        minReadySeconds: optInt32(),
        selector: LabelSelectorSchema.optional(),
        template: PodTemplateSpecSchema.optional(),
      }),
    ).optional(),
    status: named(
      `${APPS}ReplicaSetStatus`,
      z.strictObject({
        replicas: optInt32(),
        fullyLabeledReplicas: optInt32(),
        readyReplicas: optInt32(),
        availableReplicas: optInt32(),
        terminatingReplicas: optInt32(),
        observedGeneration: optInt64(),
        conditions: optList(condition('ReplicaSetCondition', false)),
      }),
    ).optional(),
  }),
  'ReplicaSet ensures that a specified number of pod replicas are running at any given time.',
);
/** A ReplicaSet. */
export type ReplicaSet = z.infer<typeof ReplicaSetSchema>;

/** A StatefulSet: pods with stable identities and storage. */
export const StatefulSetSchema = namedKind(
  `${APPS}StatefulSet`,
  gvk('StatefulSet'),
  z.strictObject({
    ...typeAndMeta,
    spec: named(
      `${APPS}StatefulSetSpec`,
      z.strictObject({
        replicas: optInt32(),
        selector: LabelSelectorSchema.optional(),
        template: PodTemplateSpecSchema.optional(),
        volumeClaimTemplates: optList(PersistentVolumeClaimSchema),
        serviceName: optString(),
        podManagementPolicy: optString(),
        updateStrategy: named(
          `${APPS}StatefulSetUpdateStrategy`,
          z.strictObject({
            type: optString(),
            rollingUpdate: z
              .strictObject({ partition: optInt32(), maxUnavailable: IntOrStringSchema.optional() })
              .optional(),
          }),
        ).optional(),
        revisionHistoryLimit: optInt32(),
        minReadySeconds: optInt32(),
        persistentVolumeClaimRetentionPolicy: z
          .strictObject({ whenDeleted: optString(), whenScaled: optString() })
          .optional(),
        ordinals: z.strictObject({ start: optInt32() }).optional(),
      }),
    ).optional(),
    status: named(
      `${APPS}StatefulSetStatus`,
      z.strictObject({
        observedGeneration: optInt64(),
        replicas: optInt32(),
        readyReplicas: optInt32(),
        currentReplicas: optInt32(),
        updatedReplicas: optInt32(),
        currentRevision: optString(),
        updateRevision: optString(),
        collisionCount: optInt32(),
        conditions: optList(condition('StatefulSetCondition', false)),
        availableReplicas: optInt32(),
      }),
    ).optional(),
  }),
  'StatefulSet represents a set of pods with consistent identities.',
);
/** A StatefulSet. */
export type StatefulSet = z.infer<typeof StatefulSetSchema>;

/** A DaemonSet: one pod per (matching) node. */
export const DaemonSetSchema = namedKind(
  `${APPS}DaemonSet`,
  gvk('DaemonSet'),
  z.strictObject({
    ...typeAndMeta,
    spec: named(
      `${APPS}DaemonSetSpec`,
      z.strictObject({
        selector: LabelSelectorSchema.optional(),
        template: PodTemplateSpecSchema.optional(),
        updateStrategy: named(
          `${APPS}DaemonSetUpdateStrategy`,
          z.strictObject({ type: optString(), rollingUpdate: RollingUpdate('RollingUpdateDaemonSet').optional() }),
        ).optional(),
        minReadySeconds: optInt32(),
        revisionHistoryLimit: optInt32(),
      }),
    ).optional(),
    status: named(
      `${APPS}DaemonSetStatus`,
      z.strictObject({
        currentNumberScheduled: optInt32(),
        numberMisscheduled: optInt32(),
        desiredNumberScheduled: optInt32(),
        numberReady: optInt32(),
        observedGeneration: optInt64(),
        updatedNumberScheduled: optInt32(),
        numberAvailable: optInt32(),
        numberUnavailable: optInt32(),
        collisionCount: optInt32(),
        conditions: optList(condition('DaemonSetCondition', false)),
      }),
    ).optional(),
  }),
  'DaemonSet represents the configuration of a daemon set.',
);
/** A DaemonSet. */
export type DaemonSet = z.infer<typeof DaemonSetSchema>;

/** An immutable snapshot of a StatefulSet's or DaemonSet's template. */
export const ControllerRevisionSchema = namedKind(
  `${APPS}ControllerRevision`,
  gvk('ControllerRevision'),
  z.strictObject({ ...typeAndMeta, data: RawExtensionSchema.optional(), revision: optInt64() }),
  'ControllerRevision implements an immutable snapshot of state data.',
);
/** A ControllerRevision. */
export type ControllerRevision = z.infer<typeof ControllerRevisionSchema>;
