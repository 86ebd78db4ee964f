import { describe, expect, it } from 'vitest';
import { defaultCronJob } from '../defaults/cronjob.js';
import type { CronJob } from '../schema/batch-v1-cronjob.js';
import { validateCronJob, validateCronJobUpdate } from './cronjob.js';
import { formatFieldError, type FieldError } from './field-errors.js';

const messages = (errs: FieldError[]) => errs.map(formatFieldError);

function cronJob(spec: Partial<NonNullable<CronJob['spec']>> = {}, name = 'hello'): CronJob {
  return defaultCronJob({
    metadata: { name, namespace: 'default' },
    spec: {
      schedule: '*/1 * * * *',
      jobTemplate: {
        spec: { template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'hello', image: 'busybox' }] } } },
      },
      ...spec,
    },
  });
}

describe('cronjob defaults', () => {
  it('sets concurrencyPolicy, suspend and the history limits, and pod defaults in the template only', () => {
    const spec = cronJob().spec!;
    expect(spec).toMatchObject({
      concurrencyPolicy: 'Allow',
      suspend: false,
      successfulJobsHistoryLimit: 3,
      failedJobsHistoryLimit: 1,
    });
    expect(spec.jobTemplate?.spec?.template?.spec).toMatchObject({
      dnsPolicy: 'ClusterFirst',
      schedulerName: 'default-scheduler',
    });
    expect(spec.jobTemplate?.spec?.backoffLimit).toBeUndefined();
    expect(spec.jobTemplate?.spec?.completions).toBeUndefined();
  });

  it('keeps what was given', () => {
    const spec = cronJob({ concurrencyPolicy: 'Forbid', suspend: true, successfulJobsHistoryLimit: 0 }).spec!;
    expect(spec).toMatchObject({ concurrencyPolicy: 'Forbid', suspend: true, successfulJobsHistoryLimit: 0 });
  });
});

describe('cronjob validation', () => {
  it('accepts a defaulted CronJob, macros and time zones', () => {
    expect(validateCronJob(cronJob())).toEqual([]);
    expect(validateCronJob(cronJob({ schedule: '@hourly', timeZone: 'America/New_York' }))).toEqual([]);
    expect(validateCronJob(cronJob({ schedule: '0 9 * * MON-FRI', timeZone: 'Etc/UTC' }))).toEqual([]);
  });

  it('refuses an unparseable schedule with the parser message', () => {
    expect(messages(validateCronJob(cronJob({ schedule: 'not a schedule' })))).toEqual([
      'spec.schedule: Invalid value: "not a schedule": expected exactly 5 fields, found 3: [not a schedule]',
    ]);
    expect(messages(validateCronJob(cronJob({ schedule: '61 * * * *' })))).toEqual([
      'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61',
    ]);
    expect(messages(validateCronJob(cronJob({ schedule: '' })))).toEqual(['spec.schedule: Required value']);
  });

  it('refuses TZ in the schedule on create, and with timeZone on update', () => {
    expect(messages(validateCronJob(cronJob({ schedule: 'TZ=UTC 0 * * * *' })))).toEqual([
      'spec.schedule: Invalid value: "TZ=UTC 0 * * * *": cannot use TZ or CRON_TZ in schedule, use timeZone field instead',
    ]);
    const old = { ...cronJob(), spec: { ...cronJob().spec, schedule: 'CRON_TZ=UTC 0 * * * *' } };
    expect(validateCronJobUpdate(old, old)).toEqual([]);
    const next = structuredClone(old);
    next.spec.timeZone = 'UTC';
    expect(messages(validateCronJobUpdate(next, old))).toEqual([
      'spec.schedule: Invalid value: "CRON_TZ=UTC 0 * * * *": cannot use both timeZone field and TZ or CRON_TZ in schedule',
    ]);
  });

  it('refuses unknown, empty and Local time zones', () => {
    expect(messages(validateCronJob(cronJob({ timeZone: 'Mars/Olympus' })))).toEqual([
      'spec.timeZone: Invalid value: "Mars/Olympus": unknown time zone Mars/Olympus',
    ]);
    expect(messages(validateCronJob(cronJob({ timeZone: '' })))).toEqual([
      'spec.timeZone: Invalid value: "": timeZone must be nil or non-empty string',
    ]);
    expect(messages(validateCronJob(cronJob({ timeZone: 'Local' })))).toEqual([
      'spec.timeZone: Invalid value: "Local": timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones',
    ]);
    expect(messages(validateCronJob(cronJob({ timeZone: '../etc' })))).toEqual([
      'spec.timeZone: Invalid value: "../etc": unknown time zone ../etc',
    ]);
  });

  it('limits names to 52 characters on create only', () => {
    const long = 'a'.repeat(53);
    expect(messages(validateCronJob(cronJob({}, long)))).toEqual([
      `metadata.name: Invalid value: "${long}": must be no more than 52 characters`,
    ]);
    expect(validateCronJobUpdate(cronJob({}, long), cronJob({}, long))).toEqual([]);
    expect(validateCronJob(cronJob({}, 'a'.repeat(52)))).toEqual([]);
  });

  it('checks policy, deadlines and history limits', () => {
    expect(
      messages(
        validateCronJob(
          cronJob({
            concurrencyPolicy: 'Sometimes',
            startingDeadlineSeconds: -1,
            successfulJobsHistoryLimit: -1,
            failedJobsHistoryLimit: -2,
          }),
        ),
      ),
    ).toEqual([
      'spec.startingDeadlineSeconds: Invalid value: -1: must be greater than or equal to 0',
      'spec.concurrencyPolicy: Unsupported value: "Sometimes": supported values: "Allow", "Forbid", "Replace"',
      'spec.successfulJobsHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.failedJobsHistoryLimit: Invalid value: -2: must be greater than or equal to 0',
    ]);
  });

  it('validates the job template as a Job, without a selector', () => {
    const cj = cronJob();
    cj.spec!.jobTemplate!.spec!.template!.spec!.restartPolicy = 'Always';
    cj.spec!.jobTemplate!.spec!.backoffLimit = -1;
    cj.spec!.jobTemplate!.spec!.selector = { matchLabels: { a: 'b' } };
    cj.spec!.jobTemplate!.spec!.manualSelector = true;
    expect(messages(validateCronJob(cj))).toEqual([
      'spec.jobTemplate.spec.backoffLimit: Invalid value: -1: must be greater than or equal to 0',
      'spec.jobTemplate.spec.template.spec.restartPolicy: Unsupported value: "Always": supported values: "OnFailure", "Never"',
      'spec.jobTemplate.spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{"a":"b"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: `selector` will be auto-generated',
      'spec.jobTemplate.spec.manualSelector: Unsupported value: true: supported values: "nil", "false"',
    ]);
  });
});
