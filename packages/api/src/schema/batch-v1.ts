/** batch/v1 Job. */
import { z } from 'zod';
import { LabelSelectorSchema, ObjectMetaSchema } from './meta-v1.js';
import { PodTemplateSpecSchema } from './core-v1-pod.js';
import {
  named,
  namedKind,
  optBool,
  optInt32,
  optInt64,
  optList,
  optString,
  optStringList,
  TimeSchema,
} from './primitives.js';

const BATCH = 'io.k8s.api.batch.v1.';

const PodFailurePolicyRule = named(
  `${BATCH}PodFailurePolicyRule`,
  z.strictObject({
    action: optString(),
    onExitCodes: z
      .strictObject({ containerName: optString(), operator: optString(), values: optList(z.int32()) })
      .optional(),
    onPodConditions: optList(z.strictObject({ type: optString(), status: optString() })),
  }),
);

/** The desired state of a Job. */
export const JobSpecSchema = named(
  `${BATCH}JobSpec`,
  z.strictObject({
    parallelism: optInt32(),
    completions: optInt32(),
    activeDeadlineSeconds: optInt64(),
    podFailurePolicy: z.strictObject({ rules: optList(PodFailurePolicyRule) }).optional(),
    successPolicy: z
      .strictObject({ rules: optList(z.strictObject({ succeededIndexes: optString(), succeededCount: optInt32() })) })
      .optional(),
    backoffLimit: optInt32(),
    backoffLimitPerIndex: optInt32(),
    maxFailedIndexes: optInt32(),
    selector: LabelSelectorSchema.optional(),
    manualSelector: optBool(),
    template: PodTemplateSpecSchema.optional(),
    ttlSecondsAfterFinished: optInt32(),
    completionMode: optString(),
    suspend: optBool(),
    podReplacementPolicy: optString(),
    managedBy: optString(),
  }),
  'JobSpec describes how the job execution will look like.',
);

/** A Job condition (Complete, Failed, Suspended, FailureTarget, SuccessCriteriaMet). */
export const JobConditionSchema = named(
  `${BATCH}JobCondition`,
  z.strictObject({
    type: optString(),
    status: optString(),
    lastProbeTime: TimeSchema.optional(),
    lastTransitionTime: TimeSchema.optional(),
    reason: optString(),
    message: optString(),
  }),
);

/** The observed state of a Job. */
export const JobStatusSchema = named(
  `${BATCH}JobStatus`,
  z.strictObject({
    conditions: optList(JobConditionSchema),
    startTime: TimeSchema.optional(),
    completionTime: TimeSchema.optional(),
    active: optInt32(),
    succeeded: optInt32(),
    failed: optInt32(),
    terminating: optInt32(),
    completedIndexes: optString(),
    failedIndexes: optString(),
    uncountedTerminatedPods: z.strictObject({ succeeded: optStringList(), failed: optStringList() }).optional(),
    ready: optInt32(),
  }),
  'JobStatus represents the current state of a Job.',
);

/** A Job: runs pods to completion. */
export const JobSchema = namedKind(
  `${BATCH}Job`,
  { group: 'batch', version: 'v1', kind: 'Job' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: JobSpecSchema.optional(),
    status: JobStatusSchema.optional(),
  }),
  'Job represents the configuration of a single job.',
);
/** A Job. */
export type Job = z.infer<typeof JobSchema>;
