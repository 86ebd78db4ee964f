/**
 * Kubernetes resource quantities (`100m`, `1Gi`, `1.5`, `1e3`): an exact decimal with the
 * suffix family it was written in, printed in Kubernetes' canonical form. Arithmetic is
 * exact (bigint mantissa times a power of ten); nothing is ever a float. Parsing lives in
 * quantity-parse.ts.
 */

/** How a quantity is printed: `12e6`, `12Mi` (powers of 1024) or `12M` (powers of 1000). */
export type QuantityFormat = 'DecimalExponent' | 'BinarySI' | 'DecimalSI';

const DECIMAL_SUFFIXES: ReadonlyMap<number, string> = new Map([
  [-9, 'n'],
  [-6, 'u'],
  [-3, 'm'],
  [0, ''],
  [3, 'k'],
  [6, 'M'],
  [9, 'G'],
  [12, 'T'],
  [15, 'P'],
  [18, 'E'],
]);
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'] as const;
/** Past this many integer digits a float64 is infinite. */
const MAX_FLOAT_DIGITS = 310;

function pow10(n: number): bigint {
  return 10n ** BigInt(n);
}

function absBig(n: bigint): bigint {
  return n < 0n ? -n : n;
}

/** Divides by a positive divisor rounding away from zero, and says whether it was exact. */
function divideAwayFromZero(n: bigint, divisor: bigint): [bigint, boolean] {
  const q = n / divisor;
  const exact = n % divisor === 0n;
  if (exact) return [q, true];
  return [n < 0n ? q - 1n : q + 1n, false];
}

/**
 * An immutable resource quantity: the value `unscaled * 10^exponent`, the format it prints
 * in, and (when it was parsed already in canonical form) the text it was parsed from, which
 * Kubernetes prints back unchanged.
 */
export class Quantity {
  readonly unscaled: bigint;
  readonly exponent: number;
  readonly format: QuantityFormat;
  private readonly text: string | undefined;

  /** Builds a quantity from its parts; prefer parseQuantity, newQuantity or newMilliQuantity. */
  constructor(unscaled: bigint, exponent: number, format: QuantityFormat, text?: string) {
    this.unscaled = unscaled;
    this.exponent = unscaled === 0n ? 0 : exponent;
    this.format = format;
    this.text = text;
    Object.freeze(this);
  }

  /**
   * The text this quantity was parsed from, when parsing kept it as the printed form
   * because it was already canonical (Go's cached `s`); undefined otherwise.
   */
  get parsedText(): string | undefined {
    return this.text;
  }

  /** The canonical string Kubernetes prints: `1500m` for 1.5, `1536Mi` for 1.5Gi, `0` for zero. */
  toString(): string {
    return this.text ?? canonicalString(this);
  }

  /** Serialises as the canonical string, as Quantity.MarshalJSON. */
  toJSON(): string {
    return this.toString();
  }

  /**
   * -1, 0 or 1 as this is less than, equal to or greater than `other` (exact). Values of
   * different orders of magnitude are decided without expanding their exponents.
   */
  cmp(other: Quantity): -1 | 0 | 1 {
    const [sa, sb] = [this.sign(), other.sign()];
    if (sa !== sb) return sa < sb ? -1 : 1;
    const [ma, mb] = [magnitude(this), magnitude(other)];
    if (sa === 0 || ma === mb) return compareAligned(this, other);
    return ma < mb === sa > 0 ? -1 : 1;
  }

  /** True when both quantities have the same value, whatever their format. */
  equals(other: Quantity): boolean {
    return this.cmp(other) === 0;
  }

  /** The exact sum; the result keeps this quantity's format unless this is zero, then it takes `other`'s. */
  add(other: Quantity): Quantity {
    const [a, b, exponent] = aligned(this, other);
    return new Quantity(a + b, exponent, this.isZero() ? other.format : this.format);
  }

  /** The exact difference; the format rule is add's. */
  sub(other: Quantity): Quantity {
    return this.add(other.neg());
  }

  /** The exact product with an integer, same format (Quantity.Mul). */
  mul(factor: number | bigint): Quantity {
    return new Quantity(this.unscaled * BigInt(factor), this.exponent, this.format);
  }

  /** The negated quantity, same format. */
  neg(): Quantity {
    return new Quantity(-this.unscaled, this.exponent, this.format);
  }

  /** The same value printed in another format. */
  withFormat(format: QuantityFormat): Quantity {
    return new Quantity(this.unscaled, this.exponent, format);
  }

