/**
 * IANA time zones for cron schedules, on Node's Intl (ICU) database: the offset in effect at
 * an instant, the wall-clock fields of an instant, and Go's time.Date (wall clock to instant,
 * with Go's choice in DST gaps and overlaps), which robfig/cron's Next relies on.
 */
import { machineryError } from '../errors.js';

/** Wall-clock fields of an instant in a zone (month 1-12, weekday 0 = Sunday). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

const FIELDS = ['year', 'month', 'day', 'hour', 'minute', 'second'] as const;

/** A time zone: UTC, or an IANA zone read through Intl. */
export class TimeZone {
  private readonly format: Intl.DateTimeFormat | undefined;

  /**
   * `name` as Go's LoadLocation was given it, read through `format` (undefined: UTC). Use
   * {@link loadTimeZone} rather than this.
   */
  constructor(
    readonly name: string,
    format: Intl.DateTimeFormat | undefined,
  ) {
    this.format = format;
  }

  /** Coordinated Universal Time. */
  static readonly UTC = new TimeZone('UTC', undefined);

  /** Milliseconds to add to UTC to get the wall clock at instant `ms`. */
  offsetAt(ms: number): number {
    if (!this.format) return 0;
    const whole = Math.floor(ms / 1000) * 1000;
    const parts: Record<string, number> = {};
    for (const p of this.format.formatToParts(whole)) if (p.type !== 'literal') parts[p.type] = Number(p.value);
    const wall = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
    return wall - whole;
  }

  /** The wall-clock fields of instant `ms` in this zone. */
  wall(ms: number): WallClock {
    const d = new Date(ms + this.offsetAt(ms));
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
      weekday: d.getUTCDay(),
    };
  }

  /**
   * Go's time.Date in this zone: out-of-range fields normalize (month 13 is January of the
   * next year); a wall time that happens twice or never takes the offset in effect at the
   * wall time read as UTC, unless that instant lies outside it, then the offset there.
   */
  date(year: number, month: number, day: number, hour: number, minute: number, second: number): number {
    const wall = Date.UTC(year, month - 1, day, hour, minute, second);
    const guess = this.offsetAt(wall);
    const utc = wall - guess;
    const actual = this.offsetAt(utc);
    return actual === guess ? utc : wall - actual;
  }
}

function intlZone(name: string): Intl.DateTimeFormat | undefined {
  try {
    return new Intl.DateTimeFormat('en-US', {
      timeZone: name,
      hourCycle: 'h23',
      ...Object.fromEntries(FIELDS.map((f) => [f, 'numeric'])),
    });
  } catch {
    return undefined;
  }
}

let canonicalByLower: Map<string, string> | undefined;

/** Intl matches zone names case-insensitively; Go's tz database does not. */
function wrongCase(name: string): boolean {
  canonicalByLower ??= new Map(Intl.supportedValuesOf('timeZone').map((z) => [z.toLowerCase(), z]));
  const canonical = canonicalByLower.get(name.toLowerCase());
  return canonical !== undefined && canonical !== name;
}

/**
 * Go's time.LoadLocation: "" and "UTC" are UTC, "Local" the process's zone, anything else an
 * IANA name (case-sensitive). Throws TimeZoneUnknown (`unknown time zone X`) otherwise.
 */
export function loadTimeZone(name: string): TimeZone {
  if (name === '' || name === 'UTC') return TimeZone.UTC;
  if (name === 'Local') return localTimeZone();
  const format = /^[A-Za-z0-9._+\-/]+$/.test(name) && !wrongCase(name) ? intlZone(name) : undefined;
  if (!format) throw machineryError('TimeZoneUnknown', name);
  return new TimeZone(name, format);
}

let local: TimeZone | undefined;

/** The process's own zone (TZ or the system's), UTC when Intl cannot name it. */
export function localTimeZone(): TimeZone {
  if (!local) {
    const name = Intl.DateTimeFormat().resolvedOptions().timeZone;
    const format = name && name !== 'UTC' ? intlZone(name) : undefined;
    local = format ? new TimeZone(name, format) : TimeZone.UTC;
  }
  return local;
}
