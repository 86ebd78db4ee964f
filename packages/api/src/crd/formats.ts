/**
 * The string formats kube-apiserver checks in custom resources (apiextensions-apiserver's
 * supported formats, checked as kube-openapi's strfmt registry does). Other formats, int32,
 * int64, float and double among them, are stripped from the schema and never checked.
 */
import { isIP } from 'node:net';
import { base64CorruptOffset, parseGoDuration } from '@wheelhouse/machinery';

const HOSTNAME =
  /^([a-zA-Z0-9\p{S}\p{L}]((-?[a-zA-Z0-9\p{S}\p{L}]{0,62})?)|([a-zA-Z0-9\p{S}\p{L}](([a-zA-Z0-9-\p{S}\p{L}]{0,61}[a-zA-Z0-9\p{S}\p{L}])?)(\.)){1,}([a-zA-Z\p{L}]){2,63})$/u;
const UUID = /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i;
const uuidVersion = (v: string, variant: string) =>
  new RegExp(`^[0-9a-f]{8}-?[0-9a-f]{4}-?${v}[0-9a-f]{3}-?${variant}[0-9a-f]{3}-?[0-9a-f]{12}$`, 'i');
const MAC =
  /^(?:[0-9a-f]{2}(?:[:-][0-9a-f]{2}){5}|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){7}|[0-9a-f]{2}(?:[:-][0-9a-f]{2}){19}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){2}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){3}|[0-9a-f]{4}(?:\.[0-9a-f]{4}){9})$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4}-\d{2}-\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})?$/;
const SCALA_DURATION =
  /^\s*\d+\s*(ns|us|µs|ms|s|m|h|d|w|nanos?|nanoseconds?|micros?|microseconds?|millis?|milliseconds?|seconds?|minutes?|hours?|days?|weeks?)\s*$/i;

function isDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function isDateTime(s: string): boolean {
  const m = DATE_TIME.exec(s);
  if (!m || !isDate(m[1] ?? '')) return false;
  return Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60;
}

function isCIDR(s: string): boolean {
  const slash = s.indexOf('/');
  if (slash < 0) return false;
  const ip = s.slice(0, slash);
  const bits = s.slice(slash + 1);
  const family = isIP(ip);
  if (family === 0 || !/^\d{1,3}$/.test(bits)) return false;
  return Number(bits) <= (family === 4 ? 32 : 128);
}

const SCALA_UNIT_MS: Readonly<Record<string, number>> = {
  ns: 1e-6,
  nano: 1e-6,
  nanosecond: 1e-6,
  us: 1e-3,
  µs: 1e-3,
  micro: 1e-3,
  microsecond: 1e-3,
  ms: 1,
  milli: 1,
  millisecond: 1,
  s: 1000,
  second: 1000,
  m: 60_000,
  minute: 60_000,
  h: 3_600_000,
  hour: 3_600_000,
  d: 86_400_000,
  day: 86_400_000,
  w: 604_800_000,
  week: 604_800_000,
};

/**
 * A `duration`-format string's length in milliseconds, as strfmt.ParseDuration reads it (Go's
 * time.ParseDuration, else `<n> <unit>` with units up to weeks); undefined when it is none.
 */
export function parseFormatDuration(s: string): number | undefined {
  try {
    return parseGoDuration(s);
  } catch {
    const m = SCALA_DURATION.exec(s);
    if (!m) return undefined;
    const unit = (m[1] ?? '').toLowerCase();
    return Number(/\d+/.exec(s)?.[0]) * (SCALA_UNIT_MS[unit] ?? SCALA_UNIT_MS[unit.replace(/s$/, '')] ?? NaN);
  }
}

const isDuration = (s: string): boolean => parseFormatDuration(s) !== undefined;

function isRequestURI(s: string): boolean {
  if (s.startsWith('/')) return true;
  try {
    return new URL(s).protocol.length > 1;
  } catch {
    return false;
  }
}

function luhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) d = d * 2 > 9 ? d * 2 - 9 : d * 2;
    sum += d;
  }
  return sum % 10 === 0;
}

function isISBN10(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!/^\d{9}[\dX]$/.test(d)) return false;
  const sum = [...d].reduce((acc, ch, i) => acc + (ch === 'X' ? 10 : Number(ch)) * (10 - i), 0);
  return sum % 11 === 0;
}

function isISBN13(s: string): boolean {
  const d = s.replace(/[\s-]/g, '');
  if (!/^\d{13}$/.test(d)) return false;
  const sum = [...d].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0);
  return sum % 10 === 0;
}

const CHECKS: Readonly<Record<string, (s: string) => boolean>> = {
  bsonobjectid: (s) => /^[0-9a-f]{24}$/i.test(s),
  uri: isRequestURI,
  email: (s) => /^[^\s@<>]+@[^\s@<>]+$/.test(s),
  hostname: (s) => HOSTNAME.test(s) && s.length <= 255 && s.split('.').every((p) => p.length <= 63),
  ipv4: (s) => isIP(s) !== 0 && s.includes('.'),
  ipv6: (s) => isIP(s) === 6,
  cidr: isCIDR,
  mac: (s) => MAC.test(s),
  uuid: (s) => UUID.test(s),
  uuid3: (s) => uuidVersion('3', '[0-9a-f]').test(s),
  uuid4: (s) => uuidVersion('4', '[89ab]').test(s),
  uuid5: (s) => uuidVersion('5', '[89ab]').test(s),
  isbn: (s) => isISBN10(s) || isISBN13(s),
  isbn10: isISBN10,
  isbn13: isISBN13,
  creditcard: (s) => {
    const d = s.replace(/\D/g, '');
    return d.length >= 12 && d.length <= 19 && luhn(d);
  },
  ssn: (s) => /^\d{3}[- ]?\d{2}[- ]?\d{4}$/.test(s),
  hexcolor: (s) => /^#?([0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(s),
  rgbcolor: (s) => /^rgb\(\s*(\d{1,3})\s*,\s*(\d{1,3})\s*,\s*(\d{1,3})\s*\)$/.test(s),
  byte: (s) => base64CorruptOffset(s) === undefined,
  password: () => true,
  date: isDate,
  duration: isDuration,
  datetime: isDateTime,
};

/** True when kube-apiserver checks `format` (go-openapi's name normalization drops dashes: date-time is datetime). */
export function isCheckedFormat(format: string | undefined): boolean {
  return format !== undefined && format.replaceAll('-', '') in CHECKS;
}

/** True when `value` has `format`; formats kube does not check always hold. */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[format.replaceAll('-', '')];
  return check === undefined || check(value);
}