  /** True when the value is zero. */
  isZero(): boolean {
    return this.unscaled === 0n;
  }

  /** -1, 0 or 1 by the sign of the value. */
  sign(): -1 | 0 | 1 {
    if (this.unscaled === 0n) return 0;
    return this.unscaled < 0n ? -1 : 1;
  }

  /** ceil(value / 10^scale) rounded away from zero, exactly, e.g. scaledValue(-3) is the milli-value. */
  scaledValue(scale: number): bigint {
    const shift = this.exponent - scale;
    if (shift >= 0) return this.unscaled * pow10(shift);
    if (absBig(this.unscaled).toString().length <= -shift) return BigInt(this.sign());
    return divideAwayFromZero(this.unscaled, pow10(-shift))[0];
  }

  /** The value rounded away from zero to an integer (Quantity.Value), as a number (±Infinity beyond float range). */
  value(): number {
    return this.numberAt(0);
  }

  /** The value in thousandths rounded away from zero (Quantity.MilliValue), as a number: `100m` gives 100. */
  milliValue(): number {
    return this.numberAt(-3);
  }

  private numberAt(scale: number): number {
    if (magnitude(this) - scale > MAX_FLOAT_DIGITS) return this.sign() * Number.POSITIVE_INFINITY;
    return Number(this.scaledValue(scale));
  }

  /** The value as a float, possibly inexact; for scoring and display only. */
  asApproximateFloat64(): number {
    return Number(this.unscaled) * 10 ** this.exponent;
  }
}

/** Decimal digits before the point of |q| (its order of magnitude plus one); only for non-zero q. */
function magnitude(q: Quantity): number {
  return absBig(q.unscaled).toString().length + q.exponent;
}

function compareAligned(a: Quantity, b: Quantity): -1 | 0 | 1 {
  const [x, y] = aligned(a, b);
  if (x === y) return 0;
  return x < y ? -1 : 1;
}

/** Both unscaled values brought to the smaller exponent, and that exponent. */
function aligned(a: Quantity, b: Quantity): [bigint, bigint, number] {
  const exponent = Math.min(a.exponent, b.exponent);
  return [a.unscaled * pow10(a.exponent - exponent), b.unscaled * pow10(b.exponent - exponent), exponent];
}

/** A quantity of the integer `value` in the given format (NewQuantity). */
export function newQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), 0, format);
}

/** A quantity of `value` thousandths in the given format (NewMilliQuantity): newMilliQuantity(100, 'DecimalSI') is `100m`. */
export function newMilliQuantity(value: number | bigint, format: QuantityFormat): Quantity {
  return new Quantity(BigInt(value), -3, format);
}

/**
 * The canonical text of a quantity (Quantity.CanonicalizeBytes): no fractional digits, the
 * largest exact suffix. BinarySI values below 1024 in magnitude, or not integral, print as
 * DecimalSI, as do BinarySI values past Ei; where no decimal suffix fits (beyond E, below n)
 * the exponent form is used (`1e21`), as current Kubernetes does.
 */
export function canonicalString(q: Quantity): string {
  if (q.isZero()) return '0';
  if (q.format !== 'BinarySI') return decimalString(q.unscaled, q.exponent, q.format);
  return binaryString(q) ?? decimalString(q.unscaled, q.exponent, 'DecimalSI');
}

function binaryString(q: Quantity): string | undefined {
  if (absBig(q.unscaled) * pow10(Math.max(q.exponent, 0)) < 1024n * pow10(Math.max(-q.exponent, 0))) return undefined;
  if (q.exponent < 0 && q.unscaled % pow10(-q.exponent) !== 0n) return undefined;
  let amount = q.scaledValue(0);
  let power = 0;
  while (amount % 1024n === 0n) {
    amount /= 1024n;
    power++;
  }
  // Past Ei there is no binary suffix: print the exact decimal form instead.
  const suffix = BINARY_SUFFIXES[power];
  return suffix === undefined ? undefined : `${amount}${suffix}`;
}

function decimalString(unscaled: bigint, exponent: number, format: QuantityFormat): string {
  let amount = unscaled;
  let exp = exponent;
  while (amount % 10n === 0n) {
    amount /= 10n;
    exp++;
  }
  while (exp % 3 !== 0) {
    amount *= 10n;
    exp--;
  }
  const suffix = format === 'DecimalSI' ? DECIMAL_SUFFIXES.get(exp) : undefined;
  if (suffix !== undefined) return `${amount}${suffix}`;
  return exp === 0 ? `${amount}` : `${amount}e${exp}`;
}
