/**
 * Parsing of quantity strings, a port of resource.ParseQuantity: the same scanner, the same
 * suffix table, the same rounding (values finer than 1n round up, away from zero), the same
 * BinarySI cap at 2^63-1, and the same rule for when the input text is kept as the printed
 * form (it is already canonical).
 */
import { machineryError } from './errors.js';
import { Quantity, type QuantityFormat } from './quantity.js';

const MAX_INT64 = 2n ** 63n - 1n;
const NANO = -9;
/** Decimal digits an int64 always holds (Kubernetes' maxInt64Factors). */
const MAX_INT64_FACTORS = 18;
const INT32_MAX = 2 ** 31 - 1;

interface Scanned {
  readonly positive: boolean;
  readonly value: string;
  readonly num: string;
  readonly denom: string;
  readonly suffix: string;
}

interface Suffix {
  readonly base: 2 | 10;
  readonly exponent: number;
  readonly format: QuantityFormat;
}

const SUFFIXES: ReadonlyMap<string, Suffix> = new Map<string, Suffix>([
  ['', { base: 10, exponent: 0, format: 'DecimalSI' }],
  ['n', { base: 10, exponent: -9, format: 'DecimalSI' }],
  ['u', { base: 10, exponent: -6, format: 'DecimalSI' }],
  ['m', { base: 10, exponent: -3, format: 'DecimalSI' }],
  ['k', { base: 10, exponent: 3, format: 'DecimalSI' }],
  ['M', { base: 10, exponent: 6, format: 'DecimalSI' }],
  ['G', { base: 10, exponent: 9, format: 'DecimalSI' }],
  ['T', { base: 10, exponent: 12, format: 'DecimalSI' }],
  ['P', { base: 10, exponent: 15, format: 'DecimalSI' }],
  ['E', { base: 10, exponent: 18, format: 'DecimalSI' }],
  ['Ki', { base: 2, exponent: 10, format: 'BinarySI' }],
  ['Mi', { base: 2, exponent: 20, format: 'BinarySI' }],
  ['Gi', { base: 2, exponent: 30, format: 'BinarySI' }],
  ['Ti', { base: 2, exponent: 40, format: 'BinarySI' }],
  ['Pi', { base: 2, exponent: 50, format: 'BinarySI' }],
  ['Ei', { base: 2, exponent: 60, format: 'BinarySI' }],
]);

function isDigit(ch: string | undefined): boolean {
  return ch !== undefined && ch >= '0' && ch <= '9';
}

/** Index of the first position at or after `from` whose character fails `test` (or the end). */
function skip(str: string, from: number, test: (ch: string | undefined) => boolean): number {
  let i = from;
  while (i < str.length && test(str[i])) i++;
  return i;
}

/** Splits `str` into sign, number and suffix as parseQuantityString; throws QuantityFormat. */
function scan(str: string): Scanned {
  const positive = str[0] !== '-';
  const start = str[0] === '-' || str[0] === '+' ? 1 : 0;
  const numStart = skip(str, start, (ch) => ch === '0');
  if (numStart >= str.length) return { positive, value: '0', num: '0', denom: '', suffix: '' };
  const numEnd = skip(str, numStart, isDigit);
  const num = numEnd > numStart ? str.slice(numStart, numEnd) : '0';
  if (numEnd >= str.length) return { positive, value: str, num, denom: '', suffix: '' };
  let pos = numEnd;
  let denom = '';
  if (str[pos] === '.') {
    const denomEnd = skip(str, pos + 1, isDigit);
    denom = str.slice(pos + 1, denomEnd);
    if (denomEnd >= str.length) return { positive, value: str, num, denom, suffix: '' };
    pos = denomEnd;
  }
  return { positive, value: str.slice(0, pos), num, denom, suffix: scanSuffix(str, pos) };
}

function scanSuffix(str: string, from: number): string {
  let pos = skip(str, from, (ch) => ch !== undefined && 'eEinumkKMGTP'.includes(ch));
  if (str[pos] === '-' || str[pos] === '+') pos++;
  if (skip(str, pos, isDigit) < str.length) throw machineryError('QuantityFormat');
  return str.slice(from);
}

/** The base, exponent and format a suffix stands for, as the suffixer's interpret; throws QuantitySuffix. */
function interpretSuffix(suffix: string): Suffix {
  const known = SUFFIXES.get(suffix);
  if (known !== undefined) return known;
  const exponent = /^[eE][+-]?[0-9]+$/.test(suffix) ? Number(suffix.slice(1)) : NaN;
  // Go truncates the exponent to int32; out-of-range exponents are refused here instead.
  if (!Number.isSafeInteger(exponent) || Math.abs(exponent) > INT32_MAX) throw machineryError('QuantitySuffix');
  return { base: 10, exponent, format: 'DecimalExponent' };
}

/**
 * Kubernetes keeps the input text as the printed form when it is already canonical: for
 * decimal suffixes a multiple-of-3 exponent, no trailing "000" and no leading zero digit;
 * for binary suffixes a mantissa that is not a multiple of 8.
 */
