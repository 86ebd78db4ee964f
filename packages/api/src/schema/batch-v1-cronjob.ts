/** batch/v1 CronJob. */
import { z } from 'zod';
import { JobSpecSchema } from './batch-v1.js';
import { ObjectReferenceSchema } from './core-v1-reference.js';
import { ObjectMetaSchema } from './meta-v1.js';
import { named, namedKind, optBool, optInt32, optInt64, optList, optString, TimeSchema } from './primitives.js';

const BATCH = 'io.k8s.api.batch.v1.';

/** The Job a CronJob creates at each scheduled time: metadata (labels, annotations) and spec. */
export const JobTemplateSpecSchema = named(
  `${BATCH}JobTemplateSpec`,
  z.strictObject({ metadata: ObjectMetaSchema.optional(), spec: JobSpecSchema.optional() }),
  'JobTemplateSpec describes the data a Job should have when created from a template',
);
/** A Job template. */
export type JobTemplateSpec = z.infer<typeof JobTemplateSpecSchema>;

/** The desired state of a CronJob. */
export const CronJobSpecSchema = named(
  `${BATCH}CronJobSpec`,
  z.strictObject({
    schedule: optString(),
    timeZone: optString(),
    startingDeadlineSeconds: optInt64(),
    concurrencyPolicy: optString(),
    suspend: optBool(),
    jobTemplate: JobTemplateSpecSchema.optional(),
    successfulJobsHistoryLimit: optInt32(),
    failedJobsHistoryLimit: optInt32(),
  }),
  'CronJobSpec describes how the job execution will look like and when it will actually run.',
);

/** The observed state of a CronJob. */
export const CronJobStatusSchema = named(
  `${BATCH}CronJobStatus`,
  z.strictObject({
    active: optList(ObjectReferenceSchema),
    lastScheduleTime: TimeSchema.optional(),
    lastSuccessfulTime: TimeSchema.optional(),
  }),
  'CronJobStatus represents the current state of a cron job.',
);

/** A CronJob: creates Jobs on a cron schedule. */
export const CronJobSchema = namedKind(
  `${BATCH}CronJob`,
  { group: 'batch', version: 'v1', kind: 'CronJob' },
  z.strictObject({
    apiVersion: optString(),
    kind: optString(),
    metadata: ObjectMetaSchema.optional(),
    spec: CronJobSpecSchema.optional(),
    status: CronJobStatusSchema.optional(),
  }),
  'CronJob represents the configuration of a single cron job.',
);
/** A CronJob. */
export type CronJob = z.infer<typeof CronJobSchema>;
