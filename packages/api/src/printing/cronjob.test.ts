import { describe, expect, it } from 'vitest';
import { cronJobPrinter } from './cronjob.js';

const now = new Date('2024-05-01T12:00:00Z');
const ago = (s: number) => new Date(now.getTime() - s * 1000).toISOString().replace(/\.\d+Z$/, 'Z');

describe('cronjobs printer', () => {
  it("has kubectl's columns, wide ones at priority 1", () => {
    expect(cronJobPrinter.columns.map((c) => [c.name, c.priority])).toEqual([
      ['Name', 0],
      ['Schedule', 0],
      ['Timezone', 0],
      ['Suspend', 0],
      ['Active', 0],
      ['Last Schedule', 0],
      ['Age', 0],
      ['Containers', 1],
      ['Images', 1],
      ['Selector', 1],
    ]);
  });

  it('prints schedule, zone, suspend, active count and the time since the last schedule', () => {
    const cj = {
      metadata: { name: 'hello', namespace: 'default', creationTimestamp: ago(3600) },
      spec: {
        schedule: '*/5 * * * *',
        timeZone: 'Europe/Berlin',
        suspend: false,
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'hello', image: 'busybox' }] } } } },
      },
      status: { active: [{ name: 'hello-1' }], lastScheduleTime: ago(90) },
    };
    expect(cronJobPrinter.cells(cj, now)).toEqual([
      'hello',
      '*/5 * * * *',
      'Europe/Berlin',
      'False',
      1,
      '90s',
      '60m',
      'hello',
      'busybox',
      '<none>',
    ]);
  });

  it('prints <none> for an unset zone and a CronJob never scheduled, <unset> for an absent suspend', () => {
    const cells = cronJobPrinter.cells({ metadata: { name: 'x', creationTimestamp: ago(10) }, spec: {} }, now);
    expect(cells.slice(2, 6)).toEqual(['<none>', '<unset>', 0, '<none>']);
  });
});