function keepsText(suffix: Suffix, scale: number, shifted: string, value: bigint): boolean {
  if (suffix.format === 'BinarySI') return suffix.exponent % 10 === 0 && (value & 7n) !== 0n;
  return scale % 3 === 0 && !shifted.endsWith('000') && shifted[0] !== '0';
}

/** The int64 fast path of ParseQuantity; undefined where Kubernetes falls back to big decimals. */
function parseFast(str: string, s: Scanned, suffix: Suffix): Quantity | undefined {
  const binary = suffix.format === 'BinarySI';
  if (binary && s.denom.length > 0) return undefined;
  const precision = binary
    ? 15 - s.num.length - Math.trunc((suffix.exponent * 3) / 10) - 1
    : MAX_INT64_FACTORS - (s.num.length + s.denom.length);
  const scale = (binary ? 0 : suffix.exponent) - s.denom.length;
  if (precision < 0 || scale < NANO) return undefined;
  const shifted = s.num + s.denom;
  const value = BigInt(shifted);
  const result = value * (binary ? 2n ** BigInt(suffix.exponent) : 1n);
  if (result > MAX_INT64) return undefined;
  const text = keepsText(suffix, scale, shifted, value) ? str : undefined;
  return new Quantity(s.positive ? result : -result, scale, suffix.format, text);
}

/** The exact value of the numeric part (`-1.50`), as unscaled digits and a power of ten. */
function exactNumber(value: string): [bigint, number] {
  const match = /^([+-]?)([0-9]*)(?:\.([0-9]*))?$/.exec(value);
  const digits = (match?.[2] ?? '') + (match?.[3] ?? '');
  if (match === null || digits.length === 0) throw machineryError('QuantityNumeric');
  const magnitude = BigInt(digits);
  return [match[1] === '-' ? -magnitude : magnitude, -(match[3] ?? '').length];
}

/** Rounds a non-zero magnitude up to a multiple of 1n (10^-9). */
function roundUpToNano(magnitude: bigint, exponent: number): [bigint, number] {
  if (magnitude === 0n || exponent >= NANO) return [magnitude, exponent];
  const shift = NANO - exponent;
  if (magnitude.toString().length <= shift) return [1n, NANO];
  const divisor = 10n ** BigInt(shift);
  const rounded = magnitude / divisor + (magnitude % divisor === 0n ? 0n : 1n);
  return [rounded, NANO];
}

/** The big-decimal path of ParseQuantity: exact value, rounded up to 1n, BinarySI capped at 2^63-1. */
function parseSlow(s: Scanned, suffix: Suffix): Quantity {
  let [unscaled, exponent] = exactNumber(s.value);
  if (suffix.base === 10) exponent += suffix.exponent;
  else unscaled *= 2n ** BigInt(suffix.exponent);
  const negative = unscaled < 0n;
  let [magnitude, exp] = roundUpToNano(negative ? -unscaled : unscaled, exponent);
  let format = suffix.format;
  if (format === 'BinarySI') {
    if (exceedsInt64(magnitude, exp)) [magnitude, exp] = [MAX_INT64, 0];
    if (magnitude !== 0n && lessThanOne(magnitude, exp)) format = 'DecimalSI';
  }
  return new Quantity(negative ? -magnitude : magnitude, exp, format);
}

function exceedsInt64(magnitude: bigint, exp: number): boolean {
  if (exp >= 0) return exp > 19 ? magnitude > 0n : magnitude * 10n ** BigInt(exp) > MAX_INT64;
  return magnitude > MAX_INT64 * 10n ** BigInt(-exp);
}

function lessThanOne(magnitude: bigint, exp: number): boolean {
  return exp < 0 && magnitude < 10n ** BigInt(-exp);
}

/**
 * Parses a Kubernetes quantity (`100m`, `1Gi`, `1.5`, `1e3`, `500Mi`, `-2k`). The result
 * remembers its suffix family (DecimalSI, BinarySI, DecimalExponent) and prints canonically.
 * Throws MachineryError `QuantityFormat`, `QuantityNumeric` or `QuantitySuffix` with
 * Kubernetes' texts. No whitespace is trimmed.
 */
export function parseQuantity(str: string): Quantity {
  if (str.length === 0) throw machineryError('QuantityFormat');
  if (str === '0') return new Quantity(0n, 0, 'DecimalSI', '0');
  const scanned = scan(str);
  const suffix = interpretSuffix(scanned.suffix);
  return parseFast(str, scanned, suffix) ?? parseSlow(scanned, suffix);
}

/** parseQuantity for text known to be valid (tests, constants); throws `cannot parse '<str>': <reason>` otherwise. */
export function mustParseQuantity(str: string): Quantity {
  try {
    return parseQuantity(str);
  } catch (err) {
    throw new Error(`cannot parse '${str}': ${(err as Error).message}`, { cause: err });
  }
}
