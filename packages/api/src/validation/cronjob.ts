/** batch/v1 CronJob validation (kube's ValidateCronJobCreate / ValidateCronJobUpdate). */
import { TimeZone, isMachineryError, loadTimeZone, nameIsDNSSubdomain, parseCronSchedule } from '@wheelhouse/machinery';
import type { CronJob } from '../schema/batch-v1-cronjob.js';
import { validateJobTemplateSpec } from './batch.js';
import { invalid, notSupported, required, type FieldError } from './field-errors.js';
import { validateObjectMeta, validateObjectMetaUpdate } from './meta.js';
import { nonNegative } from './template.js';

type CronJobSpec = NonNullable<CronJob['spec']>;

/** The longest CronJob name: a Job name (63) less the controller's `-<minutes>` suffix (11). */
const MAX_CRONJOB_NAME_LENGTH = 52;

const CONCURRENCY_POLICIES = ['Allow', 'Forbid', 'Replace'];
const ZONE_PART = /^[A-Za-z.\-_0-9+]{1,14}$/;

/** The error of robfig's parser for `schedule`, if it refuses it. */
function scheduleError(schedule: string): string | undefined {
  try {
    parseCronSchedule(schedule, TimeZone.UTC);
    return undefined;
  } catch (err) {
    if (isMachineryError(err)) return err.message;
    throw err;
  }
}

/** The schedule parses; `TZ`/`CRON_TZ` in it only if the old schedule had it, and never with timeZone. */
function validateScheduleFormat(spec: CronJobSpec, allowTZ: boolean): FieldError[] {
  const schedule = spec.schedule ?? '';
  const errs: FieldError[] = [];
  const parseError = scheduleError(schedule);
  if (parseError !== undefined) errs.push(invalid('spec.schedule', schedule, parseError));
  if (allowTZ && schedule.includes('TZ') && spec.timeZone !== undefined) {
    errs.push(invalid('spec.schedule', schedule, 'cannot use both timeZone field and TZ or CRON_TZ in schedule'));
  } else if (!allowTZ && schedule.includes('TZ')) {
    errs.push(invalid('spec.schedule', schedule, 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'));
  }
  return errs;
}

/** timeZone: unset, or an explicit IANA name (not Local) this process's tz database knows. */
function validateTimeZone(timeZone: string | undefined): FieldError[] {
  if (timeZone === undefined) return [];
  const field = 'spec.timeZone';
  if (timeZone === '') return [invalid(field, timeZone, 'timeZone must be nil or non-empty string')];
  for (const part of timeZone.split('/')) {
    if (part === '.' || part === '..' || part.startsWith('-') || !ZONE_PART.test(part))
      return [invalid(field, timeZone, `unknown time zone ${timeZone}`)];
  }
  const errs: FieldError[] = [];
  if (timeZone.toLowerCase() === 'local') {
    errs.push(
      invalid(field, timeZone, 'timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones'),
    );
  }
  try {
    loadTimeZone(timeZone);
  } catch (err) {
    if (!isMachineryError(err)) throw err;
    errs.push(invalid(field, timeZone, err.message));
  }
  return errs;
}

function validateConcurrencyPolicy(policy: string | undefined): FieldError[] {
  if (!policy) return [required('spec.concurrencyPolicy')];
  return CONCURRENCY_POLICIES.includes(policy)
    ? []
    : [notSupported('spec.concurrencyPolicy', policy, CONCURRENCY_POLICIES)];
}

function validateCronJobSpec(spec: CronJobSpec, old: CronJobSpec | undefined): FieldError[] {
  const errs: FieldError[] = [];
  if (!spec.schedule) errs.push(required('spec.schedule'));
  else errs.push(...validateScheduleFormat(spec, (old?.schedule ?? '').includes('TZ')));
  errs.push(...nonNegative(spec.startingDeadlineSeconds, 'spec.startingDeadlineSeconds'));
  if (old === undefined || old.timeZone !== spec.timeZone) errs.push(...validateTimeZone(spec.timeZone));
  errs.push(...validateConcurrencyPolicy(spec.concurrencyPolicy));
  errs.push(...validateJobTemplateSpec(spec.jobTemplate, 'spec.jobTemplate'));
  errs.push(...nonNegative(spec.successfulJobsHistoryLimit, 'spec.successfulJobsHistoryLimit'));
  errs.push(...nonNegative(spec.failedJobsHistoryLimit, 'spec.failedJobsHistoryLimit'));
  return errs;
}

/** Validates a CronJob on create: metadata, spec, and a name of at most 52 characters. */
export function validateCronJob(cronJob: CronJob): FieldError[] {
  const errs = [
    ...validateObjectMeta(cronJob.metadata, true, nameIsDNSSubdomain),
    ...validateCronJobSpec(cronJob.spec ?? {}, undefined),
  ];
  const name = cronJob.metadata?.name ?? '';
  if (name.length > MAX_CRONJOB_NAME_LENGTH)
    errs.push(invalid('metadata.name', name, `must be no more than ${MAX_CRONJOB_NAME_LENGTH} characters`));
  return errs;
}

/**
 * Validates a CronJob update: the spec as on create (TZ in the schedule stays allowed when
 * the old schedule had it; timeZone is checked only when it changed), without the name length
 * limit so that older, longer-named CronJobs can still be updated and deleted.
 */
export function validateCronJobUpdate(next: CronJob, old: CronJob): FieldError[] {
  return [...validateObjectMetaUpdate(next.metadata, old.metadata), ...validateCronJobSpec(next.spec ?? {}, old.spec)];
}
