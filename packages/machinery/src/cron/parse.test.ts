// Schedules robfig/cron v3's ParseStandard refuses, with its messages (what the API server
// reports for a CronJob's spec.schedule), and time-zone names Go's LoadLocation refuses.
import { describe, expect, it } from 'vitest';
import { isMachineryError } from '../errors.js';
import { parseCronSchedule } from './parse.js';
import { TimeZone, loadTimeZone } from './zone.js';

describe('parseCronSchedule errors', () => {
  it.each([
    ['', 'empty spec string'],
    ['xyz', 'expected exactly 5 fields, found 1: [xyz]'],
    ['* * * *', 'expected exactly 5 fields, found 4: [* * * *]'],
    ['0 0 * * * *', 'expected exactly 5 fields, found 6: [0 0 * * * *]'],
    ['60 0 * * *', 'end of range (60) above maximum (59): 60'],
    ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
    ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
    ['0 0 * 13 *', 'end of range (13) above maximum (12): 13'],
    ['0 0 * * 7', 'end of range (7) above maximum (6): 7'],
    ['0 0 * * XYZ', 'failed to parse int from XYZ: strconv.Atoi: parsing "XYZ": invalid syntax'],
    ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'],
    ['1-2-3 * * * *', 'too many hyphens: 1-2-3'],
    ['*/5/2 * * * *', 'too many slashes: */5/2'],
    ['15/0 * * * *', 'step of range should be a positive number: 15/0'],
    ['-1 * * * *', 'failed to parse int from : strconv.Atoi: parsing "": invalid syntax'],
    ['@fortnightly', 'unrecognized descriptor: @fortnightly'],
    ['@every x', 'failed to parse duration @every x: time: invalid duration "x"'],
    ['TZ=Mars/Olympus 0 * * * *', 'provided bad location Mars/Olympus: unknown time zone Mars/Olympus'],
  ])('%j: %s', (spec, message) => {
    let caught: unknown;
    try {
      parseCronSchedule(spec, TimeZone.UTC);
    } catch (err) {
      caught = err;
    }
    expect(isMachineryError(caught)).toBe(true);
    expect((caught as Error).message).toBe(message);
  });

  it.each(['*/1 * * * *', '0 0 1 1 *', '? ? ? ? ?', '@every 1h30m', '0 12 * JAN-dec SUN,sat', '1,,2 * * * *'])(
    'accepts %j',
    (spec) => {
      expect(() => parseCronSchedule(spec, TimeZone.UTC)).not.toThrow();
    },
  );
});

describe('loadTimeZone', () => {
  it.each(['America/New_York', 'Europe/Berlin', 'Asia/Kolkata', 'UTC', 'Etc/GMT+5', ''])('loads %j', (name) => {
    expect(() => loadTimeZone(name)).not.toThrow();
  });

  it.each(['Mars/Olympus', 'america/new_york', 'Not a zone', '../etc/passwd'])('refuses %j', (name) => {
    expect(() => loadTimeZone(name)).toThrow(`unknown time zone ${name}`);
  });

  it('reads offsets and wall clocks across a DST change', () => {
    const ny = loadTimeZone('America/New_York');
    expect(ny.offsetAt(Date.parse('2012-03-11T06:59:59Z'))).toBe(-5 * 3_600_000);
    expect(ny.offsetAt(Date.parse('2012-03-11T07:00:00Z'))).toBe(-4 * 3_600_000);
    expect(ny.wall(Date.parse('2012-03-11T07:00:00Z'))).toMatchObject({ hour: 3, day: 11, weekday: 0 });
  });
});
