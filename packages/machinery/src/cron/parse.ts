/**
 * Cron schedules as Kubernetes parses CronJob schedules (robfig/cron v3's ParseStandard):
 * five fields (minute hour day-of-month month day-of-week) of `*`, `?`, numbers, names
 * (JAN-DEC, SUN-SAT, any case), ranges `a-b`, steps `x/n`, lists `a,b`; the descriptors
 * @yearly @annually @monthly @weekly @daily @midnight @hourly and `@every <Go duration>`;
 * an optional `TZ=<zone> ` or `CRON_TZ=<zone> ` prefix. Errors carry robfig's messages.
 */
import { isMachineryError, machineryError } from '../errors.js';
import { parseGoDuration } from '../duration.js';
import { goQuote } from '../goformat.js';
import { EverySchedule, SpecSchedule, STAR, type CronSchedule } from './schedule.js';
import { localTimeZone, loadTimeZone, type TimeZone } from './zone.js';

interface Bounds {
  min: number;
  max: number;
  names?: Readonly<Record<string, number>>;
}

const MONTH_NAMES = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DOW_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

const MINUTES: Bounds = { min: 0, max: 59 };
const HOURS: Bounds = { min: 0, max: 23 };
const DOM: Bounds = { min: 1, max: 31 };
const MONTHS: Bounds = { min: 1, max: 12, names: Object.fromEntries(MONTH_NAMES.map((n, i) => [n, i + 1])) };
const DOW: Bounds = { min: 0, max: 6, names: Object.fromEntries(DOW_NAMES.map((n, i) => [n, i])) };

/** Bits min..max every `step` (robfig's getBits). */
function bits(min: number, max: number, step: number): bigint {
  let out = 0n;
  for (let i = min; i <= max; i += step) out |= 1n << BigInt(i);
  return out;
}

const all = (b: Bounds): bigint => bits(b.min, b.max, 1) | STAR;

/** Go's strconv.Atoi, then robfig's non-negative check. */
function parseUint(expr: string): number {
  if (!/^[+-]?\d+$/.test(expr)) {
    throw machineryError('CronParseInt', expr, `strconv.Atoi: parsing ${goQuote(expr)}: invalid syntax`);
  }
  const n = Number(expr);
  if (!Number.isSafeInteger(n) && Math.abs(n) >= 2 ** 63) {
    throw machineryError('CronParseInt', expr, `strconv.Atoi: parsing ${goQuote(expr)}: value out of range`);
  }
  if (n < 0) throw machineryError('CronNegative', n, expr);
  return n;
}

function parseIntOrName(expr: string, b: Bounds): number {
  const named = b.names?.[expr.toLowerCase()];
  return named ?? parseUint(expr);
}

/** One comma-separated piece: `*`, `?`, `n`, `a-b`, each optionally `/step` (robfig's getRange). */
function parseRange(expr: string, b: Bounds): bigint {
  const rangeAndStep = expr.split('/');
  const lowAndHigh = rangeAndStep[0]!.split('-');
  let start: number;
  let end: number;
  let extra = 0n;
  if (lowAndHigh[0] === '*' || lowAndHigh[0] === '?') {
    [start, end, extra] = [b.min, b.max, STAR];
  } else {
    start = parseIntOrName(lowAndHigh[0]!, b);
    if (lowAndHigh.length > 2) throw machineryError('CronTooManyHyphens', expr);
    end = lowAndHigh.length === 2 ? parseIntOrName(lowAndHigh[1]!, b) : start;
  }
  let step = 1;
  if (rangeAndStep.length > 2) throw machineryError('CronTooManySlashes', expr);
  if (rangeAndStep.length === 2) {
    step = parseUint(rangeAndStep[1]!);
    // "N/step" means "N-max/step".
    if (lowAndHigh.length === 1) end = b.max;
    if (step > 1) extra = 0n;
  }
  if (start < b.min) throw machineryError('CronBelowMinimum', start, b.min, expr);
  if (end > b.max) throw machineryError('CronAboveMaximum', end, b.max, expr);
  if (start > end) throw machineryError('CronRangeInverted', start, end, expr);
  if (step === 0) throw machineryError('CronZeroStep', expr);
  return bits(start, end, step) | extra;
}

/** A whole field: comma-separated ranges, empty pieces ignored (robfig's getField). */
function parseField(field: string, b: Bounds): bigint {
  let out = 0n;
  for (const expr of field.split(',').filter((e) => e !== '')) out |= parseRange(expr, b);
  return out;
}

function parseDescriptor(spec: string, zone: TimeZone): CronSchedule {
  const midnight = { second: 1n, minute: 1n, hour: 1n };
  const every = { dom: all(DOM), month: all(MONTHS), dow: all(DOW) };
  switch (spec) {
    case '@yearly':
    case '@annually':
      return new SpecSchedule({ ...midnight, ...every, dom: 1n << 1n, month: 1n << 1n }, zone);
    case '@monthly':
      return new SpecSchedule({ ...midnight, ...every, dom: 1n << 1n }, zone);
    case '@weekly':
      return new SpecSchedule({ ...midnight, ...every, dow: 1n }, zone);
    case '@daily':
    case '@midnight':
      return new SpecSchedule({ ...midnight, ...every }, zone);
    case '@hourly':
      return new SpecSchedule({ ...midnight, ...every, hour: all(HOURS) }, zone);
  }
  if (spec.startsWith('@every ')) {
    try {
      return new EverySchedule(parseGoDuration(spec.slice('@every '.length)));
    } catch (err) {
      if (isMachineryError(err)) throw machineryError('CronEveryDuration', spec, err.message);
      throw err;
    }
  }
  throw machineryError('CronDescriptor', spec);
}

function splitZone(spec: string, zone: TimeZone): [string, TimeZone] {
  if (!spec.startsWith('TZ=') && !spec.startsWith('CRON_TZ=')) return [spec, zone];
  const space = spec.indexOf(' ') < 0 ? spec.length : spec.indexOf(' ');
  const name = spec.slice(spec.indexOf('=') + 1, space);
  try {
    return [spec.slice(space).trim(), loadTimeZone(name)];
  } catch (err) {
    if (isMachineryError(err)) throw machineryError('CronBadLocation', name, err.message);
    throw err;
  }
}

/**
 * Parses a standard cron spec (see the module comment), in `zone` unless the spec names
 * one (default: the process's zone, as robfig's time.Local). Throws a MachineryError with
 * robfig's message (e.g. `expected exactly 5 fields, found 1: [foo]`).
 */
export function parseCronSchedule(input: string, zone: TimeZone = localTimeZone()): CronSchedule {
  if (input.length === 0) throw machineryError('CronEmptySpec');
  const [spec, where] = splitZone(input, zone);
  if (spec.startsWith('@')) return parseDescriptor(spec, where);
  const fields = spec.split(/\s+/).filter((f) => f !== '');
  if (fields.length !== 5) throw machineryError('CronFieldCount', 5, fields.length, `[${fields.join(' ')}]`);
  const [minute, hour, dom, month, dow] = fields as [string, string, string, string, string];
  return new SpecSchedule(
    {
      second: 1n,
      minute: parseField(minute, MINUTES),
      hour: parseField(hour, HOURS),
      dom: parseField(dom, DOM),
      month: parseField(month, MONTHS),
      dow: parseField(dow, DOW),
    },
    where,
  );
}
