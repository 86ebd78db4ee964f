/** The cronjobs printer (kubectl's printCronJob columns, computed server-side). */
import { formatLabelSelector } from '@wheelhouse/machinery';
import type { CronJob } from '../schema/batch-v1-cronjob.js';
import { timestampSince } from './duration.js';
import { age, ageColumn, column, nameColumn, type TablePrinter } from './table.js';
import { CONTAINERS, containerCells, IMAGES } from './workloads.js';

const TIME_ZONE_DESCRIPTION =
  'The time zone name for the given schedule, see https://en.wikipedia.org/wiki/List_of_tz_database_time_zones. ' +
  'If not specified, this will default to the time zone of the kube-controller-manager process.';

/** `True`/`False`, or `<unset>` for an absent flag (kubectl's printBoolPtr). */
function boolCell(value: boolean | undefined): string {
  if (value === undefined) return '<unset>';
  return value ? 'True' : 'False';
}

/**
 * The cronjobs printer: NAME SCHEDULE TIMEZONE SUSPEND ACTIVE LAST SCHEDULE AGE
 * (wide: CONTAINERS IMAGES SELECTOR); `<none>` for an unset time zone or a CronJob never scheduled.
 */
export const cronJobPrinter: TablePrinter<CronJob> = {
  columns: [
    nameColumn(),
    column('Schedule', 'string', 'The schedule in Cron format, see https://en.wikipedia.org/wiki/Cron.'),
    column('Timezone', 'string', TIME_ZONE_DESCRIPTION),
    column(
      'Suspend',
      'boolean',
      'This flag tells the controller to suspend subsequent executions, it does not apply to already started executions. Defaults to false.',
    ),
    column('Active', 'integer', 'A list of pointers to currently running jobs.'),
    column('Last Schedule', 'string', 'Information when was the last time the job was successfully scheduled.'),
    ageColumn(),
    CONTAINERS,
    IMAGES,
    column(
      'Selector',
      'string',
      'A label query over pods that should match the pod count. Normally, the system sets this field for you.',
      1,
    ),
  ],
  cells: (cj, now) => [
    cj.metadata?.name ?? '',
    cj.spec?.schedule ?? '',
    cj.spec?.timeZone ?? '<none>',
    boolCell(cj.spec?.suspend),
    (cj.status?.active ?? []).length,
    cj.status?.lastScheduleTime ? timestampSince(cj.status.lastScheduleTime, now) : '<none>',
    age(cj.metadata, now),
    ...containerCells(cj.spec?.jobTemplate?.spec?.template?.spec?.containers),
    formatLabelSelector(cj.spec?.jobTemplate?.spec?.selector),
  ],
};
