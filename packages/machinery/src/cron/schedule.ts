/**
 * When a parsed cron schedule fires next, exactly as robfig/cron v3 computes it (which is what
 * kube-controller-manager's CronJob controller uses): field by field in the schedule's zone,
 * hours and smaller steps in absolute time, so across a DST change a wall time that does not
 * exist is skipped and one that happens twice fires twice.
 */
import type { TimeZone } from './zone.js';

/** The bit robfig sets on a field written `*` or `?`: day-of-month and day-of-week then AND, else OR. */
export const STAR = 1n << 63n;

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** A schedule: the first activation strictly after an instant. */
export interface CronSchedule {
  /** The next activation after `ms` (epoch ms, whole seconds), or undefined when none comes within five years. */
  next(ms: number): number | undefined;
}

/** The bit sets of each field (bit n set: value n matches). */
export interface CronFields {
  second: bigint;
  minute: bigint;
  hour: bigint;
  dom: bigint;
  month: bigint;
  dow: bigint;
}

const has = (set: bigint, n: number): boolean => ((set >> BigInt(n)) & 1n) === 1n;

/** A five-field schedule (robfig's SpecSchedule) in a zone. */
export class SpecSchedule implements CronSchedule {
  /** The fields as parsed, in `zone`. */
  constructor(
    readonly fields: CronFields,
    readonly zone: TimeZone,
  ) {}

  private dayMatches(dom: number, dow: number): boolean {
    const f = this.fields;
    const domMatch = has(f.dom, dom);
    const dowMatch = has(f.dow, dow);
    if ((f.dom & STAR) !== 0n || (f.dow & STAR) !== 0n) return domMatch && dowMatch;
    return domMatch || dowMatch;
  }

  /** See {@link CronSchedule.next}. */
  next(from: number): number | undefined {
    const z = this.zone;
    const f = this.fields;
    // The earliest possible time: the next whole second.
    let t = Math.floor(from / SECOND) * SECOND + SECOND;
    let added = false;
    const yearLimit = z.wall(t).year + 5;
    wrap: for (;;) {
      let w = z.wall(t);
      if (w.year > yearLimit) return undefined;
      while (!has(f.month, w.month)) {
        if (!added) {
          added = true;
          t = z.date(w.year, w.month, 1, 0, 0, 0);
          w = z.wall(t);
        }
        t = z.date(w.year, w.month + 1, w.day, w.hour, w.minute, w.second);
        w = z.wall(t);
        if (w.month === 1) continue wrap;
      }
      while (!this.dayMatches(w.day, w.weekday)) {
        if (!added) {
          added = true;
          t = z.date(w.year, w.month, w.day, 0, 0, 0);
          w = z.wall(t);
        }
        t = z.date(w.year, w.month, w.day + 1, w.hour, w.minute, w.second);
        w = z.wall(t);
        // Back to midnight when a DST change moved the hour.
        if (w.hour !== 0) {
          t += (w.hour > 12 ? 24 - w.hour : -w.hour) * HOUR;
          w = z.wall(t);
        }
        if (w.day === 1) continue wrap;
      }
      while (!has(f.hour, w.hour)) {
        if (!added) {
          added = true;
          t = z.date(w.year, w.month, w.day, w.hour, 0, 0);
        }
        t += HOUR;
        w = z.wall(t);
        if (w.hour === 0) continue wrap;
      }
      while (!has(f.minute, w.minute)) {
        if (!added) {
          added = true;
          t = Math.floor(t / MINUTE) * MINUTE;
        }
        t += MINUTE;
        w = z.wall(t);
        if (w.minute === 0) continue wrap;
      }
      while (!has(f.second, w.second)) {
        if (!added) {
          added = true;
          t = Math.floor(t / SECOND) * SECOND;
        }
        t += SECOND;
        w = z.wall(t);
        if (w.second === 0) continue wrap;
      }
      return t;
    }
  }
}

/** `@every <duration>` (robfig's ConstantDelaySchedule): whole seconds, at least one. */
export class EverySchedule implements CronSchedule {
  /** The delay in ms, rounded down to whole seconds, at least one second. */
  readonly delay: number;

  /** A schedule firing every `ms` (see {@link EverySchedule.delay}). */
  constructor(ms: number) {
    this.delay = ms < SECOND ? SECOND : ms - (ms % SECOND);
  }

  /** See {@link CronSchedule.next}. */
  next(from: number): number {
    return Math.floor(from / SECOND) * SECOND + this.delay;
  }
}
